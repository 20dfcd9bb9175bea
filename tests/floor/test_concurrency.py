"""Real concurrency (several OS processes on one database): ticket numbers never repeat, a slot's last
place goes to exactly one of eight simultaneous bookings."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from motcua.floor.models import Appointment, AppointmentSlot, Ticket
from motcua.floor.services import appointment_book
from motcua.workdays.services import calendar_load
from tests.floor import _workers
from tests.floor.conftest import Floor

pytestmark = pytest.mark.django_db(transaction=True)


def _pool(processes: int) -> Any:
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    return context.Pool(processes, initializer=_workers.init, initargs=(connection.settings_dict["NAME"],))


def test_eight_kiosks_issuing_at_once_never_repeat_a_number(floor: Floor) -> None:
    with _pool(8) as pool:
        results = pool.map(_workers.issue_many, [(floor.area_a.pk, 10)] * 8)
    numbers = sorted(n for batch in results for n in batch)
    assert numbers == list(range(1, 81))
    assert Ticket.objects.count() == 80


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks under real concurrency: PostgreSQL")
def test_eight_bookings_for_the_last_place_of_a_slot_book_it_once(floor: Floor) -> None:
    cal = calendar_load()
    day = cal.next_working_day(timezone.localdate() + dt.timedelta(days=1))
    start = dt.time(9, 0)
    appointment_book(area=floor.area_a, day=day, start=start, name="Người đầu", phone="0912345678")
    with _pool(8) as pool:
        outcomes = pool.map(_workers.book_last_place, [(floor.area_a.pk, day.isoformat(), start.isoformat())] * 8)
    assert outcomes.count("booked") == 1 and outcomes.count("full") == 7
    slot = AppointmentSlot.objects.get()
    assert slot.booked == slot.capacity == 2
    assert Appointment.objects.count() == 2
