from __future__ import annotations

from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR, OfficeSchedule


class CalendarDay(models.Model):
    """A day the centre's calendar sets apart from the ``holidays`` package's Vietnamese calendar:
    an extra day off, or a make-up working day (usually a Saturday). Write through
    ``calendar_day_add`` / ``calendar_day_remove`` so cached calendars are refreshed."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("extra day off")
        WORKING_DAY = "working_day", _("make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name or reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.date and not DEFAULT_FIRST_YEAR <= self.date.year <= DEFAULT_LAST_YEAR:
            raise ValidationError(
                {
                    "date": _("The working calendar covers the years %(first)s to %(last)s.")
                    % {"first": DEFAULT_FIRST_YEAR, "last": DEFAULT_LAST_YEAR}
                }
            )


class OfficeHours(models.Model):
    """The centre's office hours: a single row (``OfficeHours.load()``). Write through
    ``office_hours_update``. ``revision`` changes on every calendar write so that each process
    notices its cached calendar is stale."""

    SINGLETON_PK = 1

    morning_start = models.TimeField(_("morning start"), default=time(7, 0))
    morning_end = models.TimeField(_("morning end"), default=time(11, 30))
    afternoon_start = models.TimeField(_("afternoon start"), default=time(13, 30))
    afternoon_end = models.TimeField(_("afternoon end"), default=time(17, 0))
    late_cutoff = models.TimeField(
        _("late reception cut-off"),
        default=time(15, 0),
        help_text=_(
            "For procedures counted from the next working day when received late, "
            "dossiers received at or after this time start counting the next working day."
        ),
    )
    revision = models.CharField(_("revision"), max_length=32, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(morning_start__lt=models.F("morning_end"))
                & models.Q(morning_end__lte=models.F("afternoon_start"))
                & models.Q(afternoon_start__lt=models.F("afternoon_end")),
                name="workdays_officehours_ordered",
            ),
            models.CheckConstraint(condition=models.Q(id=1), name="workdays_officehours_singleton"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON_PK  # one row per centre
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> OfficeHours:
        """The centre's office hours (the defaults if never edited; the row is created then)."""
        row, _created = cls.objects.get_or_create(pk=cls.SINGLETON_PK)
        return row

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for field in ("morning_start", "morning_end", "afternoon_start", "afternoon_end", "late_cutoff"):
            value = getattr(self, field)
            if value is not None and (value.second or value.microsecond):
                errors[field] = _("Use whole minutes.")
        if errors:
            raise ValidationError(errors)
        ms, me, as_, ae = self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end
        if None in (ms, me, as_, ae, self.late_cutoff):
            return  # the field validators report the missing values
        if not ms < me:
            errors["morning_end"] = _("The morning must end after it starts.")
        if not as_ < ae:
            errors["afternoon_end"] = _("The afternoon must end after it starts.")
        if not me <= as_:
            errors["afternoon_start"] = _("The afternoon must start after the morning ends (no overlap).")
        if not errors and not ms < self.late_cutoff <= ae:
            errors["late_cutoff"] = _("The cut-off must fall within the working day.")
        if errors:
            raise ValidationError(errors)

    def to_schedule(self) -> OfficeSchedule:
        return OfficeSchedule(
            morning_start=self.morning_start.replace(second=0, microsecond=0),
            morning_end=self.morning_end.replace(second=0, microsecond=0),
            afternoon_start=self.afternoon_start.replace(second=0, microsecond=0),
            afternoon_end=self.afternoon_end.replace(second=0, microsecond=0),
            late_cutoff=self.late_cutoff.replace(second=0, microsecond=0),
        )
