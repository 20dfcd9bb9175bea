from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Channel as CatalogueChannel
from motcua.catalogue.models import ProcedureVersion, ProcessStep, RequiredDocument
from motcua.organisation.models import Agency, ServicePoint, StaffRole


class Dossier(models.Model):
    """One application (hồ sơ) for one procedure version."""

    class Status(models.IntegerChoices):
        SUBMITTED = 1, _("submitted, not yet received")
        RECEIVED = 2, _("received")
        REFUSED = 3, _("refused at reception")
        IN_PROCESS = 4, _("in process")
        SUPPLEMENT = 5, _("supplement requested")
        FEES_DUE = 6, _("fees due")
        WITHDRAWN = 7, _("withdrawn")
        STOPPED = 8, _("processing stopped")
        FINISHED = 9, _("processing finished")
        RETURNED = 10, _("result returned")

    # The channels a dossier comes by are the catalogue's (national codes 1, 2, 3).
    Channel = CatalogueChannel.Kind

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")

    class Delivery(models.TextChoices):
        COUNTER = "counter", _("at the counter")
        POST = "post", _("by post")
        ONLINE = "online", _("online")

    class Verdict(models.TextChoices):
        EARLY = "early", _("early")
        ON_TIME = "on_time", _("on time")
        LATE = "late", _("late")
        PENDING = "pending", _("pending")

    code = models.CharField(_("code"), max_length=64, unique=True, null=True, blank=True)
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.PROTECT, related_name="dossiers"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), on_delete=models.PROTECT, related_name="dossiers"
    )
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices, db_index=True)
    lock_version = models.PositiveIntegerField(default=0, editable=False)

    applicant_kind = models.CharField(
        _("applicant kind"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_name_folded = models.CharField(max_length=255, editable=False, db_index=True, default="")
    applicant_id_number = models.CharField(_("identity number"), max_length=20, db_index=True)
    applicant_phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=500, blank=True)
    proxy_name = models.CharField(_("submitted by (proxy)"), max_length=255, blank=True)
    proxy_id_number = models.CharField(_("proxy identity number"), max_length=20, blank=True)
    proxy_phone = models.CharField(_("proxy phone"), max_length=16, blank=True)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("original due date"), null=True, blank=True)
    time_limit = models.DecimalField(_("time limit"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(_("time unit"), max_length=12, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    resume_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=Status.choices)
    paused_minutes = models.PositiveIntegerField(_("working minutes paused"), default=0)
    apologised = models.BooleanField(_("apology issued"), default=False)
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    # The applicant sent the missing documents online (dossier_resubmit_online) and no staff action has
    # followed yet: the "supplements received" inbox.
    supplement_received_at = models.DateTimeField(_("supplement received online at"), null=True, blank=True)
    # Past its due date when it was sent back for supplements: the fresh clock after the resubmission
    # never makes such a dossier on time again.
    late_before_supplement = models.BooleanField(_("late before a supplement request"), default=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, blank=True)  # "granted" | "refused"
    result_collected_by = models.CharField(_("result collected by"), max_length=255, blank=True)

    result_delivery = models.CharField(
        _("result delivery"), max_length=10, choices=Delivery.choices, default=Delivery.COUNTER
    )
    fee_amount = models.DecimalField(_("fee"), max_digits=14, decimal_places=2, default=0)
    fee_currency = models.CharField(_("currency"), max_length=3, default="VND")
    fee_exempt = models.BooleanField(_("fee exempted"), default=False)
    fee_exemption_reason = models.CharField(_("exemption reason"), max_length=255, blank=True)
    fee_paid = models.BooleanField(_("fee paid"), default=False)

    current_position = models.PositiveSmallIntegerField(_("current step position"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="dossier_agency_status_due"),
            # Inboxes page through open dossiers by due date (keyset): per agency, and for supervisors.
            models.Index(
                fields=["agency", "due_at", "id"],
                condition=models.Q(status__in=[2, 4, 5, 6]),
                name="dossier_open_agency_due",
            ),
            models.Index(fields=["due_at", "id"], condition=models.Q(status__in=[2, 4, 5, 6]), name="dossier_open_due"),
            # The "supplements received" inbox: few rows at any time, paged by code.
            models.Index(
                fields=["agency", "code", "id"],
                condition=models.Q(supplement_received_at__isnull=False),
                name="dossier_supplement_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.late_before_supplement:
            return True
        # A paused clock stops at the pause: a dossier paused after its due date stays late.
        end = self.finished_at or self.paused_at or now
        return self.due_at is not None and end > self.due_at

    @property
    def result_issuable(self) -> bool:
        """Finished or returned and not refused: the only dossiers that have an electronic result. A refusal
        after appraisal also ends in status 9 (outcome "refused"); refused at reception, withdrawn and
        stopped dossiers have statuses of their own."""
        return self.status in RESULT_STATUSES and self.outcome != "refused"


OPEN_STATUSES = frozenset(
    {
        Dossier.Status.RECEIVED,
        Dossier.Status.IN_PROCESS,
        Dossier.Status.SUPPLEMENT,
        Dossier.Status.FEES_DUE,
    }
)

# Statuses in which a dossier may carry an electronic result (when its outcome is not a refusal).
RESULT_STATUSES = frozenset({Dossier.Status.FINISHED, Dossier.Status.RETURNED})


class DossierSequence(models.Model):
    """The last dossier number issued by one receiving agency on one day (locked row, no gaps)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossier_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.last_number}"


class DossierDocument(models.Model):
    """A document of a dossier: one the applicant handed in or uploaded (paper only, or with a scan), or
    the electronic result the agency issues. Results are only ever added: the newest one is served."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("received from the applicant")
        RESULT = "result", _("result issued by the agency")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RECEIVED)
    required = models.ForeignKey(RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL)
    name = models.TextField(_("document"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    file = models.FileField(_("scan"), upload_to="dossiers/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=80, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, help_text=_("Hex digest of the file."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    # The signed copy of a result (motcua.signing): what is served once it exists; ``file`` stays as uploaded.
    signed_file = models.FileField(_("signed file"), upload_to="dossiers/%Y/%m/", blank=True)
    signed_sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer_fingerprint = models.CharField(
        _("certificate fingerprint"), max_length=64, blank=True, help_text=_("SHA-256 of the signer's certificate.")
    )
    signature_level = models.CharField(_("signature level"), max_length=8, blank=True)  # PAdES B-B or B-LT
    verification_id = models.CharField(_("verification code"), max_length=32, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_file)

    @property
    def served_file(self) -> Any:
        """The file a download serves: the signed copy once there is one, else the file as uploaded."""
        return self.signed_file if self.signed_file else self.file


class Task(models.Model):
    """One run of one process step for one dossier: who holds it, its deadline, time used, verdict."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(ProcessStep, null=True, blank=True, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=ProcessStep.Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="tasks")
    role = models.CharField(max_length=24, choices=StaffRole.Role.choices)
    budget_minutes = models.PositiveIntegerField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="dossier_tasks"
    )
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    # Working minutes the step stood still while fees were due: they are added to the deadline.
    paused_minutes = models.PositiveIntegerField(default=0)
    # Working minutes from the dossier's clock start to the plan's deadline for this step (the budgets of
    # every step up to it): the deadline is the later of started_at + budget and clock start + this, so
    # successive deadlines never go backwards. None for tasks made before the rule.
    planned_minutes = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    used_minutes = models.PositiveIntegerField(null=True, blank=True)
    verdict = models.CharField(max_length=8, choices=Dossier.Verdict.choices, default=Dossier.Verdict.PENDING)
    is_consultation = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["dossier", "position", "id"]
        indexes = [models.Index(fields=["agency", "finished_at"], name="task_agency_open")]

    def __str__(self) -> str:
        return f"{self.dossier} {self.position}. {self.name}"


ACTION_LABELS = {
    "submitted": _("submitted online"),
    "received": _("received"),
    "refused": _("refused at reception"),
    "supplement_requested": _("supplement requested"),
    "resubmitted": _("resubmitted"),
    "supplement_received": _("supplement sent online"),
    "fees_requested": _("fees requested"),
    "fees_paid": _("fees paid"),
    "assigned": _("assigned"),
    "forwarded": _("forwarded"),
    "consulted": _("sent for consultation"),
    "replied": _("consultation answered"),
    "approved": _("approved"),
    "rejected": _("rejected"),
    "apologised": _("apology and new due date"),
    "stopped": _("processing stopped"),
    "withdrawn": _("withdrawn"),
    "returned": _("result returned"),
    "handed_to_post": _("result handed to the post"),
    "post_returned": _("result brought back by the post"),
    "result_attached": _("electronic result attached"),
    "result_signed": _("electronic result signed"),
}


class Transition(models.Model):
    """Every change of a dossier is one row: the process control slip and reports read these."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("action"), max_length=32)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    from_status = models.PositiveSmallIntegerField(null=True, blank=True, choices=Dossier.Status.choices)
    to_status = models.PositiveSmallIntegerField(choices=Dossier.Status.choices)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.SET_NULL)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT)
    step_deadline = models.DateTimeField(null=True, blank=True)
    verdict = models.CharField(max_length=8, blank=True, choices=Dossier.Verdict.choices)
    note = models.TextField(blank=True)
    authority = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def authority_label(self) -> str:
        """``head:000.00.20.H49`` → "head of the agency 000.00.20.H49", in the active language."""
        kind, _sep, value = self.authority.partition(":")
        if kind == "head":
            return str(_("head of the agency %(agency)s") % {"agency": value})
        if kind == "authorisation":
            return str(_("authorisation decision %(number)s") % {"number": value})
        return self.authority


class Authorisation(models.Model):
    """Ủy quyền: a decision letting a named person appraise and/or approve procedures for a period."""

    decision_number = models.CharField(_("decision number"), max_length=120)
    grantor_agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("authorised person"), on_delete=models.CASCADE)
    procedures = models.ManyToManyField(
        "catalogue.Procedure", verbose_name=_("procedures"), blank=True, help_text=_("Empty: all procedures.")
    )
    can_appraise = models.BooleanField(_("may appraise"), default=False)
    can_approve = models.BooleanField(_("may approve"), default=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("authorisation")
        verbose_name_plural = _("authorisations")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.grantee}"


class ReceptionKey(models.Model):
    """A client's idempotency key for a reception: retrying the same request returns the same dossier;
    reusing the key for a different request is a conflict."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    # SHA-256 of the reception's arguments: the same key with other arguments is refused, not replayed.
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reception_key_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
