"""The national portal outbox: one SyncEvent per dossier status change (codes 1–10) and per survey,
written in the transaction that caused it and pushed later, in batches, by the ``sync_push`` task.
SyncRun records each catch-up (a period sent again)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncEvent(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status", _("status change")
        SURVEY = "survey", _("survey")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        GIVEN_UP = "given_up", _("given up")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # The Transition or Survey id: with ``kind`` it is the event id the portal sees on every attempt.
    source_id = models.BigIntegerField(_("source id"))
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="sync_events"
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    payload = models.JSONField(_("payload"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # pending: not before this instant (backoff); sending: the lease of the attempt in hand ends.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("national sync event")
        verbose_name_plural = _("national sync events")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["kind", "source_id"], name="sync_event_one_per_source")]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"],
                name="sync_event_unsent",
                condition=models.Q(state__in=["pending", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.state})"

    @property
    def event_id(self) -> str:
        return f"{self.kind}-{self.source_id}"


class SyncRun(models.Model):
    """One ``motcua sync-catch-up``: the period sent again and what happened."""

    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    events = models.PositiveIntegerField(_("events sent"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    retries = models.PositiveIntegerField(_("retries"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("national sync catch-up")
        verbose_name_plural = _("national sync catch-ups")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.date_from}–{self.date_to}: {self.events}"
