"""Issue #8 finding 11: anonymous uploads of the online submission. An over-long body is refused from
its Content-Length before anything reads it (not even the CSRF check), and each client address may park
only so many bytes of scans a day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from motcua.portal.limits import FORM_BYTES, body_limit
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for
from tests.portal.conftest import PDF
from tests.portal.test_submission import APPLICANT, BASE, doc_field, tmp_files

MB = 1024 * 1024
BOUNDARY = "multipart/form-data; boundary=BoUnDaRy"


def claim(client: Client, path: str, length: int | str, **extra: Any) -> Any:
    """A POST announcing ``length`` bytes but carrying a few: reading the body would fail loudly
    (the test client refuses to read past what was sent), so a clean answer proves it was not read."""
    return client.generic("POST", path, b"--BoUnDaRy--\r\n", content_type=BOUNDARY, CONTENT_LENGTH=str(length), **extra)


def test_a_200_mb_upload_is_refused_with_413_before_it_is_read(cast: Cast, en_client: Client) -> None:
    procedure_for(cast)
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    response = claim(en_client, f"{BASE}/giay-to/", 200 * MB)
    assert response.status_code == 413
    assert "each scan may be at most 10 MB" in response.content.decode()


def test_the_size_is_checked_before_the_csrf_check_reads_the_body(cast: Cast) -> None:
    procedure_for(cast)
    response = claim(Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en"), f"{BASE}/giay-to/", 200 * MB)
    assert response.status_code == 413


def test_the_refusal_is_in_vietnamese_by_default(cast: Cast, client: Client) -> None:
    procedure_for(cast)
    response = claim(client, f"{BASE}/giay-to/", 200 * MB)
    assert response.status_code == 413
    assert "mỗi bản quét tối đa 10 MB" in response.content.decode()


def test_the_documents_page_accepts_one_full_scan_per_input(cast: Cast) -> None:
    version = procedure_for(cast)  # one required document, plus "any other document"
    request = RequestFactory().post(f"{BASE}/giay-to/")
    assert body_limit(request) == 2 * 10 * MB + FORM_BYTES
    assert version.documents.count() == 1


def test_other_portal_pages_take_only_a_small_form(cast: Cast, en_client: Client) -> None:
    assert claim(en_client, "/tra-cuu/", FORM_BYTES + 1).status_code == 413
    assert claim(en_client, f"{BASE}/nguoi-nop/", 5 * MB).status_code == 413


def test_an_unreadable_content_length_is_a_400(cast: Cast, en_client: Client) -> None:
    procedure_for(cast)
    assert claim(en_client, f"{BASE}/giay-to/", "-5").status_code == 400
    assert claim(en_client, f"{BASE}/giay-to/", "lots").status_code == 400


def test_staff_pages_are_left_to_their_own_limits() -> None:
    factory = RequestFactory()
    assert body_limit(factory.post("/backoffice/dang-nhap/")) is None
    assert body_limit(factory.post("/api/v1/dossiers")) is None
    assert body_limit(factory.post("/admin/login/")) is None


def test_a_client_address_can_park_only_its_daily_quota(
    cast: Cast, en_client: Client, media: Path, settings: Any
) -> None:
    settings.UPLOAD_DAILY_BYTES_PER_CLIENT = 2 * len(PDF)
    version = procedure_for(cast)
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    field = doc_field(version)
    for _ in range(2):
        response = en_client.post(f"{BASE}/giay-to/", {field: SimpleUploadedFile("a.pdf", PDF)})
        assert response.status_code == 302
    assert len(tmp_files(media)) == 1  # the second replaced the first
    response = en_client.post(f"{BASE}/giay-to/", {field: SimpleUploadedFile("b.pdf", PDF)})
    assert response.status_code == 429
    assert "Too many files have been uploaded from this connection today" in response.content.decode()
    assert len(tmp_files(media)) == 1
    # Once the quota is spent, a large body is refused before it is read.
    assert claim(en_client, f"{BASE}/giay-to/", 5 * MB).status_code == 429
    # Another address has its own quota.
    other = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="198.51.100.9")
    other.post(f"{BASE}/nguoi-nop/", APPLICANT)
    assert other.post(f"{BASE}/giay-to/", {field: SimpleUploadedFile("c.pdf", PDF)}).status_code == 302
