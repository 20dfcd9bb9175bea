"""Appointments: slots from office hours on working days, capacity never exceeded, check-in turns an
appointment into a priority ticket, no-shows give their place back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.core.models import AuditLog
from motcua.floor.errors import FloorError, SlotFull
from motcua.floor.models import Appointment, AppointmentSlot
from motcua.floor.selectors import slot_starts, slots_for
from motcua.floor.services import appointment_book, appointment_check_in, appointments_release_no_shows
from motcua.workdays.calendar import OfficeSchedule
from motcua.workdays.services import calendar_day_add
from tests.floor.conftest import MONDAY, Floor, at

pytestmark = pytest.mark.django_db
NINE = dt.time(9, 0)


def book(floor: Floor, *, day: dt.date = MONDAY, start: dt.time = NINE, when: dt.datetime | None = None) -> Appointment:
    return appointment_book(
        area=floor.area_a, day=day, start=start, name="Nguyễn Văn An", phone="0912 345 678", at=when or at(7)
    )


def test_slots_follow_the_office_hours(floor: Floor) -> None:
    starts = slot_starts(floor.area_a, OfficeSchedule())
    assert starts[0] == dt.time(7, 0) and dt.time(11, 0) in starts and dt.time(11, 30) not in starts
    assert dt.time(13, 30) in starts and starts[-1] == dt.time(16, 30)


def test_a_booking_gets_a_confirmation_code_and_takes_a_place(floor: Floor) -> None:
    appointment = book(floor)
    assert len(appointment.code) == 8 and appointment.phone == "+84912345678"
    assert AppointmentSlot.objects.get().booked == 1
    assert AuditLog.objects.filter(action="appointment.booked", object_id=str(appointment.pk)).exists()


def test_a_full_slot_refuses_the_next_booking(floor: Floor) -> None:
    book(floor)
    book(floor)
    with pytest.raises(SlotFull):
        book(floor)
    assert Appointment.objects.count() == 2
    views = {v.start: v for v in slots_for(floor.area_a, MONDAY, OfficeSchedule(), now=at(7))}
    assert views[NINE].free == 0


def test_the_database_refuses_an_overbooked_slot(floor: Floor) -> None:
    from django.db import IntegrityError, transaction

    book(floor)
    slot = AppointmentSlot.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentSlot.objects.filter(pk=slot.pk).update(booked=slot.capacity + 1)


def test_no_booking_on_a_day_off(floor: Floor) -> None:
    with pytest.raises(FloorError, match="closed"):
        book(floor, day=dt.date(2027, 3, 6))  # a Saturday
    calendar_day_add(date=dt.date(2027, 3, 2), kind="day_off", name="Nghỉ bù")
    with pytest.raises(FloorError, match="closed"):
        book(floor, day=dt.date(2027, 3, 2))


def test_no_booking_outside_office_hours_in_the_past_or_too_far_ahead(floor: Floor) -> None:
    with pytest.raises(FloorError):
        book(floor, start=dt.time(12, 0))
    with pytest.raises(FloorError):
        book(floor, when=at(9, 5))
    with pytest.raises(FloorError):
        book(floor, day=MONDAY + dt.timedelta(days=60))


def test_a_booking_needs_a_name_and_a_phone(floor: Floor) -> None:
    with pytest.raises(ValidationError):
        appointment_book(area=floor.area_a, day=MONDAY, start=NINE, name=" ", phone="0912345678", at=at(7))
    with pytest.raises(ValidationError):
        appointment_book(area=floor.area_a, day=MONDAY, start=NINE, name="An", phone="12", at=at(7))


def test_check_in_on_the_day_gives_a_priority_ticket_once(floor: Floor) -> None:
    appointment = book(floor)
    ticket = appointment_check_in(service_point=floor.point, code=appointment.code.lower(), at=at(8, 50))
    assert ticket.priority and ticket.area == floor.area_a
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CHECKED_IN and appointment.ticket == ticket
    with pytest.raises(FloorError):
        appointment_check_in(service_point=floor.point, code=appointment.code, at=at(8, 51))


def test_check_in_on_another_day_or_with_a_wrong_code_is_refused(floor: Floor) -> None:
    appointment = book(floor, day=MONDAY + dt.timedelta(days=1))
    with pytest.raises(FloorError, match="02/03/2027"):
        appointment_check_in(service_point=floor.point, code=appointment.code, at=at(8))
    with pytest.raises(FloorError):
        appointment_check_in(service_point=floor.point, code="NOPE", at=at(8))


def test_a_no_show_releases_the_place(floor: Floor, settings: object) -> None:
    appointment = book(floor)
    book(floor)
    assert appointments_release_no_shows(at=at(9, 14)) == 0
    assert appointments_release_no_shows(at=at(9, 16)) == 2
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.NO_SHOW
    assert AppointmentSlot.objects.get().booked == 0
    with pytest.raises(FloorError):
        appointment_check_in(service_point=floor.point, code=appointment.code, at=at(9, 20))
    assert AuditLog.objects.get(action="appointment.no_shows_released").data["count"] == 2


def test_the_no_show_command_runs_the_release(floor: Floor) -> None:
    book(floor, when=at(7))
    call_command("floor-no-shows")  # the slot lies in 2027, after now: kept
    assert AppointmentSlot.objects.get().booked == 1
