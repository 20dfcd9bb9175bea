"""Online submission: one question per page, check your answers, then one dossier in status 1."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import ChannelRecord, DocumentRecord
from motcua.dossiers.models import Dossier
from tests.conftest import Cast, make_procedure
from tests.dossiers.factories import procedure_for
from tests.portal.conftest import FAKE_PDF, PDF

S = Dossier.Status
BASE = "/nop-ho-so/2.000488"
APPLICANT = {
    "kind": "person",
    "name": "Nguyễn Văn An",
    "id_number": "001090012345",
    "phone": "0912 345 678",
    "email": "an@example.vn",
    "address": "12 Lê Lợi, Hạ Long, Quảng Ninh",
}


def shared_procedure(cast: Cast) -> ProcedureVersion:
    """A procedure two agencies receive: the applicant chooses one."""
    return make_procedure(
        "2.000488",
        "Thủ tục cấp Phiếu lý lịch tư pháp",
        channels=[ChannelRecord(channel="online", time_limit=Decimal(10), time_unit="working_day")],
        agency_identifiers=[cast.agency.identifier, cast.other_agency.identifier],
    )


def doc_field(version: ProcedureVersion) -> str:
    return f"doc_{version.documents.get().pk}"


def pdf(name: str = "to-khai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def tmp_files(media: Path) -> list[Path]:
    return [p for p in (media / "tmp").rglob("*") if p.is_file()] if (media / "tmp").exists() else []


def answer_everything(client: Client, version: ProcedureVersion, **applicant: str) -> None:
    client.post(f"{BASE}/nguoi-nop/", {**APPLICANT, **applicant})
    client.post(f"{BASE}/giay-to/", {doc_field(version): pdf()})
    client.post(f"{BASE}/nhan-ket-qua/", {"delivery": "online"})


def test_it_submits_a_dossier_step_by_step_and_shows_its_code(cast: Cast, en_client: Client, media: Path) -> None:
    version = procedure_for(cast)
    procedure_page = en_client.get("/thu-tuc/2.000488/").content.decode()
    assert f'href="{BASE}/"' in procedure_page and "Submit a dossier online" in procedure_page

    response = en_client.get(f"{BASE}/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/nguoi-nop/"
    page = en_client.get(f"{BASE}/nguoi-nop/").content.decode()
    assert 'for="id_name"' in page and "csrfmiddlewaretoken" in page

    # One agency receives this procedure: the agency question is skipped.
    response = en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    assert response["Location"] == f"{BASE}/giay-to/"

    page = en_client.get(f"{BASE}/giay-to/").content.decode()
    assert "Tờ khai đăng ký khai sinh" in page and "at most 10 MB" in page
    response = en_client.post(
        f"{BASE}/giay-to/", {doc_field(version): SimpleUploadedFile("to-khai.pdf", FAKE_PDF, "application/pdf")}
    )
    assert response.status_code == 200
    assert "Only PDF, PNG, JPEG or TIFF scans are accepted." in response.content.decode()
    assert f'href="#id_{doc_field(version)}"' in response.content.decode()
    assert tmp_files(media) == []

    response = en_client.post(f"{BASE}/giay-to/", {doc_field(version): pdf(), "other": pdf("uy-quyen.pdf")})
    assert response["Location"] == f"{BASE}/nhan-ket-qua/"
    assert len(tmp_files(media)) == 2

    response = en_client.post(f"{BASE}/nhan-ket-qua/", {"delivery": "post"})
    assert response["Location"] == f"{BASE}/kiem-tra/"

    check = en_client.get(f"{BASE}/kiem-tra/").content.decode()
    for text in ("Nguyễn Văn An", "001090012345", "0912 345 678", "Sở Tư pháp", "to-khai.pdf", "uy-quyen.pdf"):
        assert text in check
    assert f'href="{BASE}/nguoi-nop/#id_phone"' in check
    assert f'href="{BASE}/nhan-ket-qua/"' in check
    assert Dossier.objects.count() == 0

    response = en_client.post(f"{BASE}/kiem-tra/")
    assert response["Location"] == f"{BASE}/da-nop/"
    dossier = Dossier.objects.get()
    assert dossier.status == S.SUBMITTED
    assert dossier.channel == Dossier.Channel.ONLINE
    assert dossier.agency == cast.agency
    assert dossier.applicant_phone == "+84912345678"
    assert dossier.result_delivery == Dossier.Delivery.POST
    scans = list(dossier.documents.order_by("id"))
    assert [(d.name, d.required_id, d.content_type) for d in scans] == [
        ("Tờ khai đăng ký khai sinh", version.documents.get().pk, "application/pdf"),
        ("Giấy tờ khác", None, "application/pdf"),
    ]
    assert scans[0].file.read() == PDF
    assert tmp_files(media) == []

    done = en_client.get(f"{BASE}/da-nop/").content.decode()
    assert f'<strong class="pt-code">{dossier.code}</strong>' in done
    assert "What happens next" in done
    # The submitter can follow the dossier straight away.
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 200


def test_the_check_page_is_shown_in_vietnamese_by_default(cast: Cast, client: Client) -> None:
    version = procedure_for(cast)
    answer_everything(client, version)
    response = client.get(f"{BASE}/kiem-tra/")
    assert response.status_code == 200 and response["Content-Language"] == "vi"


def test_invalid_answers_are_listed_in_an_error_summary_and_nothing_is_created(cast: Cast, en_client: Client) -> None:
    procedure_for(cast)
    response = en_client.post(f"{BASE}/nguoi-nop/", {**APPLICANT, "id_number": "12345", "phone": "12", "name": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="pt-error-summary"' in page
    assert '<a href="#id_name">' in page
    assert '<a href="#id_id_number">Enter a 12-digit citizen identity number or a passport number.</a>' in page
    assert '<a href="#id_phone">Enter a Vietnamese phone number such as 0912 345 678.</a>' in page
    assert 'aria-describedby="id_phone-hint id_phone-error"' in page
    assert "<title>Error:" in page
    # Nothing was kept: the next pages send the applicant back to the first question.
    assert en_client.get(f"{BASE}/giay-to/")["Location"] == f"{BASE}/nguoi-nop/"
    assert en_client.post(f"{BASE}/kiem-tra/")["Location"] == f"{BASE}/nguoi-nop/"
    assert Dossier.objects.count() == 0


def test_an_organisation_is_identified_by_its_tax_code(cast: Cast, en_client: Client) -> None:
    procedure_for(cast)
    response = en_client.post(f"{BASE}/nguoi-nop/", {**APPLICANT, "kind": "organisation"})
    assert "A tax code has 10 digits" in response.content.decode()
    response = en_client.post(f"{BASE}/nguoi-nop/", {**APPLICANT, "kind": "organisation", "id_number": "5700100256"})
    assert response.status_code == 302


def test_a_required_document_must_be_uploaded(cast: Cast, en_client: Client) -> None:
    version = procedure_for(cast)
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    response = en_client.post(f"{BASE}/giay-to/", {"other": pdf()})
    assert response.status_code == 200
    assert f'<a href="#id_{doc_field(version)}">' in response.content.decode()
    assert en_client.get(f"{BASE}/nhan-ket-qua/")["Location"] == f"{BASE}/giay-to/"


def test_an_oversized_scan_is_refused_with_the_limit(cast: Cast, en_client: Client, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    version = procedure_for(cast)
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024 + 1))
    page = en_client.post(f"{BASE}/giay-to/", {doc_field(version): big}).content.decode()
    assert "the limit is 1 MB" in page


def test_the_agency_question_is_asked_only_when_there_is_a_choice(cast: Cast, en_client: Client) -> None:
    shared_procedure(cast)
    response = en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    assert response["Location"] == f"{BASE}/co-quan/"
    page = en_client.get(f"{BASE}/co-quan/").content.decode()
    assert "Sở Tư pháp" in page and "Sở Xây dựng" in page
    response = en_client.post(f"{BASE}/co-quan/", {})
    assert '<a href="#id_agency_0">' in response.content.decode()
    response = en_client.post(f"{BASE}/co-quan/", {"agency": cast.other_agency.pk})
    assert response["Location"] == f"{BASE}/giay-to/"


def test_an_agency_outside_the_procedure_cannot_be_chosen(cast: Cast, en_client: Client) -> None:
    shared_procedure(cast)
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    response = en_client.post(f"{BASE}/co-quan/", {"agency": cast.supervisor.staff_roles.get().agency_id})
    assert response.status_code == 200
    assert "pt-error-summary" in response.content.decode()


def test_a_change_link_comes_back_to_the_check_page(cast: Cast, en_client: Client) -> None:
    version = procedure_for(cast)
    answer_everything(en_client, version)
    response = en_client.post(f"{BASE}/nguoi-nop/", {**APPLICANT, "phone": "0987 654 321"})
    assert response["Location"] == f"{BASE}/kiem-tra/"
    en_client.post(f"{BASE}/kiem-tra/")
    assert Dossier.objects.get().applicant_phone == "+84987654321"


def test_starting_again_forgets_the_answers_and_deletes_the_scans(cast: Cast, en_client: Client, media: Path) -> None:
    version = procedure_for(cast)
    answer_everything(en_client, version)
    assert tmp_files(media)
    response = en_client.get(f"{BASE}/?lai=1")
    assert response["Location"] == f"{BASE}/nguoi-nop/"
    assert tmp_files(media) == []


def test_a_dossier_is_not_submitted_twice_by_sending_the_check_page_again(cast: Cast, en_client: Client) -> None:
    version = procedure_for(cast)
    answer_everything(en_client, version)
    en_client.post(f"{BASE}/kiem-tra/")
    response = en_client.post(f"{BASE}/kiem-tra/")
    assert response.status_code == 302
    assert Dossier.objects.count() == 1


def test_when_a_scan_fails_at_submission_no_dossier_is_left(cast: Cast, en_client: Client, media: Path) -> None:
    version = procedure_for(cast)
    answer_everything(en_client, version)
    for path in tmp_files(media):
        path.write_bytes(FAKE_PDF)  # the kept copy no longer passes the checks
    response = en_client.post(f"{BASE}/kiem-tra/")
    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG or TIFF" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_the_wizard_needs_csrf_protection(cast: Cast) -> None:
    procedure_for(cast)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(f"{BASE}/nguoi-nop/", APPLICANT).status_code == 403


@pytest.mark.parametrize("channels", [["in_person"], ["in_person", "postal"]])
def test_a_procedure_without_an_online_channel_cannot_be_submitted_online(
    cast: Cast, en_client: Client, channels: list[str]
) -> None:
    procedure_for(cast, channels=[ChannelRecord(channel=c) for c in channels])
    assert "Submit a dossier online" not in en_client.get("/thu-tuc/2.000488/").content.decode()
    assert en_client.get(f"{BASE}/nguoi-nop/").status_code == 404


def test_documents_of_a_particular_case_are_optional(cast: Cast, en_client: Client) -> None:
    procedure_for(
        cast,
        documents=[
            DocumentRecord(name="Tờ khai", originals=1),
            DocumentRecord(name="Văn bản ủy quyền", group="Trường hợp ủy quyền", originals=1),
        ],
    )
    version = ProcedureVersion.objects.get(status="published")
    form_key = f"doc_{version.documents.get(name='Tờ khai').pk}"
    en_client.post(f"{BASE}/nguoi-nop/", APPLICANT)
    response = en_client.post(f"{BASE}/giay-to/", {form_key: pdf()})
    assert response["Location"] == f"{BASE}/nhan-ket-qua/"
