"""Queue tickets: numbered per area and day, called by counters, recalled, skipped, transferred."""

from __future__ import annotations

import pytest

from motcua.core.models import AuditLog
from motcua.floor.errors import FloorError
from motcua.floor.models import Ticket
from motcua.floor.selectors import board, counters_for, queue_times
from motcua.floor.services import (
    ticket_call_next,
    ticket_dossier_link,
    ticket_finish,
    ticket_issue,
    ticket_recall,
    ticket_skip,
    ticket_transfer,
)
from tests.dossiers.factories import received
from tests.floor.conftest import MONDAY, Floor, at

pytestmark = pytest.mark.django_db


def test_tickets_are_numbered_per_area_and_restart_each_day(floor: Floor) -> None:
    a1 = ticket_issue(area=floor.area_a, at=at(8))
    a2 = ticket_issue(area=floor.area_a, at=at(8, 1))
    b1 = ticket_issue(area=floor.area_b, at=at(8, 2))
    tomorrow = ticket_issue(area=floor.area_a, at=at(8, day=MONDAY.replace(day=2)))
    assert [a1.label, a2.label, b1.label, tomorrow.label] == ["A001", "A002", "B001", "A001"]
    assert AuditLog.objects.filter(action="ticket.issued").count() == 4


def test_an_inactive_area_issues_no_ticket(floor: Floor) -> None:
    floor.area_a.is_active = False
    floor.area_a.save()
    with pytest.raises(FloorError):
        ticket_issue(area=floor.area_a, at=at(8))


def test_a_counter_calls_only_its_areas_in_issue_order_with_priority_first(floor: Floor) -> None:
    ticket_issue(area=floor.area_b, at=at(8))
    first = ticket_issue(area=floor.area_a, at=at(8, 1))
    ticket_issue(area=floor.area_a, at=at(8, 2))
    booked = ticket_issue(area=floor.area_a, priority=True, at=at(8, 3))
    clerk = floor.cast.clerk
    assert ticket_call_next(actor=clerk, counter=floor.counter1, at=at(9)).pk == booked.pk
    called = ticket_call_next(actor=clerk, counter=floor.counter1, at=at(9, 5))
    assert called is not None and called.pk == first.pk
    booked.refresh_from_db()
    assert booked.status == Ticket.Status.DONE and booked.finished_at == at(9, 5)  # calling next ends the last


def test_two_counters_never_call_the_same_ticket(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket_issue(area=floor.area_a, at=at(8, 1))
    one = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    two = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(9))
    assert one and two and one.pk != two.pk
    assert ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(9, 1)) is None


def test_yesterdays_waiting_tickets_are_not_called_today(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(16))
    assert ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(8, day=MONDAY.replace(day=2))) is None


def test_a_recall_announces_the_ticket_again_on_top_of_the_board(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket_issue(area=floor.area_a, at=at(8, 1))
    first = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(9, 1))
    assert first is not None
    ticket_recall(actor=floor.cast.clerk, ticket=first, counter=floor.counter1, at=at(9, 2))
    shown = board(floor.point.pk, MONDAY)
    assert [c["ticket"] for c in shown["calls"]] == ["A001", "A002"]
    assert shown["calls"][0]["counter"] == 1 and shown["calls"][0]["calls"] == 2


def test_only_the_counter_serving_a_ticket_may_recall_skip_or_finish_it(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    assert ticket is not None
    for action in (ticket_recall, ticket_skip, ticket_finish):
        with pytest.raises(FloorError):
            action(actor=floor.cast.clerk, ticket=ticket, counter=floor.counter2)


def test_a_skipped_ticket_leaves_the_queue(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    assert ticket is not None
    ticket_skip(actor=floor.cast.clerk, ticket=ticket, counter=floor.counter1, at=at(9, 3))
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.SKIPPED
    assert ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(9, 4)) is None
    assert board(floor.point.pk, MONDAY)["calls"] == []


def test_a_transferred_ticket_waits_first_at_the_other_counter_only(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket_issue(area=floor.area_b, at=at(8, 1))
    ticket = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    assert ticket is not None
    ticket_transfer(actor=floor.cast.clerk, ticket=ticket, counter=floor.counter1, to=floor.counter3)
    assert ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(9, 1)) is None
    there = ticket_call_next(actor=floor.cast.other_clerk, counter=floor.counter3, at=at(9, 2))
    assert there is not None and there.pk == ticket.pk and there.counter == floor.counter3
    entry = AuditLog.objects.get(action="ticket.transferred")
    assert entry.data["source"] == 1 and entry.data["to"] == 3


def test_a_ticket_cannot_be_transferred_to_its_own_counter(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    assert ticket is not None
    with pytest.raises(FloorError):
        ticket_transfer(actor=floor.cast.clerk, ticket=ticket, counter=floor.counter1, to=floor.counter1)


def test_a_called_ticket_links_to_the_dossier_it_led_to(floor: Floor) -> None:
    waiting = ticket_issue(area=floor.area_a, at=at(8))
    dossier = received(floor.cast)
    with pytest.raises(FloorError):
        ticket_dossier_link(actor=floor.cast.clerk, ticket=waiting, dossier=dossier)
    called = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(9))
    assert called is not None
    ticket_dossier_link(actor=floor.cast.clerk, ticket=called, dossier=dossier)
    assert dossier.tickets.get().pk == called.pk


def test_wait_and_service_times_per_counter_and_area(floor: Floor) -> None:
    ticket_issue(area=floor.area_a, at=at(8))
    ticket_issue(area=floor.area_a, at=at(8, 10))
    first = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1, at=at(8, 20))  # waited 20
    assert first is not None
    ticket_finish(actor=floor.cast.clerk, ticket=first, counter=floor.counter1, at=at(8, 30))  # served 10
    second = ticket_call_next(actor=floor.cast.clerk, counter=floor.counter2, at=at(8, 40))  # waited 30
    assert second is not None
    ticket_finish(actor=floor.cast.clerk, ticket=second, counter=floor.counter2, at=at(9, 10))  # served 30
    times = queue_times(floor.point.pk, MONDAY, MONDAY)
    assert times["areas"]["A"].wait_minutes == 25.0 and times["areas"]["A"].service_minutes == 20.0
    assert times["counters"]["1"].service_minutes == 10.0 and times["counters"]["2"].wait_minutes == 30.0
    assert times["areas"]["A"].served == 2


def test_staff_serve_the_counters_of_their_agency(floor: Floor) -> None:
    assert set(counters_for(floor.cast.clerk)) == {floor.counter1, floor.counter2}
    assert set(counters_for(floor.cast.other_clerk)) == {floor.counter3}
