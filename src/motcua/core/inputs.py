"""Bounded parsing of untrusted values (JSON bodies, form fields, query strings).

Every parser takes the raw value and the name of the field it came from, and either returns a value the
rest of the system can use without surprises (a whole number that fits a 64-bit column, a finite
decimal within limits, a datetime inside the working calendar's years) or raises a ``ValidationError``
keyed by that field, so that interfaces answer 400 with a field message instead of 500.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.core.text import nfc, squash
from motcua.workdays.calendar import DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR

BIGINT_MAX = 2**63 - 1
FIRST_DATE = dt.date(DEFAULT_FIRST_YEAR, 1, 1)
LAST_DATE = dt.date(DEFAULT_LAST_YEAR, 12, 31)

_WHOLE = re.compile(r"[+-]?[0-9]{1,19}")
_LONGEST_TEXT = 64  # no number or ISO 8601 instant we accept is longer


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def bounded_int(value: Any, *, field: str, minimum: int = 0, maximum: int = BIGINT_MAX) -> int:
    """A whole number ``minimum <= n <= maximum`` from an int, an integral finite float or a string of
    ASCII digits (no superscripts, no 5,000-digit strings)."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float):
        number = int(value) if math.isfinite(value) and value.is_integer() else None
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None:
        raise _error(field, _("Enter a whole number."))
    if not minimum <= number <= maximum:
        raise _error(
            field, _("Enter a whole number from %(minimum)s to %(maximum)s.") % {"minimum": minimum, "maximum": maximum}
        )
    return number


def bounded_decimal(value: Any, *, field: str, minimum: Decimal, maximum: Decimal) -> Decimal:
    """A finite decimal ``minimum <= d <= maximum`` (NaN, Infinity and out-of-range values refused)."""
    number: Decimal | None = None
    if not isinstance(value, bool) and isinstance(value, int | float | str | Decimal):
        text = str(value).strip()
        if len(text) <= _LONGEST_TEXT:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
    if number is None or not number.is_finite():
        raise _error(field, _("Enter a number."))
    if not minimum <= number <= maximum:
        raise _error(
            field, _("Enter a number from %(minimum)s to %(maximum)s.") % {"minimum": minimum, "maximum": maximum}
        )
    return number


def datetime_in_range(value: Any, *, field: str, first: dt.date = FIRST_DATE, last: dt.date = LAST_DATE) -> dt.datetime:
    """An aware datetime from an ISO 8601 string (naive ones are read in the current time zone) whose
    local date lies in ``first..last`` (by default the years the working calendar covers)."""
    parsed: dt.datetime | None = None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and len(value) <= _LONGEST_TEXT:
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:  # well formed but impossible, such as 30 February
            parsed = None
    if parsed is None:
        raise _error(field, _("Enter a date and time in ISO 8601."))
    out_of_range = _error(
        field,
        _("Enter a date from %(first)s to %(last)s.") % {"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
    )
    # Check the written date first (with a day to spare for the time zone): converting year 1 or 9999
    # to another zone overflows.
    if not first - dt.timedelta(days=1) <= parsed.date() <= last + dt.timedelta(days=1):
        raise out_of_range
    aware = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    if not first <= timezone.localtime(aware).date() <= last:
        raise out_of_range
    return aware


def date_in_range(value: Any, *, field: str, first: dt.date = FIRST_DATE, last: dt.date = LAST_DATE) -> dt.date:
    """A date from ``YYYY-MM-DD`` lying in ``first..last`` (by default the working calendar's years)."""
    parsed: dt.date | None = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str) and len(value) <= _LONGEST_TEXT:
        try:
            parsed = dt.date.fromisoformat(value.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        raise _error(field, _("Enter a date as YYYY-MM-DD."))
    if not first <= parsed <= last:
        raise _error(
            field,
            _("Enter a date from %(first)s to %(last)s.") % {"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
        )
    return parsed


def free_text(value: Any, *, field: str, max_length: int = 10_000) -> str:
    """A note or a reason: any string up to ``max_length`` characters after NFC, without NUL (which
    PostgreSQL cannot store)."""
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise _error(field, _("Remove the control characters from this text."))
    if len(nfc(text)) > max_length:
        raise _error(
            field,
            _("Ensure this value has at most %(limit)d characters (it has %(count)d).")
            % {"limit": max_length, "count": len(nfc(text))},
        )
    return text


def text_within(value: Any, *, field: str, max_length: int) -> str:
    """The text as it will be stored (NFC, single spaces), refused when that is longer than
    ``max_length``: NFC can make a string longer (e.g. U+FB2C becomes three characters)."""
    text = squash(free_text(value, field=field, max_length=10 * max_length + 1000))
    if len(text) > max_length:
        raise _error(
            field,
            _("Ensure this value has at most %(limit)d characters (it has %(count)d).")
            % {"limit": max_length, "count": len(text)},
        )
    return text
