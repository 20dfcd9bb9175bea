"""Request bodies of the citizen pages, refused from their Content-Length before anything reads them:
the CSRF check reads a whole multipart body to find its token, so a check in the view would come after
a 200 MB upload had been written to disk. The reverse proxy's own limit (``client_max_body_size``, see
docs/operations.md) stops bodies earlier still."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from motcua.catalogue.models import RequiredDocument
from motcua.core.ratelimit import upload_quota_left
from motcua.dossiers.models import Dossier
from motcua.portal.wizard import online_version, required_documents

# Room for the text fields and the multipart framing around the files.
FORM_BYTES = 256 * 1024


def upload_max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def body_limit(request: HttpRequest) -> int | None:
    """The largest body a page of the portal accepts: on the documents page one scan per file input (one
    per required document and one "other"; the same on the supplement upload of a tracked dossier),
    elsewhere only a small form. None for the back office, the
    API and the admin (signed-in staff; Django's and the proxy's limits apply there)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.namespace != "portal":
        return None
    if match.url_name == "submit_documents":
        version = online_version(str(match.kwargs.get("code", "")))
        inputs = (len(required_documents(version)) if version is not None else 0) + 1
        return inputs * upload_max_bytes() + FORM_BYTES
    if match.url_name == "track_supplement":  # the missing documents of a dossier sent back
        version_id = Dossier.objects.filter(code=str(match.kwargs.get("code", ""))).values("version_id")[:1]
        inputs = RequiredDocument.objects.filter(version_id__in=version_id).count() + 1
        return inputs * upload_max_bytes() + FORM_BYTES
    if match.url_name == "verify":  # one PDF to check
        return upload_max_bytes() + FORM_BYTES
    return FORM_BYTES


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "portal/request_refused.html", {"message": message}, status=status)


class PortalBodyLimitMiddleware:
    """Answer 413 (too large), 400 (unreadable length) or 429 (today's upload quota of this address is
    used up) before the body is read. Placed before CsrfViewMiddleware, after LocaleMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("CONTENT_LENGTH") or "0"
        if header.strip() not in ("", "0") and request.method in ("POST", "PUT", "PATCH"):
            limit = body_limit(request)
            if limit is not None:
                try:
                    length = int(header)
                except ValueError:
                    length = -1
                if length < 0:
                    return _refuse(request, 400, _("The request could not be read. Go back and try again."))
                if length > limit:
                    return _refuse(
                        request,
                        413,
                        _(
                            "The files you sent are too large: each scan may be at most %(limit)d MB. "
                            "Go back and choose smaller files."
                        )
                        % {"limit": max(upload_max_bytes() // (1024 * 1024), 1)},
                    )
                if length > FORM_BYTES and upload_quota_left(request) <= 0:
                    return _refuse(request, 429, quota_message())
        return self.get_response(request)


def quota_message() -> str:
    return _(
        "Too many files have been uploaded from this connection today. Try again tomorrow, or submit the "
        "dossier at the one-stop centre."
    )
