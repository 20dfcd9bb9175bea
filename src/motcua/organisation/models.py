from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Room for identifier patterns longer than QCVN 102's 13 characters (MOTCUA_AGENCY_IDENTIFIER_REGEX).
IDENTIFIER_MAX_LENGTH = 32


def validate_agency_identifier(value: str) -> None:
    """QCVN 102:2016 agency identifier, e.g. ``000.00.12.H49``. The pattern is a setting."""
    if not re.fullmatch(settings.AGENCY_IDENTIFIER_REGEX, value or ""):
        raise ValidationError(
            _("%(value)s is not a valid agency identifier (expected the form 000.00.12.H49)."),
            code="invalid_identifier",
            params={"value": value},
        )


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active_on(self, day: dt.date) -> AgencyQuerySet:
        return self.filter(models.Q(active_from__isnull=True) | models.Q(active_from__lte=day)).filter(
            models.Q(active_to__isnull=True) | models.Q(active_to__gte=day)
        )


class Agency(models.Model):
    """A state body in the organisation tree (province, department, police, commune...)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        PEOPLES_COMMITTEE = "peoples_committee", _("people's committee")
        DEPARTMENT = "department", _("provincial department")
        POLICE = "police", _("police")
        UTILITY = "utility", _("utility company")
        CENTRE = "centre", _("public administrative service centre")
        UNIT = "unit", _("unit")
        OTHER = "other", _("other")

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        PROVINCE = "province", _("province")
        DISTRICT = "district", _("district (historical)")
        COMMUNE = "commune", _("commune")

    identifier = models.CharField(
        _("identifier"),
        max_length=IDENTIFIER_MAX_LENGTH,
        unique=True,
        validators=[validate_agency_identifier],
        help_text=_("QCVN 102:2016 code, e.g. 000.00.12.H49"),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.DEPARTMENT)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.PROVINCE)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active until"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=255, blank=True, help_text=_("e.g. Monday to Friday, 7:30–11:30 and 13:30–17:00")
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_from__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="agency_active_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.active_from and self.active_to and self.active_to < self.active_from:
            raise ValidationError({"active_to": _("The end date must not be before the start date.")})
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An agency cannot be its own parent.")})

    def is_active_on(self, day: dt.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class ServicePoint(models.Model):
    """Where dossiers are received and returned: the provincial centre or a commune desk."""

    class Kind(models.TextChoices):
        PROVINCIAL_CENTRE = "provincial_centre", _("provincial public administrative service centre")
        COMMUNE_DESK = "commune_desk", _("commune one-stop desk")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("managing agency"), on_delete=models.PROTECT, related_name="service_points"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("agencies posting staff"), blank=True, related_name="posted_at"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.CASCADE, related_name="counters"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=255, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="counters"
    )

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["service_point", "number"]
        constraints = [models.UniqueConstraint(fields=["service_point", "number"], name="counter_number_unique")]

    def __str__(self) -> str:
        return f"{self.service_point} — {self.number}"


class StaffRole(models.Model):
    """One role of one user in one agency. A user may hold several."""

    class Role(models.TextChoices):
        RECEIVING_CLERK = "receiving_clerk", _("receiving clerk")
        OFFICER = "officer", _("processing officer")
        APPROVER = "approver", _("approver (leader)")
        AGENCY_HEAD = "agency_head", _("agency head")
        SUPERVISOR = "supervisor", _("centre supervisor")
        ADMINISTRATOR = "administrator", _("administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="staff_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
