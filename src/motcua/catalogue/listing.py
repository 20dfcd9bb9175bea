"""The public listing (niêm yết) of a counter: the procedures served there with their time limits, fees and
required documents, as an A4 PDF through the project's PDF helper (the portal shows the same as a page)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from motcua.catalogue.selectors import counter_listing
from motcua.documents.rendering import html_to_pdf
from motcua.organisation.models import Counter


def counter_listing_html(counter: Counter) -> str:
    with translation.override("vi"):
        return get_template("catalogue/listing.html").render(
            {
                "counter": counter,
                "versions": counter_listing(counter.pk),
                "province_name": settings.PROVINCE_NAME,
                "printed_at": timezone.localtime(),
            }
        )


def counter_listing_pdf(counter: Counter) -> bytes:
    return html_to_pdf(counter_listing_html(counter))
