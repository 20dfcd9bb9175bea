import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers import recompute
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_apologise,
    dossier_assign,
    dossier_pay_fees,
    dossier_request_fees,
    dossier_request_supplement,
)
from motcua.workdays.services import calendar_day_add
from tests.conftest import Cast
from tests.dossiers.factories import at, received


def test_a_new_day_off_moves_the_due_dates_of_open_dossiers(cast: Cast) -> None:
    open_one = received(cast, "2027-03-01 08:00")
    assert open_one.due_at == at("2027-03-15 08:00")
    calendar_day_add(date=dt.date(2027, 3, 5), kind="day_off", name="Nghỉ bù")
    out = StringIO()
    call_command("recompute-due-dates", stdout=out)
    open_one.refresh_from_db()
    assert open_one.due_at == at("2027-03-16 08:00")
    assert "1 due dates changed" in out.getvalue()


def test_a_promised_new_date_and_a_paused_dossier_are_left_alone(cast: Cast) -> None:
    apologised = received(cast, "2027-03-01 08:00")
    apologised = dossier_apologise(actor=cast.head, dossier=apologised, reason="x", new_due_at=at("2027-03-22 08:00"))
    waiting = dossier_request_supplement(actor=cast.officer, dossier=received(cast, "2027-03-01 08:00"), missing="x")
    calendar_day_add(date=dt.date(2027, 3, 5), kind="day_off", name="Nghỉ bù")
    call_command("recompute-due-dates", stdout=StringIO())
    apologised.refresh_from_db()
    before = waiting.due_at
    waiting.refresh_from_db()
    assert apologised.due_at == at("2027-03-22 08:00")
    assert waiting.due_at == before


def test_recomputing_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    received(cast)
    out = StringIO()
    call_command("recompute-due-dates", stdout=out)
    assert "0 due dates changed" in out.getvalue()


def test_a_new_day_off_moves_the_deadlines_of_open_steps_too(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    task = dossier.tasks.get(finished_at__isnull=True)
    before = task.deadline
    calendar_day_add(date=timezone.localtime(before).date(), kind="day_off", name="Nghỉ bù")
    out = StringIO()
    call_command("recompute-due-dates", stdout=out)
    task.refresh_from_db()
    assert task.deadline > before
    assert "1 step deadlines changed" in out.getvalue()


def test_a_step_keeps_the_time_it_stood_still_for_fees(cast: Cast) -> None:
    from motcua.workdays.services import calendar_load

    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_request_fees(actor=cast.officer, dossier=dossier, at=at("2027-03-01 09:00"))
    dossier = dossier_pay_fees(actor=cast.clerk, dossier=dossier, at=at("2027-03-01 11:00"))
    task = dossier.tasks.get(finished_at__isnull=True)
    assert task.paused_minutes == 120
    call_command("recompute-due-dates", stdout=StringIO())
    task.refresh_from_db()
    cal = calendar_load()
    own = cal.add_working_minutes(task.started_at, task.budget_minutes + 120)
    planned = cal.add_working_minutes(dossier.clock_started_at, task.planned_minutes + 120)
    assert task.deadline == max(own, planned)


def test_a_dossier_acted_on_during_the_recompute_is_read_again_not_overwritten(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    calendar_day_add(date=dt.date(2027, 3, 5), kind="day_off", name="Nghỉ bù")
    compute = recompute._compute
    acted: list[Dossier] = []

    def act_between_read_and_write(cal: Any, rows: Any) -> Any:
        result = compute(cal, rows)
        if not acted:  # a clerk acts after the recompute read the row, before it writes
            acted.append(dossier_assign(actor=cast.leader, dossier=dossier, assignee=cast.officer))
        return result

    monkeypatch.setattr(recompute, "_compute", act_between_read_and_write)
    result = recompute.dossier_due_dates_recompute()
    dossier.refresh_from_db()
    assert result.retried == 1
    assert result.changed == 1
    assert dossier.lock_version == acted[0].lock_version  # the action's write was not overwritten
    assert dossier.due_at == at("2027-03-16 08:00")
    assert dossier.tasks.get(finished_at__isnull=True).assignee == cast.officer
