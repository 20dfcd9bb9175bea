from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone

from motcua.catalogue.models import Field, Level, OnlineLevel, ProcedureVersion
from motcua.catalogue.selectors import procedure_search, published_versions
from motcua.core.replicas import replica_reads
from motcua.organisation.models import Agency
from motcua.portal.forms import CatalogueFilterForm
from motcua.portal.wizard import can_submit_online

PAGE_SIZE = 25


@replica_reads()
def home(request: HttpRequest) -> HttpResponse:
    versions = published_versions()
    return render(
        request,
        "portal/home.html",
        {
            "form": CatalogueFilterForm(),
            "procedure_count": versions.count(),
            "fields": Field.objects.filter(versions__status=ProcedureVersion.Status.PUBLISHED).distinct()[:12],
        },
    )


@replica_reads()
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    versions = published_versions()
    if form.is_valid():
        data = form.cleaned_data
        versions = procedure_search(
            query=data["q"],
            level=data["level"],
            field_id=data["field"].pk if data["field"] else None,
            agency_id=data["agency"].pk if data["agency"] else None,
            online_level=data["online_level"],
            queryset=versions,
        )
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/catalogue.html",
        {"form": form, "page": page, "querystring": query.urlencode(), "levels": Level, "online_levels": OnlineLevel},
    )


@replica_reads()
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = get_object_or_404(
        ProcedureVersion.objects.select_related("procedure", "field", "lead_agency").prefetch_related(
            "channels", "documents", "legal_bases", "competent_agencies", "cooperating_agencies"
        ),
        procedure__code=code,
        status=ProcedureVersion.Status.PUBLISHED,
    )
    return render(
        request, "portal/procedure_detail.html", {"version": version, "can_submit_online": can_submit_online(version)}
    )


@replica_reads()
def agencies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/agencies.html",
        {"agencies": Agency.objects.active_on(_today()).select_related("parent").order_by("level", "identifier")},
    )


def _today() -> dt.date:
    return timezone.localdate()


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on their own: the site icon (an SVG under /static/)."""
    return HttpResponsePermanentRedirect(static("motcua/favicon.svg"))
