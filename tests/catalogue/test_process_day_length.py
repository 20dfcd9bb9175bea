"""Issue #15: a limit in working days is that many of the centre's working days, whatever its office
hours: step budgets are checked against the office hours' day, not an assumed 8 hours."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from motcua.catalogue.models import ProcedureVersion, ProcessStep
from motcua.catalogue.process import hours_per_working_day, process_budget_problems
from motcua.organisation.models import StaffRole
from motcua.workdays.services import office_hours_update
from tests.conftest import make_procedure

Role = StaffRole.Role


def with_process(hours: int) -> ProcedureVersion:
    """A 10-working-day procedure whose process needs ``hours`` working hours."""
    from motcua.catalogue.records import ChannelRecord

    version = make_procedure(
        "2.000700",
        channels=[ChannelRecord(channel="in_person", time_limit=Decimal(10), time_unit="working_day")],
    )
    for position, kind, role, budget in [
        (1, "receive", Role.RECEIVING_CLERK, 1),
        (2, "appraise", Role.OFFICER, hours - 2),
        (3, "return", Role.RECEIVING_CLERK, 1),
    ]:
        ProcessStep.objects.create(
            version=version, position=position, name=kind, kind=kind, role=role, budget_hours=Decimal(budget)
        )
    return version


def test_the_default_office_hours_make_an_eight_hour_day(db: Any) -> None:
    assert hours_per_working_day() == 8
    assert process_budget_problems(with_process(80)) == []
    assert process_budget_problems(with_process(85))


def test_longer_office_hours_give_a_longer_working_day_to_the_process(db: Any) -> None:
    office_hours_update(afternoon_start=dt.time(13, 0), afternoon_end=dt.time(17, 30))  # 4.5 + 4.5 hours
    assert hours_per_working_day() == 9
    assert process_budget_problems(with_process(90)) == []
    assert "90 working hours" in process_budget_problems(with_process(91))[0]


def test_shorter_office_hours_give_a_shorter_one(db: Any) -> None:
    office_hours_update(afternoon_end=dt.time(16, 30))  # 4.5 + 3 hours
    assert hours_per_working_day() == Decimal("7.5")
    assert process_budget_problems(with_process(80))
