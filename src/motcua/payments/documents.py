"""The e-receipt (biên lai điện tử) of a payment, as an A5 PDF through the project's PDF helper."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from motcua.documents.rendering import html_to_pdf
from motcua.payments.models import LedgerEntry


def receipt_html(entry: LedgerEntry) -> str:
    if entry.kind != LedgerEntry.Kind.PAYMENT:
        raise ValueError("only a payment has a receipt")
    dossier = entry.dossier
    with translation.override("vi"):
        return get_template("payments/receipt.html").render(
            {
                "entry": entry,
                "dossier": dossier,
                "agency_name": dossier.agency.name,
                "province_name": settings.PROVINCE_NAME,
                "printed_at": timezone.localtime(),
            }
        )


def receipt_pdf(entry: LedgerEntry) -> bytes:
    return html_to_pdf(receipt_html(entry))
