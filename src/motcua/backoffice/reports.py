"""The statistics dashboard (/backoffice/bao-cao/): the report's figures for a period, an agency and a
level, with CSS bar charts (no script, no CDN) and xlsx/PDF downloads. Supervisors only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.backoffice.views import staff_required
from motcua.core.replicas import replica_reads
from motcua.dossiers.permissions import is_supervisor
from motcua.organisation.models import Agency
from motcua.reports.exports import figure_rows, figures_pdf, figures_xlsx, shown
from motcua.reports.figures import report_figures
from motcua.reports.params import report_params
from motcua.reports.quality import quality_index, quality_ranking
from motcua.reports.templates import monthly_template, template_pdf, template_report, template_xlsx


def _bars(figures: dict[str, Any], keys: list[str], whole: int) -> list[dict[str, Any]]:
    rows = {key: (label, value) for key, label, value in figure_rows(figures)}
    return [
        {
            "label": rows[key][0],
            "value": rows[key][1],
            "width": round(100 * (rows[key][1] or 0) / whole) if whole else 0,
        }
        for key in keys
    ]


@staff_required
def statistics(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a centre supervisor sees the centre's statistics."))
    today = timezone.localdate()
    data = {
        "from": request.GET.get("from") or today.replace(day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
        "agency": request.GET.get("agency", ""),
        "level": request.GET.get("level", ""),
    }
    context: dict[str, Any] = {
        "data": data,
        "agencies": Agency.objects.order_by("identifier").only("id", "identifier", "name"),
        "levels": Agency.Level.choices,
    }
    try:
        params = report_params(start=data["from"], end=data["to"], agency=data["agency"], level=data["level"])
    except ValidationError as exc:
        context["errors"] = [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
        return render(request, "backoffice/statistics.html", context, status=400)
    with replica_reads():  # the figures may lag a moment behind the counters; the page's menu and roles may not
        figures = report_figures(start=params.start, end=params.end, agency=params.agency, level=params.level)
    download = request.GET.get("download", "")
    stem = f"bao-cao-{params.start:%Y%m%d}-{params.end:%Y%m%d}"
    if download == "xlsx":
        response = HttpResponse(
            figures_xlsx(figures), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if download == "pdf":
        response = HttpResponse(figures_pdf(figures), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    if download in {"template-xlsx", "template-pdf"}:
        index = quality_index(start=params.start, end=params.end, agency=params.agency, level=params.level)
        report = template_report(template=monthly_template(), figures=figures, index=index)
        if download == "template-xlsx":
            response = HttpResponse(
                template_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}-mau.xlsx"'
        else:
            response = HttpResponse(template_pdf(report), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{stem}-mau.pdf"'
        return response
    received = figures["dossiers"]["received"]
    context.update(
        {
            "figures": figures,
            "rows": [(label, shown(value)) for _key, label, value in figure_rows(figures)],
            "dossier_bars": _bars(
                figures,
                [
                    "dossiers.received",
                    "dossiers.resolved",
                    "dossiers.on_time_or_early",
                    "dossiers.late",
                    "dossiers.online",
                ],
                received,
            ),
            "survey_bars": _bars(
                figures,
                [f"surveys.satisfaction.{v}" for v in ("very_satisfied", "satisfied", "neutral", "dissatisfied")],
                figures["surveys"]["total"],
            ),
            "query": f"from={params.start:%Y-%m-%d}&to={params.end:%Y-%m-%d}"
            + (f"&agency={params.agency.pk}" if params.agency else "")
            + (f"&level={params.level}" if params.level else ""),
        }
    )
    return render(request, "backoffice/statistics.html", context)


@staff_required
def quality(request: HttpRequest) -> HttpResponse:
    """The Decision 766 quality index of a scope, group by group, with each indicator's numerator and
    denominator (why a score is what it is), and the ranking of the levels and agencies."""
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a centre supervisor sees the centre's statistics."))
    today = timezone.localdate()
    data = {
        "from": request.GET.get("from") or today.replace(day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
        "agency": request.GET.get("agency", ""),
        "level": request.GET.get("level", ""),
    }
    context: dict[str, Any] = {
        "data": data,
        "agencies": Agency.objects.order_by("identifier").only("id", "identifier", "name"),
        "levels": Agency.Level.choices,
    }
    try:
        params = report_params(start=data["from"], end=data["to"], agency=data["agency"], level=data["level"])
    except ValidationError as exc:
        context["errors"] = [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
        return render(request, "backoffice/quality.html", context, status=400)
    context["index"] = quality_index(start=params.start, end=params.end, agency=params.agency, level=params.level)
    if params.agency is None and params.level is None:
        context["ranking"] = quality_ranking(start=params.start, end=params.end)
    return render(request, "backoffice/quality.html", context)
