"""Back-office pages of the postal service and of fees: the day's posted results ("Post" page, hand-over
list as PDF and xlsx, state entry), handing a result to the post and recording a dossier that came by
post (dossier page), counter payments with their e-receipts, refunds. Writes go through the postal and
payments services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.views import _act_and_return, staff_required
from motcua.core.audit import audit_read
from motcua.core.inputs import bounded_int, datetime_in_range
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossier_for_staff, holds_role, is_supervisor, user_roles
from motcua.organisation.models import StaffRole
from motcua.payments.models import LedgerEntry
from motcua.payments.selectors import fees_due, ledger_of, may_pay, refundable
from motcua.payments.services import payment_record_counter, payment_refund
from motcua.postal.models import Shipment
from motcua.postal.selectors import handover_list, shipments_of, shipments_visible_to
from motcua.postal.services import shipment_create, shipment_record_incoming, shipment_update_status

Role = StaffRole.Role


def _clerk(user: Any, dossier: Dossier) -> bool:
    return holds_role(user, dossier.agency_id, Role.RECEIVING_CLERK)


def dossier_panels(user: Any, dossier: Dossier) -> dict[str, Any]:
    """What the dossier page shows of shipments and fees, and which of their forms the user gets."""
    clerk = _clerk(user, dossier)
    return {
        "shipments": shipments_of(dossier),
        "shipment_statuses": Shipment.Status.choices,
        "may_post": clerk
        and dossier.status == Dossier.Status.FINISHED
        and dossier.result_delivery == Dossier.Delivery.POST,
        "may_record_incoming": clerk and dossier.channel == Dossier.Channel.POSTAL,
        "fees_due": fees_due(dossier),
        "ledger": ledger_of(dossier),
        "may_take_payment": clerk and may_pay(dossier),
        "refundable": refundable(dossier) if clerk else 0,
    }


def _dossier(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        raise Http404
    return dossier


def _lock_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("lock_version", "")
    return bounded_int(raw, field="lock_version") if raw else None


@staff_required
@require_POST
def post_handover(request: HttpRequest, code: str) -> HttpResponse:
    """Hand the result to the post (``shipment_create``)."""
    dossier = _dossier(request, code)
    data = request.POST

    def act() -> None:
        shipment_create(
            actor=request.user,
            dossier=dossier,
            tracking_number=data.get("tracking_number", ""),
            recipient=data.get("recipient", ""),
            address=data.get("address", ""),
            phone=data.get("phone", ""),
            fee=data.get("fee", ""),
            expected_lock_version=_lock_version(request),
        )

    return _act_and_return(request, code, act, _("The result is handed to the post."))


@staff_required
@require_POST
def post_incoming(request: HttpRequest, code: str) -> HttpResponse:
    """Record the envelope in which the applicant sent the dossier by post."""
    dossier = _dossier(request, code)
    data = request.POST

    def act() -> None:
        shipment_record_incoming(
            actor=request.user,
            dossier=dossier,
            tracking_number=data.get("tracking_number", ""),
            sender=data.get("sender", ""),
            fee=data.get("fee", ""),
        )

    return _act_and_return(request, code, act, _("The postal envelope is recorded."))


@staff_required
@require_POST
def payment_counter(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _dossier(request, code)
    return _act_and_return(
        request,
        code,
        lambda: payment_record_counter(
            actor=request.user,
            dossier=dossier,
            amount=request.POST.get("amount", ""),
            note=request.POST.get("note", ""),
        ),
        _("The payment is recorded; print the e-receipt from the fees list."),
    )


@staff_required
@require_POST
def payment_refund_view(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _dossier(request, code)
    return _act_and_return(
        request,
        code,
        lambda: payment_refund(
            actor=request.user,
            dossier=dossier,
            amount=request.POST.get("amount", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("The refund is recorded."),
    )


@staff_required
def payment_receipt(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    from motcua.payments.documents import receipt_pdf

    dossier = _dossier(request, code)
    entry = get_object_or_404(
        LedgerEntry.objects.select_related("dossier__agency", "dossier__version", "actor"),
        pk=pk,
        dossier=dossier,
        kind=LedgerEntry.Kind.PAYMENT,
    )
    audit_read(action="receipt.downloaded", actor=request.user, obj=entry, code=code, via="backoffice")
    response = HttpResponse(receipt_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{entry.pk}.pdf"'
    return response


# --- the "Post" page ------------------------------------------------------------------------------------


def _may_use_post_page(user: Any) -> bool:
    return is_supervisor(user) or any(role == Role.RECEIVING_CLERK for _agency, role in user_roles(user))


def _day(raw: str) -> dt.date:
    if not raw:
        return timezone.localdate()
    try:
        return datetime_in_range(f"{raw}T12:00", field="day").date()
    except ValidationError:
        raise Http404 from None


@staff_required
def post_page(request: HttpRequest) -> HttpResponse:
    """The shipments handed to the post on a day (today by default), their states, the hand-over list."""
    if not _may_use_post_page(request.user):
        raise PermissionDenied(_("The post page is for receiving clerks."))
    day = _day(request.GET.get("ngay", ""))
    return render(
        request,
        "backoffice/post.html",
        {
            "day": day,
            "shipments": handover_list(request.user, day),
            "statuses": Shipment.Status.choices,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
        },
    )


@staff_required
def post_handover_list(request: HttpRequest, day: str, fmt: str) -> HttpResponse:
    from motcua.postal.documents import handover_pdf, handover_xlsx

    if fmt not in {"pdf", "xlsx"}:
        raise Http404
    if not _may_use_post_page(request.user):
        raise PermissionDenied(_("The post page is for receiving clerks."))
    date = _day(day)
    shipments = handover_list(request.user, date)
    audit_read(action="handover.downloaded", actor=request.user, day=date.isoformat(), count=len(shipments))
    if fmt == "pdf":
        response = HttpResponse(handover_pdf(shipments, date), content_type="application/pdf")
    else:
        response = HttpResponse(
            handover_xlsx(shipments, date),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="ban-giao-buu-chinh-{date:%Y-%m-%d}.{fmt}"'
    return response


@staff_required
@require_POST
def post_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter a shipment's state (from the Post page or the dossier page)."""
    from django.contrib import messages

    from motcua.dossiers.errors import DossierError

    shipment = get_object_or_404(shipments_visible_to(request.user), pk=pk)
    back = request.POST.get("back", "")
    target = (
        reverse("backoffice:dossier", args=[shipment.dossier.code])
        if back == "dossier"
        else f"{reverse('backoffice:post')}?ngay={timezone.localtime(shipment.handed_over_at):%Y-%m-%d}"
    )
    try:
        shipment_update_status(
            shipment=shipment,
            status=request.POST.get("status", ""),
            actor=request.user,
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The shipment's state is saved."))
    return redirect(target)
