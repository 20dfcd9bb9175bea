"""What each dossier owes and what was paid: an append-only ledger (charges, payments, refunds) and the
online payment orders sent to the gateway."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class AppendOnly(Exception):
    """A ledger entry is never changed or deleted: a mistake is corrected by another entry."""


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "charge", _("charge")
        PAYMENT = "payment", _("payment")
        REFUND = "refund", _("refund")

    class Method(models.TextChoices):
        NONE = "", _("—")
        COUNTER = "counter", _("at the counter")
        ONLINE = "online", _("online")

    dossier = models.ForeignKey(Dossier, verbose_name=_("dossier"), on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, blank=True)
    # A payment's reference is unique: a gateway's order (its notification arriving twice is one payment).
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["dossier", "at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive"),
            models.UniqueConstraint(
                fields=["kind", "reference"], condition=~models.Q(reference=""), name="ledger_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("the ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("the ledger is append-only")

    @property
    def receipt_number(self) -> str:
        """The e-receipt's number: the year and the entry's number."""
        return f"{self.at:%Y}/{self.pk:07d}"


class PaymentOrder(models.Model):
    """One attempt to pay online: sent to the gateway with its reference and amount, closed by the gateway's
    signed notification (paid or failed)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the gateway")
        PAID = "paid", _("paid")
        FAILED = "failed", _("failed or cancelled")

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="payment_orders")
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="VND")
    gateway = models.CharField(max_length=32)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    transaction = models.CharField(_("gateway transaction"), max_length=64, blank=True)
    response_code = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference
