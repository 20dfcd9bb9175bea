"""Feedback and petitions (phản ánh, kiến nghị — PAKN): one row per item received from the portal, the
hotline or the counter, classified on intake, answered by the competent agency within working-day limits
(settings FEEDBACK_*_DAYS), published without personal data and rated by the citizen through a token link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organisation.models import Agency


class Feedback(models.Model):
    class Channel(models.TextChoices):
        PORTAL = "portal", _("portal")
        HOTLINE = "hotline", _("hotline")
        COUNTER = "counter", _("counter")

    class Kind(models.TextChoices):
        NOT_ACCEPTABLE = "not_acceptable", _("not acceptable")
        STAFF_BEHAVIOUR = "staff_behaviour", _("about staff behaviour")
        WITHIN_COMPETENCE = "within_competence", _("within competence")
        OUTSIDE_COMPETENCE = "outside_competence", _("outside competence (transfer)")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, not classified")
        IN_PROGRESS = "in_progress", _("being handled")
        AWAITING_INFO = "awaiting_info", _("waiting for more information from the citizen")
        REFUSED = "refused", _("not accepted")
        ANSWERED = "answered", _("answered")
        PUBLISHED = "published", _("answer published")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        NEUTRAL = "neutral", _("neutral")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    name = models.CharField(_("name"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content"))
    dossier_code = models.CharField(_("related dossier code"), max_length=40, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback",
        help_text=_("The agency that handles it; none: the centre's supervisors route it."),
    )
    received_at = models.DateTimeField(_("received at"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("classification"), max_length=20, choices=Kind.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_feedback",
    )
    decide_due_at = models.DateTimeField(_("classify by"))
    answer_due_at = models.DateTimeField(_("answer by"))
    publish_due_at = models.DateTimeField(_("publish by"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for not accepting"), blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    info_request = models.TextField(_("information asked for"), blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_reply = models.TextField(_("information given"), blank=True)
    info_replied_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_question = models.TextField(_("question as published"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    rating_token = models.CharField(max_length=43, unique=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status"], name="feedback_agency_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        return f"PAKN-{self.pk:06d}" if self.pk else "PAKN-?"

    @property
    def due_at(self) -> dt.datetime | None:
        """The deadline of what is pending: classify, answer, or publish; none while the citizen is asked
        for more information (the clock is paused) and once closed."""
        if self.status == self.Status.RECEIVED:
            return self.decide_due_at
        if self.status == self.Status.IN_PROGRESS:
            return self.answer_due_at
        if self.status == self.Status.ANSWERED:
            return self.publish_due_at
        return None


class FeedbackTransfer(models.Model):
    """One transfer to another agency (outside competence, or routed by the centre): kept for the record."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    on_time = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id} → {self.to_agency_id}"
