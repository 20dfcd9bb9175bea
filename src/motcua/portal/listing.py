"""The public listing (niêm yết) of a counter as a page and as the printable A4 PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from motcua.catalogue.listing import counter_listing_pdf
from motcua.catalogue.selectors import counter_listing
from motcua.organisation.models import Counter


def _counter(counter_id: int) -> Counter:
    return get_object_or_404(
        Counter.objects.select_related("service_point", "agency"), pk=counter_id, service_point__is_active=True
    )


def listing_page(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = _counter(counter_id)
    return render(request, "portal/listing.html", {"counter": counter, "versions": counter_listing(counter.pk)})


def listing_pdf(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = _counter(counter_id)
    response = HttpResponse(counter_listing_pdf(counter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="niem-yet-quay-{counter.pk}.pdf"'
    return response
