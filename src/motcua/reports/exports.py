"""The statistics report as a table, an xlsx workbook (cells escaped against formula injection) and an
A4 PDF (through documents.rendering.html_to_pdf). Labels are translated; the PDF is in Vietnamese."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from motcua.core.spreadsheet import row_escape
from motcua.documents.rendering import html_to_pdf
from motcua.reports.figures import flat_rows

LABELS: dict[str, Any] = {
    "procedures.total": _("Procedures in use"),
    "procedures.by_agency_kind.ministry": _("… of ministries"),
    "procedures.by_agency_kind.peoples_committee": _("… of people's committees"),
    "procedures.by_agency_kind.department": _("… of provincial departments"),
    "procedures.by_agency_kind.police": _("… of the police"),
    "procedures.by_agency_kind.utility": _("… of utility companies"),
    "procedures.by_agency_kind.centre": _("… of the service centre"),
    "procedures.by_agency_kind.unit": _("… of other units"),
    "procedures.by_agency_kind.other": _("… of other agencies"),
    "procedures.five_on_site.count": _("Departments' five-on-site procedures"),
    "procedures.five_on_site.of": _("Departments' procedures"),
    "procedures.five_on_site.rate": _("Five-on-site rate (%)"),
    "dossiers.received": _("Dossiers received"),
    "dossiers.resolved": _("Dossiers resolved"),
    "dossiers.on_time_or_early": _("Resolved on time or early"),
    "dossiers.late": _("Resolved late"),
    "dossiers.online": _("Received online"),
    "dossiers.online_rate": _("Online rate (%)"),
    "guidance_sessions": _("Guidance sessions"),
    "hotline_calls": _("Hotline calls"),
    "sms_sent": _("SMS sent"),
    "sms_cost.parts": _("SMS parts"),
    "sms_cost.cost": _("SMS cost (VND)"),
    "postal_returns": _("Results sent by post"),
    "signed_results": _("Signed electronic results"),
    "surveys.total": _("Survey answers"),
    "surveys.satisfaction.very_satisfied": _("Very satisfied"),
    "surveys.satisfaction.satisfied": _("Satisfied"),
    "surveys.satisfaction.neutral": _("Neutral"),
    "surveys.satisfaction.dissatisfied": _("Dissatisfied"),
    "surveys.attitude.very_polite": _("Staff very polite"),
    "surveys.attitude.normal": _("Staff attitude normal"),
    "surveys.attitude.impolite": _("Staff impolite"),
}


def shown(value: Any) -> str:
    """A figure as people read it: N/A for a rate without a denominator, rates with 2 decimals."""
    if value is None:
        return str(_("N/A"))
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def figure_rows(figures: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """``(key, label, value)`` for every labelled figure, in the report's order."""
    values = dict(flat_rows(figures))
    return [(key, str(label), values.get(key)) for key, label in LABELS.items()]


def figures_table(figures: dict[str, Any]) -> str:
    rows = [(label, shown(value)) for _key, label, value in figure_rows(figures)]
    width = max(len(label) for label, _value in rows)
    lines = [f"{figures['period']['from']} … {figures['period']['to']}"]
    lines += [f"{label.ljust(width)}  {value}" for label, value in rows]
    if figures["late_agencies"]:
        lines.append(str(_("Late inter-agency dossiers: minutes over budget by agency")))
        lines += [
            f"  {r['identifier']} {r['name']}: {r['dossiers']} / +{r['overrun_minutes']} min"
            for r in figures["late_agencies"]
        ]
    return "\n".join(lines) + "\n"


def figures_xlsx(figures: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bao cao"
    sheet.append(row_escape([str(_("Figure")), "key", str(_("Value"))]))
    sheet.append(row_escape([str(_("Period")), "period", f"{figures['period']['from']} … {figures['period']['to']}"]))
    for key, label, value in figure_rows(figures):
        sheet.append(row_escape([label, key, value]))
    late = book.create_sheet("Tre han lien thong")
    late.append(
        row_escape(
            [str(_("Agency")), "identifier", "dossiers", "steps", "budget_minutes", "used_minutes", "overrun_minutes"]
        )
    )
    for r in figures["late_agencies"]:
        late.append(
            row_escape(
                [
                    r["name"],
                    r["identifier"],
                    r["dossiers"],
                    r["steps"],
                    r["budget_minutes"],
                    r["used_minutes"],
                    r["overrun_minutes"],
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def figures_pdf(figures: dict[str, Any]) -> bytes:
    """A4, Vietnamese."""
    with translation.override("vi"):
        html = render_to_string(
            "reports/statistics_pdf.html",
            {
                "figures": figures,
                "rows": [(label, shown(value)) for _key, label, value in figure_rows(figures)],
                "province": settings.PROVINCE_NAME,
            },
        )
    return html_to_pdf(html)
