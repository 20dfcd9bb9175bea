"""Writes to shipments. Posting a result is a dossier action too (``dossier_hand_to_post``), and a result
the post brings back reopens the dossier's return step (``dossier_post_returned``): both in the same
transaction as the shipment's row, so a refused action leaves no shipment behind.

The postal service reports states through a callback (``api/postal.py``) whose body is signed with
HMAC-SHA256 under ``MOTCUA_POSTAL_CALLBACK_SECRET`` (``callback_signature_valid``); the same event sent
twice is recorded once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.inputs import bounded_decimal, text_within
from motcua.dossiers.errors import DossierError, IllegalTransition, NotPermitted
from motcua.dossiers.identity import normalize_phone
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import holds_role, is_agency_staff
from motcua.dossiers.services import dossier_hand_to_post, dossier_post_returned
from motcua.organisation.models import StaffRole
from motcua.postal.models import Shipment, ShipmentEvent

St = Shipment.Status
MAX_POSTAGE = Decimal(100_000_000)
# The states a shipment may move to from each state. A state reported again, or an older one reported
# after a newer one (callbacks arrive out of order), changes nothing.
NEXT_STATES: dict[str, frozenset[str]] = {
    St.HANDED_OVER: frozenset({St.IN_TRANSIT, St.DELIVERED, St.RETURNED_TO_SENDER}),
    St.IN_TRANSIT: frozenset({St.DELIVERED, St.RETURNED_TO_SENDER}),
    St.DELIVERED: frozenset(),
    St.RETURNED_TO_SENDER: frozenset(),
}


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    text = text_within(value or "", field=field, max_length=limit)
    if required and not text:
        raise ValidationError({field: [_("This field is required.")]})
    return text


def _phone(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None


def _fee(value: Any) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    return bounded_decimal(value, field="fee", minimum=Decimal(0), maximum=MAX_POSTAGE)


def _tracking(value: Any) -> str:
    tracking = _text(value, "tracking_number", 64, required=True).upper()
    if Shipment.objects.filter(tracking_number=tracking).exists():
        raise ValidationError({"tracking_number": [_("Another shipment already has this tracking number.")]})
    return tracking


@transaction.atomic
def shipment_create(
    *,
    actor: Any,
    dossier: Dossier,
    tracking_number: str,
    recipient: str = "",
    address: str = "",
    phone: str = "",
    fee: Any = 0,
    at: dt.datetime | None = None,
    expected_lock_version: int | None = None,
) -> Shipment:
    """Hand the result of ``dossier`` (whose applicant asked for it by post) to the post: a shipment to the
    applicant (recipient, address and phone default to the applicant's) and the dossier returned."""
    when = at or timezone.now()
    tracking = _tracking(tracking_number)
    recipient = _text(recipient or dossier.applicant_name, "recipient", 255, required=True)
    address = _text(address or dossier.applicant_address, "address", 500, required=True)
    phone = _phone(phone or dossier.applicant_phone)
    postage = _fee(fee)
    dossier = dossier_hand_to_post(
        actor=actor, dossier=dossier, tracking_number=tracking, at=when, expected_lock_version=expected_lock_version
    )
    shipment = Shipment.objects.create(
        dossier=dossier,
        direction=Shipment.Direction.TO_APPLICANT,
        recipient=recipient,
        address=address,
        phone=phone,
        fee=postage,
        tracking_number=tracking,
        status=St.HANDED_OVER,
        at=when,
        handed_over_at=when,
        created_by=actor,
    )
    ShipmentEvent.objects.create(shipment=shipment, status=St.HANDED_OVER, at=when, source="staff", actor=actor)
    audit_log(action="shipment.created", actor=actor, obj=shipment, code=dossier.code, tracking=tracking)
    return shipment


@transaction.atomic
def shipment_record_incoming(
    *,
    actor: Any,
    dossier: Dossier,
    tracking_number: str,
    sender: str = "",
    address: str = "",
    phone: str = "",
    fee: Any = 0,
    at: dt.datetime | None = None,
) -> Shipment:
    """A dossier the applicant sent by post has arrived: recorded as a delivered shipment from the
    applicant, by a receiving clerk of the receiving agency."""
    when = at or timezone.now()
    if not holds_role(actor, dossier.agency_id, StaffRole.Role.RECEIVING_CLERK):
        raise NotPermitted(_("Only a receiving clerk of %(agency)s may do this.") % {"agency": dossier.agency.name})
    tracking = _tracking(tracking_number)
    shipment = Shipment.objects.create(
        dossier=dossier,
        direction=Shipment.Direction.FROM_APPLICANT,
        recipient=_text(sender or dossier.applicant_name, "sender", 255, required=True),
        address=_text(address or dossier.applicant_address or "—", "address", 500, required=True),
        phone=_phone(phone or dossier.applicant_phone),
        fee=_fee(fee),
        tracking_number=tracking,
        status=St.DELIVERED,
        at=when,
        handed_over_at=when,
        created_by=actor,
    )
    ShipmentEvent.objects.create(shipment=shipment, status=St.DELIVERED, at=when, source="staff", actor=actor)
    audit_log(action="shipment.received", actor=actor, obj=shipment, code=dossier.code, tracking=tracking)
    return shipment


def _event_key(key: str, status: str, at: dt.datetime) -> str:
    return (key or f"{status}@{at.isoformat()}")[:100]


@transaction.atomic
def shipment_update_status(
    *,
    shipment: Shipment,
    status: str,
    actor: Any = None,
    source: str = ShipmentEvent.Source.STAFF,
    at: dt.datetime | None = None,
    note: str = "",
    key: str = "",
) -> tuple[Shipment, bool]:
    """Move ``shipment`` to ``status``; returns the shipment and whether anything changed. From staff
    (``actor``, a staff member of the dossier's agency) or from the post's verified callback (``source``
    callback, no actor; ``key`` its event id). The same event twice, a state reported again or an older
    state arriving after a newer one change nothing (False). A result brought back (returned to sender)
    reopens the dossier's return step."""
    when = at or timezone.now()
    if status not in St.values:
        raise ValidationError({"status": [_("Unknown shipment status.")]})
    note = _text(note, "note", 500)
    callback = source == ShipmentEvent.Source.CALLBACK
    locked = Shipment.objects.select_for_update().select_related("dossier__agency").get(pk=shipment.pk)
    if not callback and not is_agency_staff(actor, locked.dossier.agency_id):
        raise NotPermitted(
            _("Only staff of %(agency)s may enter this shipment's state.") % {"agency": locked.dossier.agency.name}
        )
    event_key = _event_key(key, status, when) if callback else ""
    if event_key and locked.events.filter(key=event_key).exists():
        return locked, False
    if status not in NEXT_STATES[locked.status]:
        if callback or status == locked.status:
            return locked, False
        raise IllegalTransition(
            _("A shipment that is “%(current)s” cannot become “%(next)s”.")
            % {"current": locked.get_status_display(), "next": St(status).label}
        )
    try:
        with transaction.atomic():
            ShipmentEvent.objects.create(
                shipment=locked, status=status, at=when, source=source, actor=actor, note=note, key=event_key
            )
    except IntegrityError:  # the same callback raced in: the other one recorded it
        return locked, False
    locked.status = status
    locked.at = when
    locked.save(update_fields=["status", "at", "updated_at"])
    if status == St.RETURNED_TO_SENDER and locked.direction == Shipment.Direction.TO_APPLICANT:
        reason = note or _("Returned by the post: %(tracking)s") % {"tracking": locked.tracking_number}
        try:
            dossier_post_returned(actor=None if callback else actor, dossier=locked.dossier, note=reason, at=when)
        except DossierError:
            if not callback:
                raise
    audit_log(
        action="shipment.status_changed",
        actor=actor,
        obj=locked,
        code=locked.dossier.code,
        status=status,
        source=source,
    )
    return locked, True


# --- the callback's signature ------------------------------------------------------------------------


def callback_secret() -> str:
    return str(getattr(settings, "POSTAL_CALLBACK_SECRET", "") or "")


def callback_signature(body: bytes, secret: str | None = None) -> str:
    """``sha256=<hex HMAC-SHA256 of the raw body>``, the value of the X-Motcua-Signature header."""
    key = (secret if secret is not None else callback_secret()).encode()
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def callback_signature_valid(body: bytes, header: str) -> bool:
    """The header signs ``body`` with the configured secret; always False while no secret is configured."""
    if not callback_secret():
        return False
    return hmac.compare_digest(callback_signature(body).encode(), (header or "").strip().encode())


@transaction.atomic
def shipment_import(*, at: dt.datetime, dossier: Dossier, direction: str, tracking_number: str, status: str) -> str:
    """One shipment of the previous one-stop system (historical import): written as history, the dossier
    left as imported. Idempotent by tracking number; returns "created", "updated" or "unchanged"."""
    if direction not in Shipment.Direction.values:
        raise ValidationError({"direction": [_("Unknown direction.")]})
    if status not in Shipment.Status.values:
        raise ValidationError({"status": [_("Unknown shipment status.")]})
    tracking = _tracking(tracking_number)
    existing = Shipment.objects.filter(tracking_number=tracking).first()
    if existing is not None:
        if existing.dossier_id != dossier.pk:
            raise ValidationError({"tracking_number": [_("This tracking number belongs to another dossier.")]})
        if (existing.status, existing.at, existing.direction) == (status, at, direction):
            return "unchanged"
        Shipment.objects.filter(pk=existing.pk).update(status=status, at=at, direction=direction)
        return "updated"
    Shipment.objects.create(
        dossier=dossier,
        direction=direction,
        recipient=dossier.applicant_name,
        address=dossier.applicant_address or "—",
        phone=dossier.applicant_phone,
        tracking_number=tracking,
        status=status,
        at=at,
        handed_over_at=at,
    )
    return "created"
