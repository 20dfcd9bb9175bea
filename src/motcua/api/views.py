"""Read-only public API v1 (catalogue and organisation). JSON in UTF-8, never ASCII-escaped."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.api import serializers
from motcua.catalogue.models import Field, Level, OnlineLevel, ProcedureVersion
from motcua.catalogue.selectors import procedure_search, published_versions
from motcua.core.replicas import replica_reads
from motcua.organisation.models import IDENTIFIER_MAX_LENGTH, Agency

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000  # deeper than any catalogue; a larger one overflows the database


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def error_response(status: int, message: str, errors: dict[str, list[str]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": message}
    if errors:
        body["errors"] = errors
    return json_response(body, status)


def allow_methods(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer any other HTTP method (POST on a read, QUERY, PROPFIND…) with 405, an ``Allow`` header and an
    error body, before the CSRF check and the bearer token: the API uses no cookies, so a request
    cannot ride on a browser's session and the CSRF layer has nothing to protect here."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(405, _("This method is not allowed here."))
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    return error_response(404, _("There is no such address in the API."))


class ProcedureListParams(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    level = forms.ChoiceField(required=False, choices=[("", ""), *Level.choices])
    field = forms.CharField(required=False, max_length=255)
    agency = forms.CharField(required=False, max_length=IDENTIFIER_MAX_LENGTH)
    online_level = forms.ChoiceField(required=False, choices=[("", ""), *OnlineLevel.choices])
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    offset = forms.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)

    def clean(self) -> dict[str, Any]:
        # An empty ``limit=`` or ``offset=`` is not a number: refuse it, as the schema (an integer) says.
        for name in ("limit", "offset"):
            if name in self.data and not str(self.data[name]).strip():
                self.add_error(name, _("Enter a whole number."))
        return super().clean() or self.cleaned_data


@allow_methods("GET")
@replica_reads()
def procedure_list(request: HttpRequest) -> JsonResponse:
    params = ProcedureListParams(request.GET)
    if not params.is_valid():
        errors = {name: [str(e["message"]) for e in items] for name, items in params.errors.get_json_data().items()}
        return error_response(400, _("Invalid query parameters."), errors)
    data = params.cleaned_data
    field = Field.objects.filter(name=data["field"]).first() if data["field"] else None
    agency = Agency.objects.filter(identifier=data["agency"]).first() if data["agency"] else None
    if (data["field"] and field is None) or (data["agency"] and agency is None):
        versions = published_versions().none()
    else:
        versions = procedure_search(
            query=data["q"],
            level=data["level"],
            field_id=field.pk if field else None,
            agency_id=agency.pk if agency else None,
            online_level=data["online_level"],
        )
    limit = data["limit"] or 50
    offset = data["offset"] or 0
    total = versions.count()
    items = [serializers.procedure_summary(v) for v in versions[offset : offset + limit]]
    return json_response({"count": total, "limit": limit, "offset": offset, "results": items})


@allow_methods("GET")
@replica_reads()
def procedure_detail(request: HttpRequest, code: str) -> JsonResponse:
    version = (
        ProcedureVersion.objects.filter(procedure__code=code, status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure", "field", "lead_agency")
        .prefetch_related("channels", "documents", "legal_bases", "competent_agencies", "cooperating_agencies")
        .first()
    )
    if version is None:
        return error_response(404, _("No published procedure has this code."))
    return json_response(serializers.procedure_detail(version))


@allow_methods("GET")
@replica_reads()
def agency_list(request: HttpRequest) -> JsonResponse:
    agencies = Agency.objects.active_on(timezone.localdate()).select_related("parent").order_by("identifier")
    return json_response({"count": len(agencies), "results": [serializers.agency_to_dict(a) for a in agencies]})


@allow_methods("GET")
@replica_reads()
def dossier_lookup(request: HttpRequest) -> JsonResponse:
    """Public status lookup by code plus the applicant's phone or the last 4 digits of the identity
    number. A wrong combination and an unknown code give the same 404; guessing is rate-limited."""
    from motcua.core.ratelimit import lookup_begin, release
    from motcua.dossiers.selectors import public_status

    code = request.GET.get("code", "").strip()[:40]
    secret = request.GET.get("secret", "").strip()[:20]
    if not code or not secret:
        return error_response(400, _("Give the dossier code and the phone number or the last 4 digits of the ID."))
    attempt = lookup_begin(request)
    if attempt is None:
        return error_response(429, _("Too many attempts. Try again in a few minutes."))
    found = public_status(code, secret)
    if found is None:
        return error_response(404, _("No dossier matches this code and this phone number or identity number."))
    release(attempt)
    return json_response(serializers.dossier_public(found))
