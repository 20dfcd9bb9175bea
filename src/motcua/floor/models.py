"""The centre floor: service areas with their counters, queue tickets, appointment slots, and the visitor
check-in of epidemic mode. Write through ``floor.services``."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organisation.models import Counter, ServicePoint


def new_token() -> str:
    return secrets.token_urlsafe(12)


class ServiceArea(models.Model):
    """A group of procedures served at some counters of one service point; tickets are numbered per area
    and day (``A001``), appointments book its slots."""

    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.CASCADE, related_name="service_areas"
    )
    code = models.CharField(
        _("letter"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{1,2}$", _("One or two capital letters, e.g. A."))],
        help_text=_("Printed before the ticket number, e.g. A for A001."),
    )
    name = models.CharField(_("name"), max_length=200)
    procedures = models.ManyToManyField(
        "catalogue.Procedure", verbose_name=_("procedures"), blank=True, related_name="service_areas"
    )
    counters = models.ManyToManyField(Counter, verbose_name=_("counters"), blank=True, related_name="service_areas")
    slot_minutes = models.PositiveSmallIntegerField(_("appointment slot (minutes)"), default=30)
    slot_capacity = models.PositiveSmallIntegerField(
        _("appointments per slot"), default=2, help_text=_("0 takes no appointments.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        ordering = ["service_point", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service_point", "code"], name="floor_area_code_unique"),
            models.CheckConstraint(condition=models.Q(slot_minutes__gte=5), name="floor_area_slot_minutes_min"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class TicketSequence(models.Model):
    """The last ticket number of one area on one day (one locked row: numbers never repeat)."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "day"], name="floor_ticket_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.day} {self.last_number}"


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        DONE = "done", _("served")
        SKIPPED = "skipped", _("skipped")

    area = models.ForeignKey(
        ServiceArea, verbose_name=_("service area"), on_delete=models.PROTECT, related_name="tickets"
    )
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    priority = models.BooleanField(_("priority"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    issued_at = models.DateTimeField(_("issued at"))
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    announced_at = models.DateTimeField(_("last announced at"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("calls"), default=0)
    counter = models.ForeignKey(
        Counter, verbose_name=_("counter"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    for_counter = models.ForeignKey(
        Counter,
        verbose_name=_("transferred to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transferred_tickets",
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        constraints = [models.UniqueConstraint(fields=["area", "day", "number"], name="floor_ticket_number_unique")]
        indexes = [models.Index(fields=["area", "day", "status"], name="floor_ticket_queue")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.area.code}{self.number:03d}"


class AppointmentSlot(models.Model):
    """One slot of one area's appointments on one day. ``booked`` never exceeds ``capacity``: a
    booking is one conditional UPDATE and the database checks the bound as well."""

    area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="slots")
    day = models.DateField(_("day"))
    start = models.TimeField(_("start"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        ordering = ["day", "start"]
        constraints = [
            models.UniqueConstraint(fields=["area", "day", "start"], name="floor_slot_unique"),
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")), name="floor_slot_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.code} {self.day:%d/%m/%Y} {self.start:%H:%M}"


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("booked")
        CHECKED_IN = "checked_in", _("checked in")
        NO_SHOW = "no_show", _("did not come")

    slot = models.ForeignKey(
        AppointmentSlot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="appointments"
    )
    code = models.CharField(_("confirmation code"), max_length=12, unique=True)
    name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    ticket = models.OneToOneField(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointment")

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return self.code


class FloorSettings(models.Model):
    """The centre administrator's switches (a single row, ``FloorSettings.load()``)."""

    SINGLETON_PK = 1

    epidemic_mode = models.BooleanField(
        _("epidemic mode"), default=False, help_text=_("Visitors check in with a health declaration at the door.")
    )
    health_questions = models.TextField(
        _("health questions"),
        blank=True,
        default=(
            "Anh/chị có sốt, ho hoặc khó thở không?\nTrong 14 ngày qua anh/chị có tiếp xúc với người mắc bệnh không?"
        ),
        help_text=_("One yes/no question a line."),
    )

    class Meta:
        verbose_name = _("floor settings")
        verbose_name_plural = _("floor settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="floor_settings_singleton")]

    def __str__(self) -> str:
        return str(_("floor settings"))

    @classmethod
    def load(cls) -> FloorSettings:
        return cls.objects.get_or_create(pk=cls.SINGLETON_PK)[0]

    def questions(self) -> list[str]:
        return [line.strip() for line in self.health_questions.splitlines() if line.strip()][:20]


class Visit(models.Model):
    """A visitor's self check-in (epidemic mode): personal data, purged after the retention period."""

    service_point = models.ForeignKey(ServicePoint, verbose_name=_("service point"), on_delete=models.CASCADE)
    name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    purpose = models.CharField(_("purpose of the visit"), max_length=300)
    answers = models.JSONField(_("health declaration"), default=list)
    arrived_at = models.DateTimeField(_("arrived at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True, blank=True)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits")

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["arrived_at"], name="floor_visit_arrived")]

    def __str__(self) -> str:
        return f"{self.name} {self.arrived_at:%d/%m/%Y %H:%M}"
