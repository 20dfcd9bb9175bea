from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalogue.models import Field, Level, OnlineLevel, ProcedureVersion, RequiredDocument, form_template_type
from motcua.catalogue.selectors import procedure_search, published_versions
from motcua.core.replicas import replica_reads
from motcua.organisation.models import Agency, ServicePoint
from motcua.portal.forms import CatalogueFilterForm
from motcua.portal.wizard import can_submit_online, receiving_agencies

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
    places = receiving_agencies(version)
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "can_submit_online": can_submit_online(version),
            "places": places,
            "service_points": service_points_of(places),
        },
    )


def service_points_of(agencies: list[Agency]) -> list[ServicePoint]:
    """The active service points where ``agencies`` receive dossiers: those they manage or post staff at."""
    if not agencies:
        return []
    return list(
        ServicePoint.objects.filter(is_active=True)
        .filter(Q(agency__in=agencies) | Q(agencies__in=agencies))
        .distinct()
        .order_by("kind", "name")
    )


@require_GET
def form_template(request: HttpRequest, code: str, document_id: int) -> FileResponse:
    """The form template of one required document of a published procedure, as a download with the
    content type of its checked extension (validate_form_template); anything else is a 404."""
    document = (
        RequiredDocument.objects.filter(
            pk=document_id, version__procedure__code=code, version__status=ProcedureVersion.Status.PUBLISHED
        )
        .exclude(form_template="")
        .first()
    )
    if document is None:
        raise Http404
    stored = document.form_template.name or ""
    extension = stored.rsplit(".", 1)[-1].lower() if "." in stored else "bin"
    try:
        handle = document.form_template.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"mau-{code}-{document.pk}.{extension}",
        content_type=form_template_type(stored),
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
