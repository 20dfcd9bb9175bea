"""The dossier register (form 07) of one agency for a period: /backoffice/so-theo-doi/, as an A4 PDF or xlsx.

Open to the agency's own staff (clerk, officer, head) and to supervisors; every download is an audited
read (the register lists applicants' names, addresses and phones)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.backoffice.views import staff_required
from motcua.core.audit import audit_read
from motcua.core.inputs import date_in_range
from motcua.documents.slips import register_pdf, register_xlsx
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import is_agency_staff, is_supervisor, user_roles
from motcua.organisation.models import Agency

MAX_DAYS = 366


def register_agencies(user: Any) -> list[Agency]:
    """The agencies whose register ``user`` may print: every agency for a supervisor, else their own."""
    if is_supervisor(user):
        return list(Agency.objects.order_by("identifier"))
    ids = {agency_id for agency_id, _role in user_roles(user)}
    return [a for a in Agency.objects.filter(pk__in=ids).order_by("identifier") if is_agency_staff(user, a.pk)]


def _period(data: dict[str, str]) -> tuple[dt.date, dt.date]:
    start = date_in_range(data["from"], field="from")
    end = date_in_range(data["to"], field="to")
    if end < start:
        raise ValidationError({"to": [_("The end of the period is before its start.")]})
    if (end - start).days >= MAX_DAYS:
        raise ValidationError({"to": [_("A register covers at most one year.")]})
    return start, end


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = register_agencies(request.user)
    today = timezone.localdate()
    data = {
        "from": request.GET.get("from") or today.replace(day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
        "agency": request.GET.get("agency") or (str(agencies[0].pk) if agencies else ""),
        "format": request.GET.get("format", ""),
    }
    context: dict[str, Any] = {"agencies": agencies, "data": data}
    agency = next((a for a in agencies if str(a.pk) == data["agency"]), None)
    try:
        if agency is None:
            raise ValidationError({"agency": [_("Choose one of your agencies.")]})
        start, end = _period(data)
    except ValidationError as exc:
        context["errors"] = [" ".join(v) for v in exc.message_dict.values()]
        return render(request, "backoffice/register.html", context, status=400 if request.GET else 200)
    if data["format"] not in {"pdf", "xlsx"}:
        return render(request, "backoffice/register.html", context)
    dossiers = list(
        Dossier.objects.filter(
            agency=agency,
            received_at__date__gte=start,
            received_at__date__lte=end,
        )
        .select_related("version")
        .order_by("received_at", "id")
    )
    audit_read(
        action="register.downloaded",
        actor=request.user,
        obj=agency,
        start=start.isoformat(),
        end=end.isoformat(),
        rows=len(dossiers),
        format=data["format"],
    )
    stem = f"so-theo-doi-{agency.identifier}-{start:%Y%m%d}-{end:%Y%m%d}"
    if data["format"] == "xlsx":
        response = HttpResponse(
            register_xlsx(dossiers), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    response = HttpResponse(register_pdf(dossiers, start=start, end=end, agency=agency), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
    return response
