"""The tracking page of a dossier sent back for supplements: instructions, the list of what is missing,
the supplement request slip (form 02), and for an online dossier the upload of the missing documents and
the resubmission."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.services import dossier_receive, dossier_request_supplement, dossier_submit
from motcua.portal.limits import FORM_BYTES, body_limit
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received
from tests.portal.conftest import FAKE_PDF, PDF
from tests.portal.test_tracking import look_up

S = Dossier.Status
MISSING = "Bản sao Căn cước có chứng thực\nTờ khai có chữ ký của người yêu cầu"
MB = 1024 * 1024


def sent_back_online(cast: Cast) -> Dossier:
    dossier = dossier_submit(version=procedure_for(cast), agency=cast.agency, applicant=applicant())
    dossier = dossier_receive(actor=cast.clerk, dossier=dossier, received_at=at("2027-03-01 09:00"))
    return dossier_request_supplement(actor=cast.officer, dossier=dossier, missing=MISSING, at=at("2027-03-03 08:00"))


def tracked(client: Client, dossier: Dossier) -> str:
    assert look_up(client, dossier.code, "0912 345 678").status_code == 302
    return client.get(f"/tra-cuu/{dossier.code}/").content.decode()


def send(client: Client, dossier: Dossier, **files: Any) -> Any:
    return client.post(f"/tra-cuu/{dossier.code}/bo-sung/", {"note": "Tôi đã bổ sung", **files})


def doc_key(dossier: Dossier) -> str:
    return f"doc_{dossier.version.documents.get().pk}"


def test_the_page_of_an_online_dossier_sent_back_explains_lists_and_offers_the_upload(
    cast: Cast, en_client: Client
) -> None:
    dossier = sent_back_online(cast)
    page = tracked(en_client, dossier)
    assert "Your dossier needs more documents or information" in page
    assert "<li>Bản sao Căn cước có chứng thực</li>" in page
    assert "<li>Tờ khai có chữ ký của người yêu cầu</li>" in page
    assert "The time limit starts again from zero when the complete dossier arrives" in page
    assert f'href="/tra-cuu/{dossier.code}/phieu-bo-sung/"' in page
    assert f'action="/tra-cuu/{dossier.code}/bo-sung/"' in page and 'enctype="multipart/form-data"' in page
    assert f'name="{doc_key(dossier)}"' in page and 'name="other"' in page


def test_the_supplement_slip_downloads_only_for_a_browser_that_looked_the_dossier_up(
    cast: Cast, en_client: Client
) -> None:
    dossier = sent_back_online(cast)
    assert en_client.get(f"/tra-cuu/{dossier.code}/phieu-bo-sung/").status_code == 404
    tracked(en_client, dossier)
    response = en_client.get(f"/tra-cuu/{dossier.code}/phieu-bo-sung/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_the_applicant_uploads_the_missing_documents_and_resubmits(cast: Cast, en_client: Client) -> None:
    dossier = sent_back_online(cast)
    tracked(en_client, dossier)
    response = send(
        en_client,
        dossier,
        **{doc_key(dossier): SimpleUploadedFile("cccd.pdf", PDF), "other": SimpleUploadedFile("tk.pdf", PDF)},
    )
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/{dossier.code}/?bo-sung=1"
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and dossier.supplement_received_at is not None
    assert dossier.documents.exclude(file="").count() == 2
    assert Transition.objects.filter(dossier=dossier, action="supplement_received", note="Tôi đã bổ sung").exists()
    page = en_client.get(response["Location"]).content.decode()
    assert "We have received your documents" in page
    assert 'action="/tra-cuu/' + dossier.code + '/bo-sung/"' not in page  # nothing more to send
    assert "Supplement sent online" in page  # the history


def test_a_resubmission_without_any_file_is_refused_with_a_message(cast: Cast, en_client: Client) -> None:
    dossier = sent_back_online(cast)
    tracked(en_client, dossier)
    response = send(en_client, dossier)
    assert response.status_code == 400
    assert "Upload at least one of the missing documents." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT


def test_a_file_that_is_not_a_scan_is_refused_and_nothing_changes(cast: Cast, en_client: Client) -> None:
    dossier = sent_back_online(cast)
    tracked(en_client, dossier)
    response = send(en_client, dossier, other=SimpleUploadedFile("virus.pdf", FAKE_PDF))
    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG or TIFF scans are accepted." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT and not dossier.documents.exclude(file="").exists()


def test_a_browser_that_did_not_look_the_dossier_up_cannot_send_a_supplement(cast: Cast, en_client: Client) -> None:
    dossier = sent_back_online(cast)
    response = send(en_client, dossier, other=SimpleUploadedFile("a.pdf", PDF))
    assert response.status_code == 302 and response["Location"].startswith("/tra-cuu/?")
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT


def test_a_counter_dossier_sent_back_says_to_bring_the_documents_to_the_agency(cast: Cast, en_client: Client) -> None:
    cast.agency.address, cast.agency.opening_hours = "Số 1 đường Hạ Long", "Thứ Hai – Thứ Sáu"
    cast.agency.save()
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=received(cast), missing=MISSING, at=at("2027-03-03 08:00")
    )
    page = tracked(en_client, dossier)
    assert "Bring the missing documents to" in page and "Số 1 đường Hạ Long" in page
    assert "/bo-sung/" not in page
    assert f"/tra-cuu/{dossier.code}/phieu-bo-sung/" in page


@pytest.mark.django_db
def test_the_supplement_upload_accepts_one_full_scan_per_input(cast: Cast) -> None:
    dossier = sent_back_online(cast)  # one required document, plus "any other document"
    request = RequestFactory().post(f"/tra-cuu/{dossier.code}/bo-sung/")
    assert body_limit(request) == 2 * 10 * MB + FORM_BYTES


def test_the_supplement_instructions_are_in_vietnamese_by_default(cast: Cast, client: Client) -> None:
    dossier = sent_back_online(cast)
    page = tracked(client, dossier)
    assert "Giấy tờ, thông tin còn thiếu" in page
    assert "Tải phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02, PDF)" in page
    assert "Gửi giấy tờ bổ sung" in page
