from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class SlipKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt and appointment")
    SUPPLEMENT = "supplement", _("request to supplement the dossier")
    REFUSAL = "refusal", _("refusal")
    APOLOGY = "apology", _("apology and new due date")
    STOP = "stop", _("notice that processing is stopped")
    CONTROL = "control", _("process control slip")
    REGISTER = "register", _("dossier register")


# Form numbers of Circular 03/2025/TT-VPCP, Appendix I (in force from 15 Sep 2025).
DEFAULT_FORM_NUMBERS = {
    SlipKind.RECEIPT: "01",
    SlipKind.SUPPLEMENT: "02",
    SlipKind.REFUSAL: "03",
    SlipKind.APOLOGY: "04",
    SlipKind.STOP: "05",
    SlipKind.CONTROL: "06",
    SlipKind.REGISTER: "07",
}


# Dossiers received before Circular 03/2025/TT-VPCP took effect keep the slips of Circular 01/2018/TT-VPCP
# when they are printed again: six forms, no stop notice, the register was form 06.
CIRCULAR_2025_FROM = dt.date(2025, 9, 15)
CIRCULAR_2025 = "03/2025/TT-VPCP"
CIRCULAR_2018 = "01/2018/TT-VPCP"
FORM_NUMBERS_2018 = {
    SlipKind.RECEIPT: "01",
    SlipKind.SUPPLEMENT: "02",
    SlipKind.REFUSAL: "03",
    SlipKind.APOLOGY: "04",
    SlipKind.CONTROL: "05",
    SlipKind.REGISTER: "06",
}


class SlipTemplate(models.Model):
    """A centre's own version of a slip: its form number and, optionally, its whole HTML template
    (Django template language; the default one on disk is used when empty)."""

    kind = models.CharField(_("slip"), max_length=12, choices=SlipKind.choices, unique=True)
    form_number = models.CharField(_("form number"), max_length=20, blank=True)
    circular = models.CharField(_("circular"), max_length=60, default="03/2025/TT-VPCP")
    title = models.CharField(_("title"), max_length=255, blank=True)
    body = models.TextField(_("HTML template"), blank=True)

    class Meta:
        verbose_name = _("slip template")
        verbose_name_plural = _("slip templates")

    def __str__(self) -> str:
        return self.get_kind_display()
