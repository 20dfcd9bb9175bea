"""Visitor check-in in epidemic mode: the declaration, the temperature, the tracing list (logged
export) and the purge after the retention period."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.core.models import AuditLog
from motcua.floor.errors import FloorError
from motcua.floor.models import Visit
from motcua.floor.selectors import visits_trace
from motcua.floor.services import (
    ticket_call_next,
    ticket_finish,
    ticket_issue,
    visit_check_in,
    visit_leave,
    visit_record_temperature,
    visits_purge,
    visits_trace_export,
)
from tests.floor.conftest import Floor, at

pytestmark = pytest.mark.django_db


def check_in(floor: Floor, name: str, when: dt.datetime, ticket: str = "", **fields: Any) -> Visit:
    return visit_check_in(
        service_point=floor.point,
        name=name,
        phone=fields.get("phone", "0912 345 678"),
        purpose=fields.get("purpose", "Nộp hồ sơ"),
        answers=[("Sốt?", False)],
        ticket_label=ticket,
        at=when,
    )


def test_check_in_is_refused_unless_epidemic_mode_is_on(floor: Floor) -> None:
    with pytest.raises(FloorError):
        check_in(floor, "Nguyễn Văn An", at(8))


def test_a_check_in_records_the_declaration_and_links_the_ticket(floor: Floor, epidemic: None) -> None:
    ticket = ticket_issue(area=floor.area_a, at=at(8))
    visit = check_in(floor, "Nguyễn Văn An", at(8, 1), ticket="a 001")
    assert visit.ticket == ticket and visit.answers == [["Sốt?", False]] and visit.phone == "+84912345678"
    entry = AuditLog.objects.get(action="visit.checked_in")
    assert "Nguyễn" not in str(entry.data)  # no personal data in the audit log


def test_a_check_in_names_every_bad_field(floor: Floor, epidemic: None) -> None:
    with pytest.raises(ValidationError) as caught:
        check_in(floor, "", at(8), ticket="Z999", phone="abc", purpose="")
    assert set(caught.value.message_dict) == {"name", "phone", "purpose", "ticket"}


def test_staff_record_a_temperature_within_bounds(floor: Floor, epidemic: None) -> None:
    visit = check_in(floor, "Nguyễn Văn An", at(8))
    visit = visit_record_temperature(actor=floor.cast.clerk, visit=visit, temperature="37,5")
    assert str(visit.temperature) == "37.5"
    for bad in ("50", "abc", "NaN", "1e9"):
        with pytest.raises(ValidationError):
            visit_record_temperature(actor=floor.cast.clerk, visit=visit, temperature=bad)


def test_the_tracing_query_finds_who_overlapped_and_who_shared_the_counter(floor: Floor, epidemic: None) -> None:
    clerk = floor.cast.clerk
    ticket_issue(area=floor.area_a, at=at(8))
    ticket_issue(area=floor.area_a, at=at(8, 1))
    index = check_in(floor, "Ca chỉ điểm", at(8), ticket="A001")
    neighbour = check_in(floor, "Cùng quầy", at(8, 1), ticket="A002")
    passer_by = check_in(floor, "Cùng giờ", at(8, 30))
    later = check_in(floor, "Hôm sau", at(14))
    first = ticket_call_next(actor=clerk, counter=floor.counter1, at=at(8, 10))
    assert first is not None
    ticket_finish(actor=clerk, ticket=first, counter=floor.counter1, at=at(8, 20))
    second = ticket_call_next(actor=clerk, counter=floor.counter1, at=at(8, 25))
    assert second is not None
    visit_leave(actor=clerk, visit=index, at=at(8, 30))
    contacts = visits_trace(index, window_minutes=15)
    found = {c.visit.pk: c for c in contacts}
    assert set(found) == {neighbour.pk, passer_by.pk}
    assert later.pk not in found
    assert found[neighbour.pk].same_counter and not found[passer_by.pk].same_counter
    assert contacts[0].visit == neighbour


def test_each_export_is_logged_with_who_and_why_and_cells_are_escaped(floor: Floor, epidemic: None) -> None:
    index = check_in(floor, "Ca chỉ điểm", at(8))
    check_in(floor, "=HYPERLINK(1)", at(8, 5))
    with pytest.raises(ValidationError):
        visits_trace_export(actor=floor.cast.supervisor, index=index, window_minutes=30, reason="")
    data = visits_trace_export(actor=floor.cast.supervisor, index=index, window_minutes=30, reason="CDC yêu cầu")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet.cell(row=3, column=2).value == "'=HYPERLINK(1)"
    entry = AuditLog.objects.get(action="visit.trace_exported")
    assert entry.actor == floor.cast.supervisor and entry.data["reason"] == "CDC yêu cầu" and entry.data["people"] == 1


def test_visits_are_purged_after_the_retention_period(floor: Floor, epidemic: None, settings: Any) -> None:
    settings.FLOOR_VISIT_RETENTION_DAYS = 21
    old = check_in(floor, "Cũ", at(8))
    recent = check_in(floor, "Mới", at(8) + dt.timedelta(days=15))
    assert visits_purge(at=at(8, 1) + dt.timedelta(days=21)) == 1
    assert list(Visit.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Visit.objects.filter(pk=old.pk).exists()
    assert AuditLog.objects.get(action="visit.purged").data["deleted"] == 1


def test_the_purge_command_deletes_old_visits(floor: Floor, epidemic: None) -> None:
    check_in(floor, "Cũ", dt.datetime(2025, 1, 2, 8, tzinfo=dt.UTC))
    call_command("floor-purge")
    assert not Visit.objects.exists()
