import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.uploads import dossier_document_attach
from tests.conftest import Cast
from tests.dossiers.factories import received

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_a_real_pdf_scan_is_stored_with_its_sniffed_type(cast: Cast) -> None:
    dossier = received(cast)
    doc = dossier_document_attach(dossier=dossier, upload=SimpleUploadedFile("cccd.jpg", PDF), name="CCCD")
    assert doc.content_type == "application/pdf"
    assert doc.file.name.endswith(".pdf")
    assert doc.file.read() == PDF


def test_a_renamed_executable_is_refused(cast: Cast) -> None:
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, PNG, JPEG"):
        dossier_document_attach(dossier=received(cast), upload=fake, name="x")


def test_an_oversized_file_is_refused(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError, match="too large"):
        dossier_document_attach(dossier=received(cast), upload=big, name="x")
