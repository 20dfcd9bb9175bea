"""Shipments through the public postal service (bưu chính công ích): results posted to applicants and
dossiers applicants sent by post, each with the states the post reports (``ShipmentEvent`` rows)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class Shipment(models.Model):
    class Direction(models.TextChoices):
        TO_APPLICANT = "to_applicant", _("to the applicant")
        FROM_APPLICANT = "from_applicant", _("from the applicant")

    class Status(models.TextChoices):
        HANDED_OVER = "handed_over", _("handed over to the post")
        IN_TRANSIT = "in_transit", _("in transit")
        DELIVERED = "delivered", _("delivered")
        RETURNED_TO_SENDER = "returned_to_sender", _("returned to sender")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="shipments")
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    recipient = models.CharField(_("recipient"), max_length=255)
    address = models.CharField(_("address"), max_length=500)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    fee = models.DecimalField(_("postage"), max_digits=14, decimal_places=2, default=0)
    tracking_number = models.CharField(_("tracking number"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.HANDED_OVER)
    at = models.DateTimeField(_("status since"))
    handed_over_at = models.DateTimeField(_("handed over at"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["-handed_over_at", "-id"]

    def __str__(self) -> str:
        return self.tracking_number


class ShipmentEvent(models.Model):
    """One state change of a shipment, entered by staff or reported by the post's callback. ``key`` is the
    callback's event id (or the status and time it reported): the same event twice is recorded once."""

    class Source(models.TextChoices):
        STAFF = "staff", _("staff")
        CALLBACK = "callback", _("postal service callback")

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=20, choices=Shipment.Status.choices)
    at = models.DateTimeField(_("at"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shipment", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "key"], condition=~models.Q(key=""), name="shipment_event_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shipment} {self.status} {self.at:%Y-%m-%d %H:%M}"
