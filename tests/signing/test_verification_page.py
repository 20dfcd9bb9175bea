"""/xac-thuc/<code>/: the page a result's QR code opens, and its upload form; the worker signs what the
back office attached, and the citizen's download is the signed file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from motcua.dossiers.models import DossierDocument
from motcua.signing.ca import CaFiles
from tests.conftest import Cast
from tests.signing.conftest import make_key
from tests.signing.test_signing import attach, finished, signed_bytes, signed_result


def page(code: str) -> str:
    return f"/xac-thuc/{code}/"


def test_the_verification_page_names_the_signer_the_dossier_and_says_the_file_is_intact(
    cast: Cast, ca_dir: CaFiles
) -> None:
    document = signed_result(cast, ca_dir)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(page(str(document.verification_id)))
    text = response.content.decode()
    assert response.status_code == 200
    assert "This result is authentic." in text
    assert "Phạm Thị Hoa" in text and document.dossier.code in text
    assert document.dossier.version.name in text
    assert "yes: its SHA-256 matches" in text


def test_an_unknown_verification_code_is_a_404(db: None) -> None:
    assert Client().get(page("aaaaaaaaaaaaaaaa")).status_code == 404


def test_the_page_notices_a_stored_file_changed_on_disk(cast: Cast, ca_dir: CaFiles) -> None:
    document = signed_result(cast, ca_dir)
    data = bytearray(signed_bytes(document))
    data[len(data) // 3] ^= 0x01
    with open(document.signed_file.path, "wb") as handle:
        handle.write(bytes(data))
    text = Client(HTTP_ACCEPT_LANGUAGE="en").get(page(str(document.verification_id))).content.decode()
    assert "This result could not be confirmed." in text
    assert "no: the stored file does not match" in text


def test_the_upload_form_accepts_the_issued_file_and_refuses_an_altered_one(cast: Cast, ca_dir: CaFiles) -> None:
    document = signed_result(cast, ca_dir)
    data = signed_bytes(document)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    good = client.post(page(str(document.verification_id)), {"file": SimpleUploadedFile("k.pdf", data)})
    assert "The file is this result, unchanged." in good.content.decode()
    altered = bytearray(data)
    altered[len(altered) // 3] ^= 0x01
    bad = client.post(page(str(document.verification_id)), {"file": SimpleUploadedFile("k.pdf", bytes(altered))})
    assert "The file is not this result." in bad.content.decode()
    assert "altered" in bad.content.decode()


def test_the_upload_form_refuses_a_file_that_is_not_a_pdf(cast: Cast, ca_dir: CaFiles) -> None:
    document = signed_result(cast, ca_dir)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        page(str(document.verification_id)), {"file": SimpleUploadedFile("k.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)}
    )
    assert response.status_code == 400
    assert "Only a PDF file is accepted." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_signs_an_attached_result_and_the_citizen_downloads_the_signed_file(
    ca_dir: CaFiles,
) -> None:
    cast = Cast()
    make_key(ca_dir, cast.agency)
    document = attach(cast, finished(cast))
    assert not DossierDocument.objects.get(pk=document.pk).is_signed
    call_command("worker", "--burst", verbosity=0)
    document.refresh_from_db()
    assert document.is_signed
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/tra-cuu/", {"code": document.dossier.code, "secret": "0912345678"}).status_code == 302
    response = client.get(f"/tra-cuu/{document.dossier.code}/ket-qua/")
    assert b"".join(response.streaming_content) == signed_bytes(document)  # type: ignore[attr-defined]
