"""``motcua due-date``."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.workdays.models import CalendarDay
from motcua.workdays.services import calendar_day_add

pytestmark = pytest.mark.django_db


def due_date(*args: str) -> str:
    out = StringIO()
    call_command("due-date", *args, stdout=out)
    return out.getvalue().strip()


def test_it_prints_the_tet_example() -> None:
    assert due_date("--received", "2027-02-03T16:10", "--limit", "5", "--unit", "working_day") == "2027-02-17T16:10"


def test_it_accepts_decimal_limits() -> None:
    assert due_date("--received", "2027-03-03T15:00", "--limit", "0.5", "--unit", "working_day") == "2027-03-04T09:00"


def test_it_applies_after_15h() -> None:
    args = ["--received", "2027-03-03T15:00", "--limit", "1", "--unit", "working_day"]
    assert due_date(*args) == "2027-03-04T15:00"
    assert due_date(*args, "--after-15h") == "2027-03-04T17:00"


def test_it_handles_calendar_days_and_months() -> None:
    assert due_date("--received", "2027-03-01T10:00", "--limit", "5", "--unit", "day") == "2027-03-08T17:00"
    assert due_date("--received", "2027-01-31T10:00", "--limit", "1", "--unit", "month") == "2027-03-01T17:00"


def test_it_keeps_an_explicit_offset() -> None:
    out = due_date("--received", "2027-03-03T02:00+00:00", "--limit", "1", "--unit", "working_day")
    assert out == "2027-03-04T09:00+07:00"


def test_it_uses_the_centres_calendar() -> None:
    calendar_day_add(date=date(2027, 3, 4), kind=CalendarDay.Kind.DAY_OFF)
    assert due_date("--received", "2027-03-03T16:10", "--limit", "1", "--unit", "working_day") == "2027-03-05T16:10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "3/2/2027", "--limit", "1", "--unit", "day"], "Invalid reception date"),
        (["--received", "2027-02-30T10:00", "--limit", "1", "--unit", "day"], "Invalid reception date"),
        (["--received", "2027-03-03T10:00", "--limit", "-1", "--unit", "day"], "must not be negative"),
        (["--received", "2027-03-03T10:00", "--limit", "five", "--unit", "day"], "Invalid time limit"),
        (["--received", "2027-03-03T10:00", "--limit", "1", "--unit", "week"], "Unknown time limit unit 'week'"),
        (["--received", "2027-03-03T10:00", "--limit", "1.5", "--unit", "month"], "whole number"),
        (["--received", "2099-03-03T10:00", "--limit", "1", "--unit", "day"], "outside the working calendar"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        due_date(*args)
