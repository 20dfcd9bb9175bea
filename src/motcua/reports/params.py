"""The report's arguments, bounded and validated the same way for the command and the back office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.inputs import FIRST_DATE, LAST_DATE
from motcua.organisation.models import Agency

MAX_DAYS = 366 * 20


@dataclass
class ReportParams:
    start: dt.date
    end: dt.date
    agency: Agency | None = None
    level: str | None = None


def _date(value: str | None, field: str) -> dt.date:
    text = (value or "").strip()
    try:
        day = dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({field: [_("Enter a date as YYYY-MM-DD.")]})
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(
            {field: [_("Enter a date from %(first)s to %(last)s.") % {"first": FIRST_DATE, "last": LAST_DATE}]}
        )
    return day


def report_params(
    *, start: str | None, end: str | None, agency: str | None = None, level: str | None = None
) -> ReportParams:
    """ValidationError keyed by the argument for a bad date, an inverted or too long period, an unknown
    agency (database id or identifier) or level."""
    first, last = _date(start, "from"), _date(end, "to")
    if last < first:
        raise ValidationError({"to": [_("The end of the period is before its start.")]})
    if (last - first).days > MAX_DAYS:
        raise ValidationError({"to": [_("The period may be at most 20 years.")]})
    found = None
    text = (agency or "").strip()
    if text:
        if text.isdigit() and len(text) <= 18:
            found = Agency.objects.filter(pk=int(text)).first()
        if found is None and len(text) <= 32:
            found = Agency.objects.filter(identifier=text).first()
        if found is None:
            raise ValidationError({"agency": [_("Unknown agency.")]})
    wanted_level = (level or "").strip() or None
    if wanted_level is not None and wanted_level not in Agency.Level.values:
        raise ValidationError({"level": [_("Unknown level %(value)s.") % {"value": wanted_level[:40]}]})
    return ReportParams(first, last, found, wanted_level)
