"""Writes of the centre floor: one keyword-only function each, one transaction, one audit entry.

Tickets are numbered per service area and day from a locked sequence row (never twice); a clerk calls
the next ticket of the counter's areas (transferred and priority tickets first), recalls, skips,
transfers or finishes it. Appointments book a place in a slot with one conditional UPDATE bounded by
the slot's capacity (and a CHECK constraint): a slot cannot be overbooked. Visits (epidemic mode) hold
personal data that ``visits_purge`` deletes after the retention period."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.text import squash
from motcua.dossiers.identity import normalize_phone
from motcua.dossiers.models import Dossier
from motcua.floor.errors import FloorError, SlotFull
from motcua.floor.models import (
    Appointment,
    AppointmentSlot,
    FloorSettings,
    ServiceArea,
    Ticket,
    TicketSequence,
    Visit,
)
from motcua.floor.selectors import slot_starts
from motcua.organisation.models import Counter, ServicePoint
from motcua.workdays.services import calendar_load

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a kiosk
TEMPERATURE_MIN, TEMPERATURE_MAX = Decimal("34.0"), Decimal("43.0")


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _today(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


# --- tickets --------------------------------------------------------------------------------------


def _ticket_number(area: ServiceArea, day: dt.date) -> int:
    """The next number of ``area`` on ``day``: an upsert that locks the sequence row until the
    transaction commits (a rollback gives the number back)."""
    table = TicketSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (area_id, day, last_number) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (area_id, day) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [area.pk, day],
        )
        return int(cursor.fetchone()[0])


def ticket_issue(*, area: ServiceArea, priority: bool = False, at: dt.datetime | None = None) -> Ticket:
    """A numbered ticket of ``area`` (the kiosk)."""
    now = _now(at)
    if not area.is_active:
        raise FloorError(_("This service area does not issue tickets now."))
    with transaction.atomic():
        day = _today(now)
        ticket = Ticket.objects.create(
            area=area, day=day, number=_ticket_number(area, day), priority=priority, issued_at=now
        )
        audit_log(action="ticket.issued", obj=ticket, label=ticket.label, priority=priority)
    return ticket


def _locked(ticket: Ticket) -> Ticket:
    return Ticket.objects.select_for_update(of=("self",)).select_related("area").get(pk=ticket.pk)


def _finish_current(counter: Counter, now: dt.datetime) -> None:
    Ticket.objects.filter(counter=counter, status=Ticket.Status.CALLED).update(
        status=Ticket.Status.DONE, finished_at=now
    )


def ticket_call_next(*, actor: Any, counter: Counter, at: dt.datetime | None = None) -> Ticket | None:
    """Finish the counter's current ticket and call the next one waiting for it today: tickets
    transferred to this counter first, then priority tickets (appointments), then in issue order.
    None when nobody waits. Two counters never call the same ticket (the row is locked and skipped)."""
    now = _now(at)
    with transaction.atomic():
        _finish_current(counter, now)
        waiting = (
            Ticket.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(day=_today(now), status=Ticket.Status.WAITING)
            .filter(Q(for_counter=counter) | Q(for_counter__isnull=True, area__counters=counter))
            .order_by(F("for_counter").asc(nulls_last=True), "-priority", "issued_at", "pk")
        )
        ticket = waiting.first()
        if ticket is None:
            return None
        ticket.status = Ticket.Status.CALLED
        ticket.counter = counter
        ticket.for_counter = None
        ticket.called_at = ticket.called_at or now
        ticket.announced_at = now
        ticket.calls += 1
        ticket.served_by = actor
        ticket.save(
            update_fields=["status", "counter", "for_counter", "called_at", "announced_at", "calls", "served_by"]
        )
        audit_log(action="ticket.called", actor=actor, obj=ticket, label=ticket.label, counter=counter.number)
    return ticket


def _called_here(ticket: Ticket, counter: Counter) -> Ticket:
    locked = _locked(ticket)
    if locked.status != Ticket.Status.CALLED or locked.counter_id != counter.pk:
        raise FloorError(_("Ticket %(label)s is not being served at this counter.") % {"label": locked.label})
    return locked


def ticket_recall(*, actor: Any, ticket: Ticket, counter: Counter, at: dt.datetime | None = None) -> Ticket:
    """Announce the called ticket again (the display board shows it on top)."""
    now = _now(at)
    with transaction.atomic():
        locked = _called_here(ticket, counter)
        locked.announced_at = now
        locked.calls += 1
        locked.save(update_fields=["announced_at", "calls"])
        audit_log(action="ticket.recalled", actor=actor, obj=locked, label=locked.label, calls=locked.calls)
    return locked


def ticket_skip(*, actor: Any, ticket: Ticket, counter: Counter, at: dt.datetime | None = None) -> Ticket:
    """The called person did not come to the counter."""
    now = _now(at)
    with transaction.atomic():
        locked = _called_here(ticket, counter)
        locked.status = Ticket.Status.SKIPPED
        locked.finished_at = now
        locked.save(update_fields=["status", "finished_at"])
        audit_log(action="ticket.skipped", actor=actor, obj=locked, label=locked.label)
    return locked


def ticket_finish(*, actor: Any, ticket: Ticket, counter: Counter, at: dt.datetime | None = None) -> Ticket:
    now = _now(at)
    with transaction.atomic():
        locked = _called_here(ticket, counter)
        locked.status = Ticket.Status.DONE
        locked.finished_at = now
        locked.save(update_fields=["status", "finished_at"])
        audit_log(action="ticket.finished", actor=actor, obj=locked, label=locked.label)
    return locked


def ticket_transfer(*, actor: Any, ticket: Ticket, counter: Counter, to: Counter) -> Ticket:
    """Send the called ticket to another counter of the same service point: it waits there, first."""
    with transaction.atomic():
        locked = _called_here(ticket, counter)
        if to.pk == counter.pk or to.service_point_id != counter.service_point_id:
            raise FloorError(_("Choose another counter of this service point."))
        locked.status = Ticket.Status.WAITING
        locked.for_counter = to
        locked.counter = None
        locked.save(update_fields=["status", "for_counter", "counter"])
        audit_log(
            action="ticket.transferred",
            actor=actor,
            obj=locked,
            label=locked.label,
            source=counter.number,
            to=to.number,
        )
    return locked


def ticket_dossier_link(*, actor: Any, ticket: Ticket, dossier: Dossier) -> Ticket:
    """The dossier received from a called ticket: "time from ticket to receipt" becomes known."""
    with transaction.atomic():
        locked = _locked(ticket)
        if locked.status not in (Ticket.Status.CALLED, Ticket.Status.DONE):
            raise FloorError(_("Only a called ticket can be linked to a dossier."))
        locked.dossier = dossier
        locked.save(update_fields=["dossier"])
        audit_log(action="ticket.dossier_linked", actor=actor, obj=locked, label=locked.label, dossier=dossier.code)
    return locked


# --- appointments ---------------------------------------------------------------------------------


def _slot_row(area: ServiceArea, day: dt.date, start: dt.time) -> int:
    """The id of the slot row, created with the area's capacity if it is the first booking."""
    table = AppointmentSlot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (area_id, day, start, capacity, booked) VALUES (%s, %s, %s, %s, 0) "  # noqa: S608
            "ON CONFLICT (area_id, day, start) DO NOTHING",
            [
                area.pk,
                connection.ops.adapt_datefield_value(day),
                connection.ops.adapt_timefield_value(start),
                area.slot_capacity,
            ],
        )
    return AppointmentSlot.objects.filter(area=area, day=day, start=start).values_list("pk", flat=True).get()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def appointment_book(
    *, area: ServiceArea, day: dt.date, start: dt.time, name: str, phone: str, at: dt.datetime | None = None
) -> Appointment:
    """A place in the slot ``start`` of ``area`` on ``day`` (a working day, within the booking window,
    not started yet), with a confirmation code. SlotFull when its last place is taken."""
    now = _now(at)
    name = squash(name)
    if not name or len(name) > 200:
        raise ValidationError({"name": [_("Enter your full name (at most 200 characters).")]})
    phone = normalize_phone(phone)
    today = _today(now)
    if not today <= day <= today + dt.timedelta(days=settings.FLOOR_BOOKING_DAYS):
        raise FloorError(
            _("Appointments can be booked from today up to %(days)s days ahead.")
            % {"days": settings.FLOOR_BOOKING_DAYS}
        )
    if not area.is_active or area.slot_capacity == 0:
        raise FloorError(_("This service area takes no appointments."))
    cal = calendar_load()
    if not cal.is_working_day(day):
        raise FloorError(_("The centre is closed on %(day)s.") % {"day": day.strftime("%d/%m/%Y")})
    if start not in slot_starts(area, cal.schedule):
        raise FloorError(_("Choose one of the offered times."))
    begins = timezone.make_aware(dt.datetime.combine(day, start))
    if begins <= now:
        raise FloorError(_("This time has passed. Choose a later one."))
    with transaction.atomic():
        slot_id = _slot_row(area, day, start)
        taken = AppointmentSlot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(booked=F("booked") + 1)
        if not taken:
            raise SlotFull(_("This time is fully booked. Choose another one."))
        appointment = Appointment.objects.create(slot_id=slot_id, code=_new_code(), name=name, phone=phone)
        audit_log(action="appointment.booked", obj=appointment, code=appointment.code, slot=slot_id)
    return appointment


def appointment_check_in(*, service_point: ServicePoint, code: str, at: dt.datetime | None = None) -> Ticket:
    """At the kiosk on the day: the appointment becomes a priority ticket of its area."""
    now = _now(at)
    code = (code or "").strip().upper().replace(" ", "")[:12]
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot__area")
            .filter(code=code, slot__area__service_point=service_point)
            .first()
        )
        if appointment is None:
            raise FloorError(_("No appointment has this code. Check the code in your confirmation."))
        if appointment.status != Appointment.Status.BOOKED:
            raise FloorError(_("This appointment was already used or has expired."))
        if appointment.slot.day != _today(now):
            raise FloorError(_("This appointment is for %(day)s.") % {"day": appointment.slot.day.strftime("%d/%m/%Y")})
        ticket = ticket_issue(area=appointment.slot.area, priority=True, at=now)
        appointment.status = Appointment.Status.CHECKED_IN
        appointment.ticket = ticket
        appointment.save(update_fields=["status", "ticket"])
        audit_log(action="appointment.checked_in", obj=appointment, code=appointment.code, ticket=ticket.label)
    return ticket


def appointments_release_no_shows(*, at: dt.datetime | None = None) -> int:
    """Booked appointments not checked in FLOOR_NO_SHOW_MINUTES after their slot started: marked as
    no-shows and their places given back to the slot. Returns how many."""
    now = _now(at)
    grace = dt.timedelta(minutes=settings.FLOOR_NO_SHOW_MINUTES)
    local = timezone.localtime(now)
    released: list[str] = []
    with transaction.atomic():
        candidates = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("slot")
            .filter(status=Appointment.Status.BOOKED, slot__day__lte=local.date())
        )
        for appointment in candidates:
            begins = timezone.make_aware(dt.datetime.combine(appointment.slot.day, appointment.slot.start))
            if begins + grace > now:
                continue
            appointment.status = Appointment.Status.NO_SHOW
            appointment.save(update_fields=["status"])
            AppointmentSlot.objects.filter(pk=appointment.slot_id, booked__gt=0).update(booked=F("booked") - 1)
            released.append(appointment.code)
        if released:
            audit_log(action="appointment.no_shows_released", count=len(released), codes=released)
    return len(released)


# --- visits (epidemic mode) -----------------------------------------------------------------------


def visit_check_in(
    *,
    service_point: ServicePoint,
    name: str,
    phone: str,
    purpose: str,
    answers: list[tuple[str, bool]],
    ticket_label: str = "",
    at: dt.datetime | None = None,
) -> Visit:
    """A visitor's self check-in from the door QR, while the administrator has epidemic mode on."""
    now = _now(at)
    if not FloorSettings.load().epidemic_mode:
        raise FloorError(_("Visitor check-in is not in use now."))
    errors: dict[str, list[str]] = {}
    name, purpose = squash(name), squash(purpose)
    if not name or len(name) > 200:
        errors["name"] = [_("Enter your full name (at most 200 characters).")]
    if not purpose or len(purpose) > 300:
        errors["purpose"] = [_("Say why you came (at most 300 characters).")]
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    ticket = None
    if ticket_label.strip():
        ticket = _ticket_by_label(service_point, ticket_label, _today(now))
        if ticket is None:
            errors["ticket"] = [_("No ticket with this number was issued here today.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = Visit.objects.create(
            service_point=service_point,
            name=name,
            phone=phone,
            purpose=purpose,
            answers=[[question, bool(answer)] for question, answer in answers],
            arrived_at=now,
            ticket=ticket,
        )
        audit_log(action="visit.checked_in", obj=visit, declared_symptoms=any(a for _q, a in answers))
    return visit


def _ticket_by_label(service_point: ServicePoint, label: str, day: dt.date) -> Ticket | None:
    text = label.strip().upper().replace(" ", "")
    letters = "".join(ch for ch in text if ch.isalpha())
    digits = text[len(letters) :]
    if not letters or not digits.isdigit() or len(digits) > 6:
        return None
    return (
        Ticket.objects.filter(area__service_point=service_point, area__code=letters, day=day, number=int(digits))
        .select_related("area")
        .first()
    )


def visit_record_temperature(*, actor: Any, visit: Visit, temperature: Any) -> Visit:
    """Staff at the door record the visitor's temperature (°C, 34.0–43.0)."""
    try:
        value = Decimal(str(temperature).replace(",", ".").strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or not TEMPERATURE_MIN <= value <= TEMPERATURE_MAX:
        raise ValidationError({"temperature": [_("Enter a temperature between 34.0 and 43.0 °C.")]})
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        locked.temperature = value
        locked.save(update_fields=["temperature"])
        audit_log(action="visit.temperature_recorded", actor=actor, obj=locked, temperature=str(value))
    return locked


def visit_leave(*, actor: Any, visit: Visit, at: dt.datetime | None = None) -> Visit:
    now = _now(at)
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.left_at is None:
            locked.left_at = max(now, locked.arrived_at)
            locked.save(update_fields=["left_at"])
            audit_log(action="visit.left", actor=actor, obj=locked)
    return locked


def visits_purge(*, at: dt.datetime | None = None) -> int:
    """Delete the visits older than FLOOR_VISIT_RETENTION_DAYS, and blank the names and phones of
    appointments of the same age (Decree 13/2023). Returns the number of visits deleted."""
    now = _now(at)
    cutoff = now - dt.timedelta(days=settings.FLOOR_VISIT_RETENTION_DAYS)
    with transaction.atomic():
        deleted, _by_model = Visit.objects.filter(arrived_at__lt=cutoff).delete()
        blanked = (
            Appointment.objects.filter(slot__day__lt=_today(cutoff))
            .exclude(name="", phone="")
            .update(name="", phone="")
        )
        audit_log(
            action="visit.purged",
            deleted=deleted,
            appointments_blanked=blanked,
            before=cutoff.isoformat(),
            retention_days=settings.FLOOR_VISIT_RETENTION_DAYS,
        )
    return deleted


TRACE_COLUMNS = [
    "STT",
    "Họ và tên",
    "Số điện thoại",
    "Đến lúc",
    "Rời lúc",
    "Số phút cùng có mặt",
    "Cùng quầy",
    "Quầy",
    "Nhiệt độ",
    "Mục đích",
]


def visits_trace_export(*, actor: Any, index: Visit, window_minutes: int, reason: str) -> bytes:
    """The tracing list of ``index`` as an xlsx for the health authority; every export is logged with
    who, why and how many people it names."""
    from openpyxl import Workbook

    from motcua.core.audit import audit_read
    from motcua.core.formats import phone as phone_format
    from motcua.core.spreadsheet import row_escape
    from motcua.floor.selectors import visits_trace

    reason = squash(reason)
    if not reason or len(reason) > 500:
        raise ValidationError({"reason": [_("Say why the list is exported (at most 500 characters).")]})
    if not 0 <= window_minutes <= 24 * 60:
        raise ValidationError({"window": [_("The window is 0 to 1440 minutes.")]})
    contacts = visits_trace(index, window_minutes=window_minutes)

    def fmt(value: dt.datetime | None) -> str:
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Truy vet"
    sheet.append(row_escape([f"Ca chỉ điểm: {index.name}", fmt(index.arrived_at), fmt(index.left_at)]))
    sheet.append(TRACE_COLUMNS)
    for i, contact in enumerate(contacts, start=1):
        v = contact.visit
        counter = v.ticket.counter.number if v.ticket and v.ticket.counter else ""
        sheet.append(
            row_escape(
                [
                    i,
                    v.name,
                    phone_format(v.phone),
                    fmt(v.arrived_at),
                    fmt(v.left_at),
                    contact.overlap_minutes,
                    "x" if contact.same_counter else "",
                    counter,
                    str(v.temperature) if v.temperature is not None else "",
                    v.purpose,
                ]
            )
        )
    audit_read(
        action="visit.trace_exported",
        actor=actor,
        obj=index,
        reason=reason,
        window_minutes=window_minutes,
        people=len(contacts),
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
