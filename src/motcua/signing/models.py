"""Signing keys of the agencies and the centre. The secret (PKCS#12 passphrase or token PIN) never
reaches the database: a key names the environment variable that holds it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organisation.models import Agency


class SigningKey(models.Model):
    """A certificate and private key that signs electronic results: a PKCS#12 file on the server or a
    key on a PKCS#11 token (USB token, HSM). ``agency`` empty = the centre's default key."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("PKCS#12 file")
        PKCS11 = "pkcs11", _("PKCS#11 token")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
        help_text=_("Empty: the centre's default key, used by agencies without their own."),
    )
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PKCS12)
    path = models.CharField(
        _("file path"),
        max_length=500,
        help_text=_("PKCS#12: path of the .p12/.pfx file. PKCS#11: path of the token's module (.so)."),
    )
    token_label = models.CharField(_("token label"), max_length=120, blank=True)
    key_label = models.CharField(_("key label"), max_length=120, blank=True)
    secret_env = models.CharField(
        _("environment variable of the secret"),
        max_length=120,
        blank=True,
        help_text=_(
            "Name of the environment variable holding the passphrase or PIN (never the secret itself). "
            "Empty: the PKCS#12 file has no passphrase."
        ),
    )
    signer_name = models.CharField(_("signer name"), max_length=255, help_text=_("Printed in the stamp."))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["agency_id", "-id"]

    def __str__(self) -> str:
        return self.label
