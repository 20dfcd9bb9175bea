"""Seconded staff at the centre (issue #13): where each officer is posted, the centre's standards and who
meets them, the onboarding items each officer acknowledged, the weekly roster of every counter, and the
supervision records (inspections and violations)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organisation.models import Agency, Counter, ServicePoint


class Posting(models.Model):
    """An officer seconded from a home agency to a service point (and a counter) for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="postings"
    )
    home_agency = models.ForeignKey(
        Agency, verbose_name=_("home agency"), on_delete=models.PROTECT, related_name="postings"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="postings"
    )
    counter = models.ForeignKey(
        Counter, verbose_name=_("counter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="postings"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["user", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="posting_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.service_point} ({self.starts_on})"


class Standard(models.Model):
    """One of the centre's standards for seconded officers (configurable list)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """An officer meets a standard since a date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="qualifications"
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="qualifications"
    )
    obtained_on = models.DateField(_("obtained on"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["user", "standard"]
        constraints = [models.UniqueConstraint(fields=["user", "standard"], name="qualification_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.standard}"


class OnboardingItem(models.Model):
    """Something every new officer reads and acknowledges (rules of the centre, code of conduct...)."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Acknowledgement(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    item = models.ForeignKey(
        OnboardingItem, verbose_name=_("onboarding item"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_on = models.DateField(_("acknowledged on"))

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="acknowledgement_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.item} ({self.acknowledged_on})"


class RosterEntry(models.Model):
    """Who works at a counter on one day of a week (the weekly roster is the week's entries)."""

    counter = models.ForeignKey(Counter, verbose_name=_("counter"), on_delete=models.CASCADE, related_name="roster")
    day = models.DateField(_("day"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.CASCADE, related_name="roster_entries"
    )

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        ordering = ["counter", "day"]
        constraints = [models.UniqueConstraint(fields=["counter", "day"], name="roster_one_officer_per_counter_day")]

    def __str__(self) -> str:
        return f"{self.counter} {self.day}: {self.user}"


class Inspection(models.Model):
    """A supervision visit: when, by whom, what was found."""

    on = models.DateField(_("date"), db_index=True)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), null=True, blank=True, on_delete=models.SET_NULL
    )
    findings = models.TextField(_("findings"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on} {self.findings[:40]}"


class Violation(models.Model):
    """A breach of discipline, of the centre's culture, of attitude towards applicants or of process."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("discipline")
        CULTURE = "culture", _("workplace culture")
        ATTITUDE = "attitude", _("attitude")
        PROCESS = "process", _("process")

    class Severity(models.TextChoices):
        MINOR = "minor", _("minor")
        MODERATE = "moderate", _("moderate")
        SERIOUS = "serious", _("serious")

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="violations"
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="violations",
    )
    on = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("description"))
    follow_up = models.TextField(_("follow-up"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on} {self.officer} {self.get_kind_display()}"
