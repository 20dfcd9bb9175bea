"""What happens on the centre's floor and on its hotline: guidance sessions, hotline calls, the guidance
requests that could not be answered at once (one owner each until closed, transfers accepted by the new
owner) and satisfaction surveys (one per dossier). The statistics report counts them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class GuidanceTopic(models.Model):
    """One entry of the configurable list of guidance topics (ID cards, land, driving licences, …)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("guidance topic")
        verbose_name_plural = _("guidance topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class GuidanceSession(models.Model):
    """One guidance given to a visitor or caller (hướng dẫn) about a procedure."""

    class Channel(models.TextChoices):
        COUNTER = "counter", _("at the counter")
        PHONE = "phone", _("by phone")
        CHAT = "chat", _("online chat")
        EMAIL = "email", _("e-mail")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("answered at once")
        REQUEST = "request", _("request opened (answer later)")
        REFERRED = "referred", _("referred elsewhere")

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
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, blank=True, choices=Outcome.choices)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    visitor_name = models.CharField(_("visitor"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

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
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.topic}"


class GuidanceRequest(models.Model):
    """A question that could not be answered at once: exactly one owner until it is closed, a callback due
    within MOTCUA_GUIDANCE_CALLBACK_HOURS working hours of its opening."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    session = models.OneToOneField(
        GuidanceSession,
        verbose_name=_("guidance session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )
    call = models.OneToOneField(
        HotlineCall,
        verbose_name=_("hotline call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )
    question = models.TextField(_("question"))
    contact_name = models.CharField(_("contact name"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=16, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="guidance_requests"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"))
    callback_due_at = models.DateTimeField(_("callback due"), db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("guidance request")
        verbose_name_plural = _("guidance requests")
        ordering = ["callback_due_at", "id"]
        indexes = [
            models.Index(
                fields=["owner", "callback_due_at"], condition=models.Q(status="open"), name="guidance_request_open"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.question[:40]}"

    @property
    def topic(self) -> str:
        source = self.session or self.call
        return source.topic if source else ""


class GuidanceTransfer(models.Model):
    """One hand-over of a request: who, to whom, why. Pending until the new owner accepts; the old owner
    stays the owner meanwhile."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for acceptance")
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(
        GuidanceRequest, verbose_name=_("guidance request"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("from"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), on_delete=models.PROTECT, related_name="guidance_transfers_in"
    )
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    at = models.DateTimeField(_("at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("guidance transfer")
        verbose_name_plural = _("guidance transfers")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=models.Q(status="pending"), name="guidance_transfer_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} → {self.to_user_id}"


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

    class Source(models.TextChoices):
        COUNTER = "counter", _("at the counter")
        ONLINE = "online", _("online after lookup")
        LINK = "link", _("link in the notice")
        IMPORTED = "imported", _("imported")

    # The regulation's questions besides satisfaction and attitude (blank: not asked, e.g. imported).
    class Time(models.TextChoices):
        EARLY = "early", _("before the promised date")
        ON_TIME = "on_time", _("on the promised date")
        LATE = "late", _("after the promised date")

    class Contacts(models.TextChoices):
        ONE = "one", _("once")
        TWO = "two", _("twice")
        MORE = "more", _("three times or more")

    class Information(models.TextChoices):
        CLEAR = "clear", _("clear and complete")
        UNCLEAR = "unclear", _("unclear or incomplete")

    class Result(models.TextChoices):
        CORRECT = "correct", _("correct")
        WRONG = "wrong", _("had errors")

    class Costs(models.TextChoices):
        AS_LISTED = "as_listed", _("only the listed fees")
        EXTRA = "extra", _("more than the listed fees")

    at = models.DateTimeField(_("at"), db_index=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("dossier"), null=True, blank=True, on_delete=models.SET_NULL
    )
    satisfaction = models.CharField(_("satisfaction"), max_length=16, choices=Satisfaction.choices)
    attitude = models.CharField(_("staff attitude"), max_length=12, choices=Attitude.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), null=True, blank=True, on_delete=models.SET_NULL
    )
    counter = models.ForeignKey(
        "organisation.Counter",
        verbose_name=_("counter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency = models.ForeignKey(
        "organisation.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.IMPORTED)
    time = models.CharField(_("processing time"), max_length=8, blank=True, choices=Time.choices)
    contacts = models.CharField(_("number of contacts"), max_length=8, blank=True, choices=Contacts.choices)
    information = models.CharField(_("information"), max_length=8, blank=True, choices=Information.choices)
    result = models.CharField(_("result"), max_length=8, blank=True, choices=Result.choices)
    costs = models.CharField(_("costs"), max_length=10, blank=True, choices=Costs.choices)

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
