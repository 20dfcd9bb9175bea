"""Writes to the fee ledger: counter payments (with an e-receipt), online payments through the gateway
(an order, then the gateway's signed notification: idempotent, its amount checked against the order,
which was what was due), refunds. When nothing is left to pay, ``dossier_pay_fees`` marks the dossier
paid and resumes one that waited for its fees."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.inputs import bounded_decimal, text_within
from motcua.dossiers.errors import DossierError, IllegalTransition, NotPermitted
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import holds_role
from motcua.dossiers.services import dossier_pay_fees
from motcua.organisation.models import StaffRole
from motcua.payments import gateway as gw
from motcua.payments.models import LedgerEntry, PaymentOrder
from motcua.payments.selectors import fees_due, may_pay, reception_fee, refundable

K = LedgerEntry.Kind
M = LedgerEntry.Method
MAX_AMOUNT = Decimal(10) ** 12


class PaymentRefused(Exception):
    """A gateway notification that is not taken: ``code`` is the answer the gateway gets."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _lock_dossier(dossier: Dossier) -> Dossier:
    """The dossier row locked: ledger writes of one dossier happen one at a time."""
    return Dossier.objects.select_for_update(of=("self",)).select_related("agency").get(pk=dossier.pk)


def _entry(
    dossier: Dossier, *, kind: str, amount: Decimal, at: dt.datetime, actor: Any = None, **fields: Any
) -> LedgerEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return LedgerEntry.objects.create(
        dossier=dossier,
        kind=kind,
        amount=amount,
        currency=dossier.fee_currency,
        at=at,
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        **fields,
    )


def _ensure_charge(dossier: Dossier, at: dt.datetime) -> None:
    """The reception's fee becomes the ledger's first charge when the first payment is recorded."""
    if not LedgerEntry.objects.filter(dossier=dossier).exists() and not dossier.fee_paid:
        fee = reception_fee(dossier)
        if fee > 0:
            _entry(dossier, kind=K.CHARGE, amount=fee, at=at, note="Phí, lệ phí khi tiếp nhận")


def _settle(dossier: Dossier, *, actor: Any, reference: str, at: dt.datetime) -> None:
    """Nothing is left to pay: the dossier's fee is marked paid (and a dossier waiting for it resumes)."""
    if fees_due(dossier) > 0 or (dossier.fee_paid and dossier.status != Dossier.Status.FEES_DUE):
        return
    try:
        with transaction.atomic():
            dossier_pay_fees(actor=actor, dossier=dossier, at=at, payment_reference=reference)
    except DossierError:
        pass  # a dossier closed meanwhile keeps its status; the payment stays in the ledger


def _amount(value: Any, field: str = "amount") -> Decimal:
    amount = bounded_decimal(value, field=field, minimum=Decimal(1), maximum=MAX_AMOUNT)
    if amount != amount.to_integral_value():
        raise ValidationError({field: [_("Amounts are whole đồng.")]})
    return amount


def _require_clerk(actor: Any, dossier: Dossier) -> None:
    if not holds_role(actor, dossier.agency_id, StaffRole.Role.RECEIVING_CLERK):
        raise NotPermitted(_("Only a receiving clerk of %(agency)s may do this.") % {"agency": dossier.agency.name})


@transaction.atomic
def payment_record_counter(
    *, actor: Any, dossier: Dossier, amount: Any, note: str = "", at: dt.datetime | None = None
) -> LedgerEntry:
    """The applicant pays at the counter, at most what is due; the entry is the e-receipt."""
    when = at or timezone.now()
    paid = _amount(amount)
    note = text_within(note or "", field="note", max_length=500)
    dossier = _lock_dossier(dossier)
    _require_clerk(actor, dossier)
    if not may_pay(dossier):
        raise IllegalTransition(_("Nothing is to be paid for this dossier now."))
    due = fees_due(dossier)
    if paid > due:
        raise ValidationError(
            {"amount": [_("More than is due (%(due)s).") % {"due": f"{int(due):,}".replace(",", ".")}]}
        )
    _ensure_charge(dossier, when)
    entry = _entry(dossier, kind=K.PAYMENT, amount=paid, at=when, actor=actor, method=M.COUNTER, note=note)
    audit_log(action="payment.recorded", actor=actor, obj=entry, code=dossier.code, amount=str(paid), method=M.COUNTER)
    _settle(dossier, actor=actor, reference=f"BL {entry.receipt_number}", at=when)
    return entry


@transaction.atomic
def payment_refund(
    *, actor: Any, dossier: Dossier, amount: Any, reason: str, at: dt.datetime | None = None
) -> LedgerEntry:
    """Money paid goes back to the applicant (at most what was paid and not yet refunded), with the reason."""
    when = at or timezone.now()
    refund = _amount(amount)
    reason = text_within(reason or "", field="reason", max_length=500)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the refund.")]})
    dossier = _lock_dossier(dossier)
    _require_clerk(actor, dossier)
    available = refundable(dossier)
    if refund > available:
        raise ValidationError({"amount": [_("More than was paid and not yet refunded.")]})
    entry = _entry(dossier, kind=K.REFUND, amount=refund, at=when, actor=actor, method=M.COUNTER, note=reason)
    audit_log(action="payment.refunded", actor=actor, obj=entry, code=dossier.code, amount=str(refund))
    return entry


# --- online --------------------------------------------------------------------------------------------


def _order_reference() -> str:
    return f"MC{timezone.localtime():%y%m%d}{secrets.token_hex(6).upper()}"


@transaction.atomic
def payment_order_create(*, dossier: Dossier, return_url: str) -> tuple[PaymentOrder, str]:
    """An online payment of everything due, for the applicant who looked the dossier up: the order and the
    gateway URL to send the browser to."""
    dossier = _lock_dossier(dossier)
    if not may_pay(dossier):
        raise IllegalTransition(_("Nothing is to be paid for this dossier now."))
    gateway = gw.gateway()
    order = PaymentOrder.objects.create(
        dossier=dossier,
        reference=_order_reference(),
        amount=fees_due(dossier),
        currency=dossier.fee_currency,
        gateway=gateway.name,
    )
    audit_log(action="payment.order_created", obj=order, code=dossier.code, amount=str(order.amount))
    url = gateway.redirect_url(
        reference=order.reference,
        amount=order.amount,
        description=f"Thanh toan phi ho so {dossier.code}",
        return_url=return_url,
    )
    return order, url


@transaction.atomic
def payment_notification_handle(fields: Mapping[str, str], *, at: dt.datetime | None = None) -> PaymentOrder:
    """The gateway's server-to-server notification for an order: signature, merchant, order and amount
    checked; a successful payment enters the ledger once (the order's reference is the payment's unique
    reference), a failure closes the order. A notification for an order already closed changes nothing
    (PaymentRefused "02"); the gateway stops retrying on "00" and "02"."""
    when = at or timezone.now()
    if not gw.signature_valid(fields):
        raise PaymentRefused("97", _("Invalid signature."))
    if str(fields.get("merchant", "")) != gw.gateway().merchant:
        raise PaymentRefused("03", _("Unknown merchant."))
    order = PaymentOrder.objects.select_for_update().filter(reference=str(fields.get("order", ""))).first()
    if order is None:
        raise PaymentRefused("01", _("Order not found."))
    if order.status != PaymentOrder.Status.PENDING:
        raise PaymentRefused("02", _("Order already confirmed."))
    if str(fields.get("amount", "")) != gw.amount_text(order.amount):
        raise PaymentRefused("04", _("Invalid amount."))
    code = str(fields.get("code", ""))
    order.transaction = str(fields.get("transaction", ""))[:64]
    order.response_code = code[:8]
    order.closed_at = when
    dossier = _lock_dossier(order.dossier)
    if code != gw.PAID:
        order.status = PaymentOrder.Status.FAILED
        order.save(update_fields=["status", "transaction", "response_code", "closed_at"])
        audit_log(action="payment.failed", obj=order, code=dossier.code, response_code=code)
        return order
    _ensure_charge(dossier, when)
    try:
        with transaction.atomic():
            entry = _entry(
                dossier,
                kind=K.PAYMENT,
                amount=order.amount,
                at=when,
                method=M.ONLINE,
                reference=order.reference,
                note=f"{order.gateway} {order.transaction}".strip(),
            )
    except IntegrityError:
        raise PaymentRefused("02", _("Order already confirmed.")) from None
    order.status = PaymentOrder.Status.PAID
    order.save(update_fields=["status", "transaction", "response_code", "closed_at"])
    audit_log(action="payment.recorded", obj=entry, code=dossier.code, amount=str(order.amount), method=M.ONLINE)
    _settle(dossier, actor=None, reference=order.reference, at=when)
    return order
