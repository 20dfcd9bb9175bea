"""Rules of the working calendar and deadline arithmetic (pure engine, no database)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest

from motcua.workdays.calendar import (
    CalendarRangeError,
    OfficeSchedule,
    Unit,
    WorkCalendar,
    add_months,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
VN_2027 = holidays.country_holidays("VN", years=2027)

# A plain week with no holiday: Mon 2027-03-01 .. Sun 2027-03-07.
MON, WED, THU, FRI, SAT = date(2027, 3, 1), date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 6)
NEXT_MON = date(2027, 3, 8)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm))


def test_the_plain_week_really_is_plain() -> None:
    assert [d.weekday() for d in (MON, WED, THU, FRI, SAT)] == [0, 2, 3, 4, 5]
    assert not any(MON + timedelta(days=i) in VN_2027 for i in range(8))


# --- normalization ----------------------------------------------------------------------------------


def test_received_before_opening_starts_at_0700(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 6, 30)) == at(WED, 7)


def test_received_during_the_morning_starts_immediately(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 9, 15)) == at(WED, 9, 15)


def test_received_during_lunch_starts_at_1330(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 12, 5)) == at(WED, 13, 30)


def test_received_at_1130_sharp_starts_at_1330(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 11, 30)) == at(WED, 13, 30)


def test_received_during_the_afternoon_starts_immediately(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 14, 0)) == at(WED, 14, 0)


def test_received_at_1700_sharp_starts_next_working_morning(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(WED, 17, 0)) == at(THU, 7)


def test_received_friday_evening_starts_monday_morning(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(FRI, 18, 0)) == at(NEXT_MON, 7)


def test_received_on_a_weekend_starts_monday_morning(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(at(SAT, 10, 0)) == at(NEXT_MON, 7)


def test_received_on_a_holiday_starts_next_working_morning(default_calendar: WorkCalendar) -> None:
    # 2027-02-04 is the 29th of the lunar year; the holidays package says Tết runs to 2027-02-10.
    assert date(2027, 2, 4) in VN_2027
    assert all(date(2027, 2, d) in VN_2027 or date(2027, 2, d).weekday() >= 5 for d in range(4, 11))
    assert date(2027, 2, 11) not in VN_2027
    assert default_calendar.normalize(at(date(2027, 2, 4), 9)) == at(date(2027, 2, 11), 7)


def test_seconds_are_dropped(default_calendar: WorkCalendar) -> None:
    assert default_calendar.normalize(datetime(2027, 3, 3, 9, 15, 59, 999)) == at(WED, 9, 15)


def test_aware_instants_come_back_aware_in_vietnam_time(default_calendar: WorkCalendar) -> None:
    received = datetime(2027, 3, 3, 2, 0, tzinfo=ZoneInfo("UTC"))  # 09:00 in Vietnam
    assert default_calendar.normalize(received) == datetime(2027, 3, 3, 9, 0, tzinfo=HCM)
    due = default_calendar.due_date(received, 1, "working_day")
    assert due.tzinfo is not None
    assert due == datetime(2027, 3, 4, 9, 0, tzinfo=HCM)
    assert due.utcoffset() == timedelta(hours=7)


# --- working days and hours -------------------------------------------------------------------------


def test_five_working_days_over_tet_skip_the_holiday(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(datetime(2027, 2, 3, 16, 10), 5, "working_day") == datetime(2027, 2, 17, 16, 10)


def test_tet_example_agrees_with_the_holidays_package(default_calendar: WorkCalendar) -> None:
    days = [date(2027, 2, 3) + timedelta(days=i) for i in range(1, 15)]
    working = [d for d in days if d.weekday() < 5 and d not in VN_2027]
    assert working[4] == date(2027, 2, 17)


def test_one_working_day_from_1610_is_1610_the_next_working_day(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 16, 10), 1, Unit.WORKING_DAY) == at(THU, 16, 10)
    assert default_calendar.due_date(at(FRI, 16, 10), 1, Unit.WORKING_DAY) == at(NEXT_MON, 16, 10)


def test_work_ending_at_the_end_of_the_day_is_due_at_1700_that_day(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 7), 1, "working_day") == at(WED, 17)
    assert default_calendar.add_working_hours(at(WED, 13, 30), 3.5) == at(WED, 17)
    assert default_calendar.due_date(at(FRI, 7), 1, "working_day") == at(FRI, 17)


def test_work_ending_at_the_end_of_the_morning_is_due_at_1130(default_calendar: WorkCalendar) -> None:
    assert default_calendar.add_working_hours(at(WED, 7), 4.5) == at(WED, 11, 30)


def test_received_after_closing_counts_from_next_morning(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 17, 45), 1, "working_day") == at(THU, 17)


def test_hours_skip_lunch(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 10), 3, "hour") == at(WED, 15)


def test_hours_skip_the_night_and_the_weekend(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(FRI, 16), 3, "hour") == at(NEXT_MON, 9)


def test_half_a_day_is_four_hours(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 15), Decimal("0.5"), "working_day") == at(THU, 9)
    assert default_calendar.due_date(at(WED, 15), 4, "hour") == at(THU, 9)


def test_fractional_hours_count_to_the_minute(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 11), 1.25, "hour") == at(WED, 14, 15)
    assert default_calendar.add_working_hours(at(WED, 8), 1 / 3) == at(WED, 8, 20)


def test_a_zero_limit_is_due_at_the_normalized_reception(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 12), 0, "hour") == at(WED, 13, 30)
    assert default_calendar.due_date(at(WED, 17, 30), 0, "working_day") == at(THU, 7)


def test_add_working_days_matches_due_date(default_calendar: WorkCalendar) -> None:
    assert default_calendar.add_working_days(at(WED, 16, 10), 2) == at(FRI, 16, 10)


# --- calendar days and months -----------------------------------------------------------------------


def test_calendar_days_are_due_at_1700(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(MON, 10), 2, "day") == at(WED, 17)


def test_calendar_days_landing_on_a_weekend_move_to_monday(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(MON, 10), 5, "day") == at(NEXT_MON, 17)


def test_calendar_days_landing_on_tet_move_past_it(default_calendar: WorkCalendar) -> None:
    assert date(2027, 2, 5) in VN_2027
    assert default_calendar.due_date(datetime(2027, 1, 29, 10), 7, "day") == datetime(2027, 2, 11, 17)


def test_calendar_days_count_from_a_weekend_reception_date(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(SAT, 10), 5, "day") == at(date(2027, 3, 11), 17)


def test_months_clamp_the_day_of_month(default_calendar: WorkCalendar) -> None:
    # 2027-02-28 is a Sunday: due Monday 1 March.
    assert default_calendar.due_date(datetime(2027, 1, 31, 9), 1, "month") == datetime(2027, 3, 1, 17)
    assert date(2028, 2, 29) not in holidays.country_holidays("VN", years=2028)
    assert default_calendar.due_date(datetime(2028, 1, 31, 9), 1, "month") == datetime(2028, 2, 29, 17)


def test_months_landing_on_a_saturday_move_to_monday(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(datetime(2027, 3, 15, 9), 2, "month") == datetime(2027, 5, 17, 17)


def test_add_months_crosses_years() -> None:
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 15), 12) == date(2028, 1, 15)


def test_calendar_day_limits_must_be_whole(default_calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="whole number"):
        default_calendar.due_date(at(WED, 9), 1.5, "day")


# --- received after 15:00 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "limit", "at_1459", "at_1500"),
    [
        ("working_day", 1, at(THU, 14, 59), at(THU, 17)),
        ("hour", 2, at(WED, 16, 59), at(THU, 9)),
        ("day", 1, at(THU, 17), at(FRI, 17)),
    ],
)
def test_after_15h_counts_from_the_next_working_day_at_1500_not_1459(
    default_calendar: WorkCalendar, unit: str, limit: int, at_1459: datetime, at_1500: datetime
) -> None:
    assert default_calendar.due_date(at(WED, 14, 59), limit, unit, after_15h=True) == at_1459
    assert default_calendar.due_date(at(WED, 15), limit, unit, after_15h=True) == at_1500


def test_after_15h_for_months_moves_the_reception_date(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(NEXT_MON, 14, 59), 1, "month", after_15h=True) == datetime(2027, 4, 8, 17)
    assert default_calendar.due_date(at(NEXT_MON, 15), 1, "month", after_15h=True) == datetime(2027, 4, 9, 17)


def test_without_after_15h_a_1500_reception_counts_the_same_day(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(WED, 15), 1, "working_day") == at(THU, 15)
    assert default_calendar.due_date(at(WED, 15), 1, "day") == at(THU, 17)


def test_after_15h_on_friday_counts_from_monday(default_calendar: WorkCalendar) -> None:
    assert default_calendar.due_date(at(FRI, 15, 30), 1, "working_day", after_15h=True) == at(NEXT_MON, 17)


def test_after_15h_before_tet_counts_from_after_tet(default_calendar: WorkCalendar) -> None:
    due = default_calendar.due_date(datetime(2027, 2, 3, 15), 1, "working_day", after_15h=True)
    assert due == datetime(2027, 2, 11, 17)


def test_the_cutoff_is_configurable() -> None:
    cal = WorkCalendar(schedule=OfficeSchedule(late_cutoff=time(16, 0)))
    assert cal.due_date(at(WED, 15, 30), 1, "working_day", after_15h=True) == at(THU, 15, 30)
    assert cal.due_date(at(WED, 16), 1, "working_day", after_15h=True) == at(THU, 17)


# --- the calendar itself ----------------------------------------------------------------------------


def test_every_2027_public_holiday_is_a_day_off(default_calendar: WorkCalendar) -> None:
    for day, name in VN_2027.items():
        assert not default_calendar.is_working_day(day), name
        assert default_calendar.day_off_name(day) == name


def test_weekdays_that_are_not_holidays_are_working_days(default_calendar: WorkCalendar) -> None:
    vn = holidays.country_holidays("VN", years=range(2024, 2029))
    day = date(2024, 1, 1)
    while day.year < 2029:
        expected = day not in vn and (day.weekday() < 5 or day in vn.weekend_workdays)
        assert default_calendar.is_working_day(day) == expected, day
        day += timedelta(days=1)


def test_a_government_make_up_saturday_counts_as_a_working_day(default_calendar: WorkCalendar) -> None:
    saturday = date(2026, 8, 22)
    assert saturday.weekday() == 5
    assert saturday in holidays.country_holidays("VN", years=2026).weekend_workdays
    assert default_calendar.is_working_day(saturday)
    assert default_calendar.due_date(datetime(2026, 8, 21, 16, 10), 1, "working_day") == datetime(2026, 8, 22, 16, 10)


def test_an_extra_make_up_saturday_counts_as_a_working_day() -> None:
    cal = WorkCalendar(extra_working_days={SAT})
    assert cal.is_working_day(SAT)
    assert cal.due_date(at(FRI, 16, 10), 1, "working_day") == at(SAT, 16, 10)


def test_an_extra_day_off_is_skipped() -> None:
    cal = WorkCalendar(extra_days_off={THU: "Provincial anniversary"})
    assert cal.day_off_name(THU) == "Provincial anniversary"
    assert cal.due_date(at(WED, 16, 10), 1, "working_day") == at(FRI, 16, 10)


def test_an_extra_working_day_overrides_a_public_holiday() -> None:
    cal = WorkCalendar(extra_working_days={date(2027, 2, 10)})
    assert cal.is_working_day(date(2027, 2, 10))
    assert cal.due_date(datetime(2027, 2, 3, 16, 10), 1, "working_day") == datetime(2027, 2, 10, 16, 10)


def test_next_and_previous_working_day(default_calendar: WorkCalendar) -> None:
    assert default_calendar.next_working_day(FRI) == NEXT_MON
    assert default_calendar.next_working_day(SAT) == NEXT_MON
    assert default_calendar.next_working_day(WED, include_self=True) == WED
    assert default_calendar.next_working_day(WED) == THU
    assert default_calendar.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)
    assert default_calendar.previous_working_day(NEXT_MON) == FRI
    assert default_calendar.previous_working_day(date(2027, 2, 11)) == date(2027, 2, 3)
    assert default_calendar.working_days(MON, NEXT_MON) == [MON, MON + timedelta(1), WED, THU, FRI, NEXT_MON]


def test_other_office_hours_change_the_day_length() -> None:
    cal = WorkCalendar(schedule=OfficeSchedule(morning_start=time(8), afternoon_end=time(17, 30)))
    assert cal.hours_per_day == 7.5
    assert cal.normalize(at(WED, 7, 30)) == at(WED, 8)
    assert cal.normalize(at(WED, 17, 15)) == at(WED, 17, 15)
    assert cal.due_date(at(WED, 8), 1, "working_day") == at(WED, 17, 30)


def test_inconsistent_office_hours_are_refused() -> None:
    with pytest.raises(ValueError):
        OfficeSchedule(morning_start=time(12), morning_end=time(11))
    with pytest.raises(ValueError):
        OfficeSchedule(morning_end=time(14), afternoon_start=time(13, 30))


def test_instants_outside_the_calendar_years_are_refused(default_calendar: WorkCalendar) -> None:
    with pytest.raises(CalendarRangeError):
        default_calendar.due_date(datetime(2050, 1, 3, 9), 1, "working_day")
    with pytest.raises(CalendarRangeError):
        default_calendar.due_date(datetime(2040, 12, 31, 9), 5, "working_day")
    with pytest.raises(CalendarRangeError):
        default_calendar.due_dates_bulk([datetime(2040, 12, 31, 9)], 5, "working_day")
    with pytest.raises(CalendarRangeError):
        default_calendar.due_dates_bulk([datetime(2014, 12, 31, 9)], 5, "working_day")


def test_negative_limits_and_unknown_units_are_refused(default_calendar: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        default_calendar.due_date(at(WED, 9), -1, "hour")
    with pytest.raises(ValueError, match="Unknown time limit unit"):
        default_calendar.due_date(at(WED, 9), 1, "week")


def test_the_signature_changes_with_the_calendar(default_calendar: WorkCalendar) -> None:
    assert WorkCalendar().signature == default_calendar.signature
    assert WorkCalendar(extra_days_off={THU}).signature != default_calendar.signature
    assert WorkCalendar(schedule=OfficeSchedule(late_cutoff=time(16))).signature != default_calendar.signature


# --- elapsed working time ---------------------------------------------------------------------------


def test_working_hours_between_within_a_morning(default_calendar: WorkCalendar) -> None:
    assert default_calendar.working_hours_between(at(WED, 8), at(WED, 10)) == 2


def test_working_hours_between_skip_lunch(default_calendar: WorkCalendar) -> None:
    assert default_calendar.working_hours_between(at(WED, 11), at(WED, 14)) == 1


def test_working_hours_between_skip_the_weekend(default_calendar: WorkCalendar) -> None:
    assert default_calendar.working_hours_between(at(FRI, 16), at(NEXT_MON, 8)) == 2
    assert default_calendar.working_hours_between(at(SAT, 9), at(NEXT_MON, 7)) == 0


def test_working_hours_between_over_tet(default_calendar: WorkCalendar) -> None:
    assert default_calendar.working_hours_between(datetime(2027, 2, 3, 16, 10), datetime(2027, 2, 17, 16, 10)) == 40


def test_working_hours_between_is_negative_backwards(default_calendar: WorkCalendar) -> None:
    assert default_calendar.working_minutes_between(at(WED, 10), at(WED, 8)) == -120


def test_working_hours_between_undoes_adding_hours(default_calendar: WorkCalendar) -> None:
    start = at(WED, 9, 41)
    for minutes in (1, 59, 480, 1000, 4321):
        end = default_calendar.add_working_minutes(start, minutes)
        assert default_calendar.working_minutes_between(start, end) == minutes
