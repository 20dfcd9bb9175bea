"""The one way the project turns HTML into PDF. WeasyPrint's default fetcher would follow any URL in a
template (``file:///proc/self/environ``, ``http://127.0.0.1:…``) and could embed a server file in a
PDF any staff member downloads; this one fetches only ``data:`` URLs and the project's own static
files, and refuses (and logs) everything else. Rendering carries on without the refused resource."""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("motcua.documents.rendering")


def base_url() -> str:
    """The URL relative links in a template resolve against: the public site, so ``{% static %}`` and
    ``/static/...`` both map to the static files."""
    base: str = getattr(settings, "PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + "/"


def static_path(url: str) -> Path | None:
    """The file behind ``url`` when it names one of the project's static files, else None. No query
    tricks, no ``..``, no backslashes, no absolute paths: only a plain relative name under STATIC_URL,
    found by the staticfiles finders or in STATIC_ROOT."""
    prefix = urljoin(base_url(), settings.STATIC_URL or "/static/")
    parts = urlsplit(url)
    clean = parts._replace(query="", fragment="").geturl()
    if parts.scheme.lower() not in ("http", "https") or not clean.startswith(prefix):
        return None
    name = unquote(clean[len(prefix) :])
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    segments = name.split("/")
    if any(s in ("", ".", "..") for s in segments) or posixpath.normpath(name) != name:
        return None
    try:
        found: Any = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    if found and Path(found).is_file():
        return Path(found)
    if settings.STATIC_ROOT:  # collected (possibly hashed) names
        root = Path(settings.STATIC_ROOT).resolve()
        path = (root / name).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``data:`` URLs and the project's static files; refuses anything else. ``fetched`` and
    ``refused`` list the URLs asked for (a fetch log for tests and for the warning in the logs)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False, timeout=1)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)
        path = static_path(url)
        if path is None:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise ValueError(f"refused to fetch {url[:200]}: only data: URLs and static files are allowed")
        self.fetched.append(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers_out = {"Content-Type": mime + ("; charset=utf-8" if mime == "text/css" else "")}
        return URLFetcherResponse(url, path.read_bytes(), headers_out)


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """``html`` as PDF bytes, fetching nothing but ``data:`` URLs and static files."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=base_url(), url_fetcher=fetcher or StaticOnlyFetcher()).write_pdf()
    return pdf
