"""Fixtures of the citizen pages: scans go to a temporary media folder and the rate-limit counters start
from zero in every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.pdfs import minimal_pdf

# A tiny but real PDF: what the content sniffing accepts.
PDF = minimal_pdf()  # a result must be a readable PDF: it gets signed
# A program renamed to .pdf: what it refuses.
FAKE_PDF = b"MZ\x90\x00" + b"\x00" * 100


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_client() -> Client:
    """A browser asking for English (the new strings are translated to Vietnamese later)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
