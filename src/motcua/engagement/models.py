"""What happens on the centre's floor and on its hotline: guidance sessions, hotline calls and
satisfaction surveys. Plain records; the statistics report counts them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuidanceSession(models.Model):
    """One guidance given to a visitor or caller (hướng dẫn) about a procedure."""

    at = models.DateTimeField(_("at"), db_index=True)
    procedure = models.ForeignKey(
        "catalogue.Procedure", verbose_name=_("procedure"), null=True, blank=True, on_delete=models.SET_NULL
    )
    channel = models.CharField(_("channel"), max_length=40, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff"), null=True, blank=True, on_delete=models.SET_NULL
    )
    staff_name = models.CharField(_("staff name"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.topic}"


class HotlineCall(models.Model):
    """One call to the centre's hotline."""

    at = models.DateTimeField(_("at"), db_index=True)
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=16, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.topic}"


class Survey(models.Model):
    """One satisfaction answer (at the counter or online), at most one per dossier."""

    class Satisfaction(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("very satisfied")
        SATISFIED = "satisfied", _("satisfied")
        NEUTRAL = "neutral", _("neutral")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    class Attitude(models.TextChoices):
        VERY_POLITE = "very_polite", _("very polite")
        NORMAL = "normal", _("normal")
        IMPOLITE = "impolite", _("impolite")

    at = models.DateTimeField(_("at"), db_index=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), null=True, blank=True, on_delete=models.SET_NULL
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices)
    attitude = models.CharField(_("staff attitude"), max_length=12, choices=Attitude.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(dossier__isnull=False), name="survey_one_per_dossier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.satisfaction}"
