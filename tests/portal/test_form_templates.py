"""Application form templates (mẫu đơn, tờ khai) of a procedure's required documents: uploaded in the
admin, downloaded from the procedure page with a safe content type."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.catalogue.models import ProcedureVersion, RequiredDocument
from tests.conftest import make_procedure, make_user
from tests.portal.conftest import FAKE_PDF, PDF

pytestmark = pytest.mark.django_db

# The start of a .docx (a ZIP archive) and of an old .doc (an OLE compound file).
DOCX = b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 60
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60


def _with_template(content: bytes = DOCX, filename: str = "to-khai.docx", **fields: Any) -> RequiredDocument:
    version = make_procedure(**fields)
    document = version.documents.get()
    document.form_template.save(filename, SimpleUploadedFile(filename, content), save=True)
    return document


def test_the_procedure_page_links_the_form_template_to_a_download(client: Client) -> None:
    document = _with_template()
    page = client.get("/thu-tuc/1.001193/").content.decode()
    url = f"/thu-tuc/1.001193/mau/{document.pk}/"
    assert f'href="{url}"' in page
    assert "/media/" not in page  # media files are not served by the application
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == DOCX  # type: ignore[attr-defined]


def test_a_pdf_template_is_served_as_pdf(client: Client) -> None:
    document = _with_template(PDF, "mau.pdf")
    response = client.get(f"/thu-tuc/1.001193/mau/{document.pk}/")
    assert response["Content-Type"] == "application/pdf"


def test_a_template_of_another_procedure_or_of_a_draft_is_not_served(client: Client) -> None:
    document = _with_template()
    make_procedure("1.000894", "Thủ tục đăng ký kết hôn")
    assert client.get(f"/thu-tuc/1.000894/mau/{document.pk}/").status_code == 404
    ProcedureVersion.objects.filter(pk=document.version_id).update(status=ProcedureVersion.Status.SUPERSEDED)
    assert client.get(f"/thu-tuc/1.001193/mau/{document.pk}/").status_code == 404


def test_a_document_without_a_template_has_no_download(client: Client) -> None:
    document = make_procedure().documents.get()
    assert client.get(f"/thu-tuc/1.001193/mau/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (FAKE_PDF, "mau.pdf"),
        (FAKE_PDF, "mau.docx"),
        (b"<html><script>alert(1)</script>", "mau.html"),
        (PDF, "mau.docx"),
    ],
)
def test_a_template_must_really_be_a_pdf_or_office_document(content: bytes, filename: str) -> None:
    document = make_procedure().documents.get()
    document.form_template = SimpleUploadedFile(filename, content)  # type: ignore[assignment]
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "form_template" in caught.value.message_dict


@pytest.mark.parametrize(("content", "filename"), [(DOCX, "a.docx"), (DOC, "a.doc"), (PDF, "a.pdf"), (DOCX, "a.xlsx")])
def test_pdf_word_excel_and_opendocument_templates_are_accepted(content: bytes, filename: str) -> None:
    document = make_procedure().documents.get()
    document.form_template = SimpleUploadedFile(filename, content)  # type: ignore[assignment]
    document.full_clean()


def test_an_administrator_uploads_a_template_in_the_admin(client: Client) -> None:
    admin = make_user("root", None)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    version = make_procedure()
    client.force_login(admin)
    page = client.get(f"/admin/catalogue/procedureversion/{version.pk}/change/").content.decode()
    assert 'name="documents-0-form_template"' in page


def test_a_reimport_of_the_same_version_keeps_the_uploaded_template(client: Client) -> None:
    from decimal import Decimal

    from motcua.catalogue.records import ChannelRecord

    _with_template()
    changed = [ChannelRecord(channel="in_person", time_limit=Decimal(2), time_unit="working_day")]
    version = make_procedure(channels=changed)  # same decision: the same version, updated in place
    document = version.documents.get()
    assert document.form_template.name.endswith(".docx")
    assert client.get(f"/thu-tuc/1.001193/mau/{document.pk}/").status_code == 200
