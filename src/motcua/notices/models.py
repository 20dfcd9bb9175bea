"""The notice outbox: one row per SMS, e-mail or Zalo message to an applicant, written in the transaction of the dossier
action that causes it and sent later by a worker (services.notice_deliver)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, Transition


class Event(models.TextChoices):
    RECEIVED = "received", _("dossier received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("supplements requested")
    FEES_REQUESTED = "fees_requested", _("fees due")
    APOLOGISED = "apologised", _("apology with a new date")
    RESULT_READY = "result_ready", _("result ready")
    RETURNED = "returned", _("result returned")
    SURVEY_INVITATION = "survey_invitation", _("survey invitation")
    HANDED_TO_POST = "handed_to_post", _("result sent by post")
    POST_RETURNED = "post_returned", _("result brought back by the post")
    IMPORTED = "imported", _("imported from the previous system")


class NoticeChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")
    ZALO = "zalo", _("Zalo")


class Notice(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        ACCEPTED = "accepted", _("accepted by the provider")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")
        GIVEN_UP = "given_up", _("given up")

    # The idempotency id: the gateway receives the same id on every retry of this notice.
    uuid = models.UUIDField(_("idempotency id"), default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notices")
    transition = models.ForeignKey(Transition, null=True, blank=True, on_delete=models.SET_NULL)
    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    channel = models.CharField(_("notice channel"), max_length=8, choices=NoticeChannel.choices)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="vi")
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    sms_parts = models.PositiveSmallIntegerField(_("SMS parts"), default=0)
    # Zalo ZNS: {"template_id": …, "template_data": {…}}, fixed when queued so every retry sends the same.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    priority = models.BooleanField(_("priority"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.QUEUED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # queued: not before this instant (backoff, quiet hours); sending: the lease of the attempt in hand ends.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=128, blank=True)
    sent_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["dossier", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "event", "channel"],
                condition=models.Q(transition__isnull=False),
                name="notice_one_per_transition_event_channel",
            )
        ]
        indexes = [
            models.Index(
                fields=["state", "next_attempt_at"],
                name="notice_unfinished",
                condition=models.Q(state__in=["queued", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.channel} {self.recipient} ({self.state})"

    @property
    def recipient_masked(self) -> str:
        """For the public tracking page: the last three digits of a phone, the domain of an e-mail."""
        if self.channel == NoticeChannel.EMAIL:
            name, _at, domain = self.recipient.partition("@")
            return f"{name[:1]}…@{domain}"
        return f"…{self.recipient[-3:]}"


class NoticeEvent(models.Model):
    """One row per state change after queueing: each attempt, its outcome, receipts."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    state = models.CharField(_("state"), max_length=12, choices=Notice.State.choices)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["notice", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.state} {self.at:%Y-%m-%d %H:%M:%S}"


class NoticeOptOut(models.Model):
    """An applicant who asked for no more notices on a channel (keyed by the phone or e-mail address)."""

    channel = models.CharField(_("notice channel"), max_length=8, choices=NoticeChannel.choices)
    address = models.CharField(_("phone or e-mail"), max_length=254)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice opt-out")
        verbose_name_plural = _("notice opt-outs")
        constraints = [models.UniqueConstraint(fields=["channel", "address"], name="notice_optout_unique")]

    def __str__(self) -> str:
        return f"{self.channel}: {self.address}"


class NoticeTemplate(models.Model):
    """A centre's wording of one event on one channel in one language, replacing the default in code.
    Django template syntax; the variables are listed in texts.SAMPLE_CONTEXT."""

    event = models.CharField(_("event"), max_length=32, choices=Event.choices)
    channel = models.CharField(_("notice channel"), max_length=8, choices=NoticeChannel.choices)
    language = models.CharField(_("language"), max_length=8, choices=[("vi", "Tiếng Việt"), ("en", "English")])
    subject = models.CharField(_("subject"), max_length=255, blank=True, help_text=_("E-mail only."))
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")
        constraints = [models.UniqueConstraint(fields=["event", "channel", "language"], name="notice_template_unique")]

    def __str__(self) -> str:
        return f"{self.event} / {self.channel} / {self.language}"
