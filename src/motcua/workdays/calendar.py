"""The working calendar and deadline arithmetic: pure functions, no database.

A :class:`WorkCalendar` is built once from the office hours, the Vietnamese public holidays of the
``holidays`` package and the centre's own table of extra days off and make-up working days. It
precomputes the ordered list of working dates over a range of years, so that every conversion is a
list index or a ``divmod``.

The trick that makes it fast: an instant inside office hours is represented by its *working-minute
ordinal* = index of its working day x minutes per working day + working minutes elapsed that day.
Adding working hours is integer addition; converting back is one ``divmod`` and two list lookups.

Instants are naive wall-clock ``datetime``s in Vietnam local time (Asia/Ho_Chi_Minh, UTC+7, no
daylight saving). Aware ``datetime``s are accepted too: they are converted to local time and the result
comes back aware, in Asia/Ho_Chi_Minh. Seconds and microseconds are dropped (minute precision).

Two readings of the same ordinal: the first minute of a working day (``07:00``) and the end of the
previous one (``17:00`` the working day before) are the same ordinal. An instant where work *starts*
uses the first reading (:meth:`WorkCalendar.normalize`), a due date the second: work that ends exactly
at the end of a day is due at ``17:00`` that day, not ``07:00`` the next working day.
"""

from __future__ import annotations

import calendar as std_calendar
import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import holidays
from django.utils.translation import gettext as _

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_FIRST_YEAR = 2015
DEFAULT_LAST_YEAR = 2040
MINUTES_PER_CLOCK_DAY = 24 * 60

Number = int | float | Decimal
T = TypeVar("T")


class Unit(StrEnum):
    """Units of a time limit."""

    WORKING_DAY = "working_day"
    HOUR = "hour"  # working hours
    DAY = "day"  # calendar days
    MONTH = "month"  # calendar months


class CalendarRangeError(ValueError):
    """The instant or the due date falls outside the years the calendar was built for."""


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@dataclass(frozen=True, slots=True)
class OfficeSchedule:
    """Office hours of a working day (minute precision). ``late_cutoff`` is the reception time from
    which a procedure with the "received after 15:00 counts from the next working day" setting starts
    counting on the next working day."""

    morning_start: time = time(7, 0)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 30)
    afternoon_end: time = time(17, 0)
    late_cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        ms, me = _minutes(self.morning_start), _minutes(self.morning_end)
        as_, ae = _minutes(self.afternoon_start), _minutes(self.afternoon_end)
        if not ms < me <= as_ < ae:
            raise ValueError(_("The morning must end before the afternoon starts, and each must start before it ends."))

    @property
    def morning_minutes(self) -> int:
        return _minutes(self.morning_end) - _minutes(self.morning_start)

    @property
    def afternoon_minutes(self) -> int:
        return _minutes(self.afternoon_end) - _minutes(self.afternoon_start)

    @property
    def minutes_per_day(self) -> int:
        return self.morning_minutes + self.afternoon_minutes

    @property
    def hours_per_day(self) -> float:
        return self.minutes_per_day / 60


@lru_cache(maxsize=8)
def vietnam_public_holidays(first_year: int, last_year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Public holidays (with compensatory and swapped days off) and make-up working Saturdays of the
    ``holidays`` package for Vietnam, over ``first_year..last_year``."""
    vn = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
    return dict(vn.items()), frozenset(vn.weekend_workdays)


class WorkCalendar:
    """Working days and office hours over ``first_year..last_year``, with deadline arithmetic.

    The admin table wins over the ``holidays`` package: a date in ``extra_working_days`` is a working
    day even if it is a public holiday or a weekend; a date in ``extra_days_off`` is a day off.
    ``public_holidays`` and ``weekend_workdays`` default to the ``holidays`` package for Vietnam.
    """

    def __init__(
        self,
        *,
        schedule: OfficeSchedule | None = None,
        extra_days_off: Iterable[date] | Mapping[date, str] = (),
        extra_working_days: Iterable[date] = (),
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
        public_holidays: Mapping[date, str] | None = None,
        weekend_workdays: Iterable[date] | None = None,
    ) -> None:
        if first_year > last_year:
            raise ValueError("first_year must not be after last_year")
        self.schedule = schedule or OfficeSchedule()
        self.first_year, self.last_year = first_year, last_year
        if public_holidays is None or weekend_workdays is None:
            package_days_off, package_workdays = vietnam_public_holidays(first_year, last_year)
            public_holidays = package_days_off if public_holidays is None else public_holidays
            weekend_workdays = package_workdays if weekend_workdays is None else weekend_workdays
        extra_off = dict(extra_days_off) if isinstance(extra_days_off, Mapping) else dict.fromkeys(extra_days_off, "")
        extra_work = set(extra_working_days)
        makeup = set(weekend_workdays) | extra_work

        first, last = date(first_year, 1, 1), date(last_year, 12, 31)
        self._first_ordinal = first.toordinal()
        self._n_days = last.toordinal() - self._first_ordinal + 1
        self._days_off: dict[date, str] = {}
        working: list[bool] = []
        work_dates: list[date] = []
        for n in range(self._n_days):
            d = first + timedelta(days=n)
            if d in extra_work:
                is_working = True
            elif d in extra_off:
                is_working = False
                self._days_off[d] = extra_off[d] or public_holidays.get(d, "")
            elif d in public_holidays:
                is_working = False
                self._days_off[d] = public_holidays[d]
            else:
                is_working = d.weekday() < 5 or d in makeup
            working.append(is_working)
            if is_working:
                work_dates.append(d)
        self._working = working
        self._work_dates = work_dates
        self._work_index = {d: i for i, d in enumerate(work_dates)}
        self._work_ordinals = [d.toordinal() for d in work_dates]

        s = self.schedule
        M = s.minutes_per_day
        self._M = M
        ms, me = _minutes(s.morning_start), _minutes(s.morning_end)
        as_, ae = _minutes(s.afternoon_start), _minutes(s.afternoon_end)
        morning = s.morning_minutes
        self._cutoff = _minutes(s.late_cutoff)

        # Working minutes elapsed at each clock minute of a working day (start reading: any closed
        # minute counts as the next opening minute; after closing it is M, i.e. the next working day).
        tod: list[int] = []
        for m in range(MINUTES_PER_CLOCK_DAY):
            if m < ms:
                tod.append(0)
            elif m < me:
                tod.append(m - ms)
            elif m < as_:
                tod.append(morning)
            elif m < ae:
                tod.append(morning + m - as_)
            else:
                tod.append(M)
        zeros = [0] * MINUTES_PER_CLOCK_DAY
        # For every calendar day (plus one sentinel day): ordinal of the first working minute on or
        # after it, and the table of elapsed minutes to add (none on a day off).
        next_index: list[int] = []
        i = 0
        for n in range(self._n_days):
            while i < len(work_dates) and work_dates[i].toordinal() < self._first_ordinal + n:
                i += 1
            next_index.append(i)
        next_index.append(len(work_dates))
        self._next_index = next_index
        self._day_base = [idx * M for idx in next_index]
        self._tod_for_day = [tod if w else zeros for w in working] + [zeros]

        # Clock time of each offset within a working day, in both readings.
        self._start_clock = [_clock(ms + r) if r < morning else _clock(as_ + r - morning) for r in range(M)]
        # _end_clock[r] is the clock time after r + 1 working minutes of the day.
        self._end_clock = [_clock(ms + r) if r <= morning else _clock(as_ + r - morning) for r in range(1, M + 1)]
        self._afternoon_end = s.afternoon_end

    # --- days -------------------------------------------------------------------------------------

    def _dayno(self, d: date) -> int:
        n = d.toordinal() - self._first_ordinal
        if not 0 <= n < self._n_days:
            raise CalendarRangeError(
                _("%(date)s is outside the working calendar (%(first)s–%(last)s).")
                % {"date": f"{d:%Y-%m-%d}", "first": self.first_year, "last": self.last_year}
            )
        return n

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` (a date, or the local date of a datetime) is a working day."""
        return self._working[self._dayno(_local_date(d))]

    def next_working_day(self, d: date, *, include_self: bool = False) -> date:
        """The first working day after ``d`` (or on ``d`` with ``include_self=True``)."""
        n = self._dayno(_local_date(d)) + (0 if include_self else 1)
        return self._work_date(self._next_index[n])

    def previous_working_day(self, d: date) -> date:
        """The last working day before ``d``."""
        idx = bisect_right(self._work_ordinals, self._dayno(_local_date(d)) + self._first_ordinal - 1) - 1
        return self._work_date(idx)

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days ``start <= d <= end``."""
        lo = self._next_index[self._dayno(start)]
        hi = self._next_index[self._dayno(end) + 1]
        return self._work_dates[lo:hi]

    def day_off_name(self, d: date) -> str | None:
        """Why ``d`` is a day off (holiday or admin reason; "" for a plain weekend), or ``None`` if
        it is a working day."""
        d = _local_date(d)
        if self.is_working_day(d):
            return None
        return self._days_off.get(d, "")

    def _work_date(self, idx: int) -> date:
        if not 0 <= idx < len(self._work_dates):
            raise CalendarRangeError(
                _("The result is outside the working calendar (%(first)s–%(last)s).")
                % {"first": self.first_year, "last": self.last_year}
            )
        return self._work_dates[idx]

    # --- working-minute ordinals --------------------------------------------------------------------

    def working_ordinal(self, instant: datetime) -> int:
        """Working-minute ordinal of the first office-hours minute at or after ``instant``."""
        local = _to_local(instant)
        n = self._dayno(local)
        return self._day_base[n] + self._tod_for_day[n][local.hour * 60 + local.minute]

    def from_working_ordinal(self, ordinal: int, *, end: bool = True, aware: bool = False) -> datetime:
        """The instant of a working-minute ordinal. ``end=True`` reads an ordinal on a day boundary as
        the end of the earlier working day (``17:00``), ``end=False`` as the start of the later one."""
        if end and ordinal > 0:
            idx, r = divmod(ordinal - 1, self._M)
            result = datetime.combine(self._work_date(idx), self._end_clock[r])
        else:
            idx, r = divmod(ordinal, self._M)
            result = datetime.combine(self._work_date(idx), self._start_clock[r])
        return result.replace(tzinfo=LOCAL_TZ) if aware else result

    # --- instants -----------------------------------------------------------------------------------

    def normalize(self, instant: datetime) -> datetime:
        """The first office-hours instant at or after ``instant``: before the morning start → morning
        start; during lunch → afternoon start; after the afternoon end, on a weekend or a day off →
        morning start of the next working day."""
        return self.from_working_ordinal(self.working_ordinal(instant), end=False, aware=_is_aware(instant))

    def is_working_time(self, instant: datetime) -> bool:
        """Whether ``instant`` lies in office hours of a working day, the ends included (17:00 and 11:30
        are working time: work due then is due that day)."""
        local = _to_local(instant)
        if not self.is_working_day(local.date()):
            return False
        s, m = self.schedule, local.hour * 60 + local.minute
        morning = _minutes(s.morning_start) <= m <= _minutes(s.morning_end)
        return morning or _minutes(s.afternoon_start) <= m <= _minutes(s.afternoon_end)

    def add_working_minutes(self, instant: datetime, minutes: int) -> datetime:
        """``minutes`` working minutes after the normalized ``instant``."""
        if minutes < 0:
            raise ValueError(_("The time limit must not be negative."))
        start = self.working_ordinal(instant)
        return self.from_working_ordinal(start + minutes, end=minutes > 0, aware=_is_aware(instant))

    def add_working_hours(self, instant: datetime, hours: Number) -> datetime:
        """``hours`` working hours (fractions allowed, rounded to the minute) after the normalized
        ``instant``."""
        return self.add_working_minutes(instant, _round_minutes(hours, 60))

    def add_working_days(self, instant: datetime, days: Number) -> datetime:
        """``days`` working days (of ``hours_per_day`` working hours each) after the normalized
        ``instant``: received 16:10 + 1 working day = 16:10 the next working day."""
        return self.add_working_minutes(instant, _round_minutes(days, self._M))

    def working_minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes from ``start`` to ``end`` (negative if ``end`` is earlier)."""
        return self.working_ordinal(end) - self.working_ordinal(start)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from ``start`` to ``end`` (negative if ``end`` is earlier)."""
        return self.working_minutes_between(start, end) / 60

    # --- due dates ----------------------------------------------------------------------------------

    def due_date(self, received: datetime, limit: Number, unit: Unit | str, *, after_15h: bool = False) -> datetime:
        """Due date of a dossier received at ``received`` with a time limit of ``limit`` ``unit``s.

        - ``working_day`` / ``hour``: working time counted from the normalized reception instant.
        - ``day``: the end of the afternoon on the reception date + ``limit`` days, moved forward to
          the next working day if that date is not one; ``month`` likewise with calendar months
          (the day of month is clamped: 31 Jan + 1 month = 28/29 Feb).
        - ``after_15h``: received at or after the cut-off (15:00) → counting starts at the morning
          start of the next working day (for ``day``/``month`` that day is the reception date).
        """
        unit = _unit(unit)
        aware = _is_aware(received)
        local = _to_local(received)
        n = self._dayno(local)
        late = after_15h and local.hour * 60 + local.minute >= self._cutoff
        if unit in (Unit.WORKING_DAY, Unit.HOUR):
            minutes = _round_minutes(limit, self._M if unit == Unit.WORKING_DAY else 60)
            start = self._day_base[n + 1] if late else self.working_ordinal(local)
            return self.from_working_ordinal(start + minutes, end=minutes > 0, aware=aware)
        count = _whole(limit)
        reception = self._work_date(self._next_index[n + 1]) if late else local.date()
        target = reception + timedelta(days=count) if unit == Unit.DAY else add_months(reception, count)
        due_day = self._work_date(self._next_index[self._dayno(target)])
        result = datetime.combine(due_day, self._afternoon_end)
        return result.replace(tzinfo=LOCAL_TZ) if aware else result

    def due_dates_bulk(
        self,
        received: Iterable[datetime],
        limits: Number | Sequence[Number],
        unit: Unit | str,
        *,
        after_15h: bool | Sequence[bool] = False,
    ) -> list[datetime]:
        """Due dates of many dossiers sharing one ``unit`` (group by unit first). ``limits`` and
        ``after_15h`` are one value for all or one per dossier. Same results as :meth:`due_date`,
        several times faster: the loop is inlined on working-minute ordinals."""
        unit = _unit(unit)
        received = received if isinstance(received, Sequence) else list(received)
        count = len(received)
        limit_list: Sequence[Number] = _per_item(limits, count, "limits")
        late_list: Sequence[bool] = _per_item(after_15h, count, "after_15h")
        if unit not in (Unit.WORKING_DAY, Unit.HOUR):
            return [
                self.due_date(r, lim, unit, after_15h=late)
                for r, lim, late in zip(received, limit_list, late_list, strict=True)
            ]

        M = self._M
        per_unit = M if unit == Unit.WORKING_DAY else 60
        if isinstance(limits, Sequence):
            minutes_list = [
                lim * per_unit if type(lim) is int and lim >= 0 else _round_minutes(lim, per_unit) for lim in limit_list
            ]
        else:
            minutes_list = [_round_minutes(limits, per_unit)] * count
        if isinstance(after_15h, Sequence):
            cutoffs = [self._cutoff if late else MINUTES_PER_CLOCK_DAY for late in after_15h]
        else:
            cutoffs = [self._cutoff if after_15h else MINUTES_PER_CLOCK_DAY] * count
        first, n_days = self._first_ordinal, self._n_days
        day_base, tod_for_day = self._day_base, self._tod_for_day
        work_dates, start_clock, end_clock = self._work_dates, self._start_clock, self._end_clock
        combine = datetime.combine
        out: list[datetime] = []
        append = out.append
        try:
            for instant, minutes, cutoff in zip(received, minutes_list, cutoffs, strict=True):
                tz = instant.tzinfo
                if tz is not None:
                    instant = instant.astimezone(LOCAL_TZ)
                n = instant.toordinal() - first
                if not 0 <= n < n_days:
                    self._dayno(instant)  # raises CalendarRangeError
                m = instant.hour * 60 + instant.minute
                ordinal = day_base[n + 1] if m >= cutoff else day_base[n] + tod_for_day[n][m]
                if minutes:
                    idx, r = divmod(ordinal + minutes - 1, M)
                    result = combine(work_dates[idx], end_clock[r])
                else:
                    idx, r = divmod(ordinal, M)
                    result = combine(work_dates[idx], start_clock[r])
                append(result if tz is None else result.replace(tzinfo=LOCAL_TZ))
        except IndexError:
            self._work_date(len(work_dates))  # raises CalendarRangeError
            raise
        return out

    @property
    def minutes_per_day(self) -> int:
        return self._M

    @property
    def hours_per_day(self) -> float:
        return self.schedule.hours_per_day

    @property
    def signature(self) -> str:
        """A stable digest of the office hours and the working days: if it did not change, no due
        date needs recomputing."""
        h = hashlib.sha256()
        s = self.schedule
        h.update(f"{s.morning_start}{s.morning_end}{s.afternoon_start}{s.afternoon_end}{s.late_cutoff}".encode())
        h.update(f"{self.first_year}-{self.last_year}".encode())
        h.update(bytes(self._working))
        return h.hexdigest()[:16]


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, the day clamped to the end of the month."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, std_calendar.monthrange(year, month)[1]))


def _unit(unit: Unit | str) -> Unit:
    try:
        return Unit(unit)
    except ValueError:
        raise ValueError(
            _("Unknown time limit unit %(unit)s (use one of: %(units)s).")
            % {"unit": repr(unit), "units": ", ".join(u.value for u in Unit)}
        ) from None


def _per_item(value: T | Sequence[T], count: int, name: str) -> Sequence[T]:
    if isinstance(value, Sequence):
        if len(value) != count:
            raise ValueError(f"{name} must have one value per dossier")
        return value
    return [value] * count


def _round_minutes(amount: Number, minutes_per_unit: int) -> int:
    """``amount`` units in minutes, rounded to the nearest minute (half to even)."""
    if amount < 0:
        raise ValueError(_("The time limit must not be negative."))
    if isinstance(amount, Decimal):
        return int((amount * minutes_per_unit).to_integral_value())
    return round(amount * minutes_per_unit)


def _whole(amount: Number) -> int:
    if amount < 0:
        raise ValueError(_("The time limit must not be negative."))
    if Decimal(str(amount)) != int(amount):
        raise ValueError(_("A time limit in calendar days or months must be a whole number."))
    return int(amount)


def _is_aware(instant: datetime) -> bool:
    return instant.tzinfo is not None and instant.utcoffset() is not None


def _to_local(instant: datetime) -> datetime:
    """Naive local wall-clock time of ``instant`` (aware → converted to Asia/Ho_Chi_Minh)."""
    if _is_aware(instant):
        return instant.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return instant


def _local_date(d: date) -> date:
    return _to_local(d).date() if isinstance(d, datetime) else d
