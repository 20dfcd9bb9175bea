"""Catalogue governance (#13) for the centre's administrators and supervisors: amended legal bases and the
procedures they flag, the publication workflow of draft versions (decision → catalogue updated → public
listing), the inter-agency procedures lacking per-agency limits, and the timeliness report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.views import staff_required
from motcua.catalogue.models import LegalAmendment, Procedure, ProcedureVersion
from motcua.catalogue.selectors import (
    flagged_procedures,
    inter_agency_report,
    listing_deadline,
    publication_state,
    timeliness_report,
)
from motcua.catalogue.services import (
    legal_basis_amend,
    procedure_catalogue_update,
    procedure_decision_record,
    procedure_publish,
    procedure_review_done,
)
from motcua.dossiers.permissions import user_roles
from motcua.organisation.models import Agency, StaffRole
from motcua.reports.params import _date, report_params


def can_govern(user: Any) -> bool:
    return any(role in {StaffRole.Role.ADMINISTRATOR, StaffRole.Role.SUPERVISOR} for _a, role in user_roles(user))


def _require(request: HttpRequest) -> None:
    if not can_govern(request.user):
        raise PermissionDenied(_("Only the centre's administrators and supervisors govern the catalogue."))


def _errors(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = (
        [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()] if hasattr(exc, "error_dict") else exc.messages
    )
    return render(request, "backoffice/staffing/error.html", {"errors": errors}, status=400)


@staff_required
def catalogue_home(request: HttpRequest) -> HttpResponse:
    _require(request)
    today = timezone.localdate()
    drafts = []
    for version in (
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.DRAFT)
        .select_related("procedure")
        .order_by("procedure__code", "id")[:200]
    ):
        deadline = listing_deadline(version.decision_date) if version.decision_date else None
        drafts.append((version, deadline, publication_state(version, today) if deadline else ""))
    return render(
        request,
        "backoffice/governance/home.html",
        {
            "flagged": flagged_procedures(),
            "amendments": LegalAmendment.objects.all()[:20],
            "kinds": LegalAmendment.Kind.choices,
            "drafts": drafts,
            "inter_agency": inter_agency_report(),
            "today": today,
        },
    )


@staff_required
@require_POST
def amendment_new(request: HttpRequest) -> HttpResponse:
    _require(request)
    try:
        decided_on = _date(request.POST.get("decided_on"), "decided_on")
        amendment = legal_basis_amend(
            actor=request.user,
            number=request.POST.get("number", "")[:200],
            new_number=request.POST.get("new_number", "")[:200],
            new_title=request.POST.get("new_title", "")[:2000],
            kind=request.POST.get("kind", ""),
            decided_on=decided_on,
        )
    except ValidationError as exc:
        return _errors(request, exc)
    messages.success(request, _("Recorded: %(count)d procedures flagged for review.") % {"count": amendment.flagged})
    return redirect("backoffice:catalogue")


@staff_required
@require_POST
def procedure_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    procedure = get_object_or_404(Procedure, pk=pk)
    try:
        next_text = request.POST.get("next_review", "").strip()
        next_review = _date(next_text, "next_review") if next_text else None
        procedure_review_done(actor=request.user, procedure=procedure, next_review=next_review)
    except ValidationError as exc:
        return _errors(request, exc)
    messages.success(request, _("Review of %(code)s recorded.") % {"code": procedure.code})
    return redirect("backoffice:catalogue")


@staff_required
@require_POST
def version_step(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of the publication workflow of a draft version: ``decision``, ``updated`` or ``publish``."""
    _require(request)
    version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
    step = request.POST.get("step", "")
    try:
        if step == "decision":
            procedure_decision_record(
                actor=request.user,
                version=version,
                decision_number=request.POST.get("decision_number", "")[:200],
                decision_date=_date(request.POST.get("decision_date"), "decision_date"),
            )
        elif step == "updated":
            procedure_catalogue_update(actor=request.user, version=version)
        elif step == "publish":
            if version.status != ProcedureVersion.Status.DRAFT:
                raise ValidationError(_("Only a draft version is published."))
            procedure_publish(version=version, actor=request.user)
        else:
            raise ValidationError(_("Unknown step."))
    except ValidationError as exc:
        return _errors(request, exc)
    messages.success(request, _("Done: %(code)s.") % {"code": version.procedure.code})
    return redirect("backoffice:catalogue")


@staff_required
def timeliness(request: HttpRequest) -> HttpResponse:
    _require(request)
    today = timezone.localdate()
    data = {
        "from": request.GET.get("from") or today.replace(month=1, day=1).isoformat(),
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
        return render(request, "backoffice/governance/timeliness.html", context, status=400)
    rows = timeliness_report(
        start=params.start,
        end=params.end,
        today=today,
        agency_id=params.agency.pk if params.agency else None,
        level=params.level or "",
    )
    context["rows"] = rows
    context["totals"] = {key: sum(getattr(r, key) for r in rows) for key in ("on_time", "late", "pending", "overdue")}
    return render(request, "backoffice/governance/timeliness.html", context)
