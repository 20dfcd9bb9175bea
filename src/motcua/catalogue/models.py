from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold
from motcua.organisation.models import Agency, StaffRole


class Field(models.Model):
    """Lĩnh vực: the subject area of a procedure (Hộ tịch, Đất đai...)."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure (TTHC) identified by its national code; its content lives in versions."""

    code = models.CharField(_("national code"), max_length=40, unique=True, help_text=_("e.g. 1.001193"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.versions.order_by("-effective_from", "-id").first()
        return f"{self.code} {version.name if version else ''}".strip()


# The levels at which a procedure is carried out are the levels of the agencies.
Level = Agency.Level


class OnlineLevel(models.TextChoices):
    FULL = "full", _("fully online (toàn trình)")
    PARTIAL = "partial", _("partly online (một phần)")
    NONE = "none", _("not online")


class ProcedureVersion(models.Model):
    """One announced content of a procedure. Dossiers bind to the version in force at reception."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        SUPERSEDED = "superseded", _("superseded")
        REPEALED = "repealed", _("repealed")

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    name = models.TextField(_("name"))
    search_text = models.TextField(editable=False, default="", db_index=False)
    # Levels are stored as ",province,commune," so that one contains-lookup filters on both databases.
    levels = models.CharField(_("levels"), max_length=80, default="", blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    kind = models.CharField(_("procedure kind"), max_length=255, blank=True)
    applicants = models.TextField(_("who may apply"), blank=True)
    competent_agency_text = models.TextField(_("competent agency (as announced)"), blank=True)
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("lead agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    competent_agencies = models.ManyToManyField(
        Agency, verbose_name=_("agencies that carry it out"), blank=True, related_name="procedure_versions"
    )
    cooperating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cooperating agencies"), blank=True, related_name="cooperating_versions"
    )
    cooperating_agency_text = models.TextField(_("cooperating agencies (as announced)"), blank=True)
    authorised_agency_text = models.TextField(_("authorised agency (as announced)"), blank=True)
    receiving_address = models.TextField(_("where dossiers are received (as announced)"), blank=True)
    related_procedures = models.TextField(_("related procedures (as announced)"), blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    steps = models.TextField(_("steps"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    result_name = models.TextField(_("result"), blank=True)
    result_code = models.CharField(_("result code"), max_length=80, blank=True)
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    legacy_online_level = models.PositiveSmallIntegerField(_("legacy online level (1–4)"), null=True, blank=True)
    five_on_site = models.BooleanField(_("five-on-site"), default=False)
    after_15h_next_day = models.BooleanField(_("received after 15:00 counts from the next working day"), default=False)
    decision_number = models.CharField(_("announcing decision number"), max_length=120, blank=True)
    decision_date = models.DateField(_("announcing decision date"), null=True, blank=True)
    decision_signer = models.CharField(_("decision signer"), max_length=255, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    process_needs_review = models.BooleanField(
        _("process carried forward, to review"),
        default=False,
        help_text=_("The internal process was copied from the previous version when this decision came in."),
    )
    review_notes = models.JSONField(
        _("needs review"), default=list, blank=True, help_text=_("What the importer could not parse with confidence.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure"], condition=models.Q(status="published"), name="one_published_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} — {self.name} ({self.get_status_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.procedure.code} {self.name}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def level_list(self) -> list[str]:
        return [item for item in self.levels.split(",") if item]

    def set_levels(self, levels: list[str]) -> None:
        valid = [lv for lv in Level.values if lv in levels]
        self.levels = f",{','.join(valid)}," if valid else ""

    def get_levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels[lv]) for lv in self.level_list if lv in labels)


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", _("working days")
    DAY = "day", _("calendar days")
    HOUR = "hour", _("working hours")
    MONTH = "month", _("months")


class Channel(models.Model):
    """How a procedure may be submitted, with that channel's time limit and fee."""

    class Kind(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        POSTAL = "postal", _("public postal service")

    class FeeKind(models.TextChoices):
        FEE = "phi", _("fee (phí)")
        CHARGE = "le_phi", _("charge (lệ phí)")
        MIXED = "mixed", _("fee and charge")

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="channels"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Kind.choices)
    time_limit = models.DecimalField(_("time limit"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(_("time unit"), max_length=12, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY)
    time_note = models.TextField(_("time limit as announced"), blank=True)
    fee_amount = models.DecimalField(_("fee amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(_("currency"), max_length=3, default="VND")
    fee_kind = models.CharField(_("fee kind"), max_length=8, choices=FeeKind.choices, blank=True)
    fee_note = models.TextField(_("fee as announced"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["version", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_limit} {self.get_time_unit_display()}"

    @property
    def is_free(self) -> bool:
        return self.fee_amount is not None and self.fee_amount == 0


_ZIP = b"PK\x03\x04"  # .docx, .xlsx, .odt, .ods
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls

# The kinds of file a form template may be: extension → (content type it is served with, leading bytes).
FORM_TEMPLATE_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".doc": ("application/msword", _OLE),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xls": ("application/vnd.ms-excel", _OLE),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
}


def form_template_type(name: str) -> str:
    """The content type a stored template is served with, from its (checked) extension."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FORM_TEMPLATE_TYPES.get(extension, ("application/octet-stream", b""))[0]


def validate_form_template(file: Any) -> None:
    """A form template is a PDF, Word, Excel or OpenDocument file whose content starts as its extension
    says (a script or a program renamed .docx is refused), at most UPLOAD_MAX_BYTES."""
    name = str(getattr(file, "name", "") or "")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = FORM_TEMPLATE_TYPES.get(extension)
    if allowed is None:
        raise ValidationError(
            _(
                "A form template must be a PDF, Word, Excel or OpenDocument file (.pdf, .doc, .docx, .xls, .xlsx, "
                ".odt, .ods)."
            ),
            code="file_type",
        )
    limit: int = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if (file.size or 0) > limit:
        raise ValidationError(
            _("The file is too large; the limit is %(limit)d MB.") % {"limit": limit // (1024 * 1024)}, code="too_large"
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(allowed[1]):
        raise ValidationError(
            _("The content of this file is not a %(extension)s document.") % {"extension": extension}, code="content"
        )


class RequiredDocument(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="documents"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    group = models.CharField(_("case / group"), max_length=500, blank=True)
    name = models.TextField(_("document"))
    form_name = models.CharField(_("form"), max_length=500, blank=True)
    form_template = models.FileField(
        _("form template"),
        upload_to="forms/",
        blank=True,
        validators=[validate_form_template],
        help_text=_("PDF, Word, Excel or OpenDocument; applicants download it from the procedure page."),
    )
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    quantity_note = models.CharField(_("quantity as announced"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="legal_bases"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.TextField(_("document"))
    number = models.CharField(_("number"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ProcessStep(models.Model):
    """One step of a procedure version's internal process (quy trình nội bộ).

    Steps run in ``position`` order. Steps sharing a ``parallel_group`` (non-empty) run at the same
    time across agencies (electronic liên thông); the next position starts when all are done.
    """

    class Kind(models.TextChoices):
        RECEIVE = "receive", _("receive")
        APPRAISE = "appraise", _("appraise")
        APPROVE = "approve", _("approve")
        INTER_AGENCY = "inter_agency", _("inter-agency task")
        RETURN = "return", _("return result")

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.CASCADE, related_name="process_steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    parallel_group = models.CharField(_("parallel group"), max_length=20, blank=True)
    name = models.CharField(_("task"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.APPRAISE)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: the agency that carries out the procedure."),
    )
    role = models.CharField(_("role"), max_length=24, choices=StaffRole.Role.choices)
    budget_hours = models.DecimalField(_("time budget (working hours)"), max_digits=7, decimal_places=2)
    is_lead = models.BooleanField(_("lead agency step"), default=False)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
