"""The electronic result of a dossier: attached by staff of its agency once it is finished (not refused),
served to the applicant's browser after a lookup, always the newest one, with a SHA-256 to check it."""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.tokens import api_token_create
from motcua.dossiers.errors import Conflict, IllegalTransition, NotPermitted
from motcua.dossiers.models import Dossier, DossierDocument, Transition
from motcua.dossiers.services import (
    dossier_approve,
    dossier_forward,
    dossier_reject,
    dossier_result_attach,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.uploads import dossier_document_attach
from tests.conftest import Cast
from tests.dossiers.factories import at, received
from tests.pdfs import minimal_pdf

S = Dossier.Status
PDF = minimal_pdf()  # a result must be a readable PDF: it gets signed
NEWER_PDF = minimal_pdf("ban cap lai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PHONE = "0912345678"


@pytest.fixture(autouse=True)
def _media_and_cache(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pdf(content: bytes = PDF, filename: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(filename, content, content_type="application/pdf")


def in_process(cast: Cast) -> Dossier:
    return dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))


def finished(cast: Cast) -> Dossier:
    return dossier_approve(actor=cast.head, dossier=in_process(cast), at=at("2027-03-03 08:00"))


def refused(cast: Cast) -> Dossier:
    return dossier_reject(
        actor=cast.head, dossier=in_process(cast), reason="Không đủ điều kiện", at=at("2027-03-03 08:00")
    )


def stopped(cast: Cast) -> Dossier:
    return dossier_stop(actor=cast.leader, dossier=received(cast), reason="Vướng quy hoạch", at=at("2027-03-02 08:00"))


def withdrawn(cast: Cast) -> Dossier:
    return dossier_withdraw(actor=cast.clerk, dossier=received(cast), at=at("2027-03-02 08:00"))


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def citizen() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def look_up(client: Client, dossier: Dossier) -> None:
    response = client.post("/tra-cuu/", {"code": dossier.code, "secret": PHONE})
    assert response.status_code == 302


def downloaded(client: Client, dossier: Dossier) -> bytes:
    response = client.get(f"/tra-cuu/{dossier.code}/ket-qua/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


# --- the whole path -----------------------------------------------------------------------------------


def test_a_finished_dossiers_result_is_attached_by_its_officer_and_downloaded_after_the_lookup(cast: Cast) -> None:
    dossier = finished(cast)
    officer = staff(cast.officer)
    page = officer.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert 'action="/backoffice/ho-so/' + str(dossier.code) + '/ket-qua/"' in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page

    response = officer.post(
        f"/backoffice/ho-so/{dossier.code}/ket-qua/", {"file": pdf(), "name": "Phiếu lý lịch tư pháp số 1"}, follow=True
    )
    assert response.redirect_chain == [(f"/backoffice/ho-so/{dossier.code}/", 302)]
    page = response.content.decode()
    assert "The electronic result is attached" in page
    assert sha256(PDF) in page  # listed on the dossier page with its fingerprint

    applicant = citizen()
    assert applicant.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404  # not looked up yet
    look_up(applicant, dossier)
    tracking = applicant.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert f'href="/tra-cuu/{dossier.code}/ket-qua/"' in tracking
    assert sha256(PDF) in tracking
    assert "Phiếu lý lịch tư pháp số 1" in tracking
    assert "Electronic result attached" in tracking  # the timeline row
    served = downloaded(applicant, dossier)
    assert served == PDF
    assert sha256(served) in tracking


def test_the_service_stores_the_result_with_its_fingerprint_and_a_transition_row(cast: Cast) -> None:
    dossier = finished(cast)
    version_before = Dossier.objects.get(pk=dossier.pk).lock_version
    document = dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf(), at=at("2027-03-03 10:00"))
    assert document.kind == DossierDocument.Kind.RESULT
    assert document.sha256 == sha256(PDF) == sha256(document.file.read())
    assert (document.uploaded_by, document.uploaded_at) == (cast.officer, at("2027-03-03 10:00"))
    assert document.content_type == "application/pdf" and document.file.name.endswith(".pdf")
    assert document.name == "Kết quả giải quyết thủ tục hành chính"  # no name given
    row = Transition.objects.filter(dossier=dossier).latest("id")
    assert (row.action, row.from_status, row.to_status, row.actor) == (
        "result_attached",
        S.FINISHED,
        S.FINISHED,
        cast.officer,
    )
    assert row.action_label == "electronic result attached"
    assert Dossier.objects.get(pk=dossier.pk).lock_version == version_before + 1


@pytest.mark.parametrize("who", ["clerk", "officer", "head"])
def test_every_kind_of_staff_of_the_agency_may_attach_the_result(cast: Cast, who: str) -> None:
    document = dossier_result_attach(actor=getattr(cast, who), dossier=finished(cast), upload=pdf())
    assert document.pk is not None


def test_a_returned_dossier_may_still_get_its_result(cast: Cast) -> None:
    dossier = dossier_return_result(actor=cast.clerk, dossier=finished(cast), at=at("2027-03-04 08:00"))
    dossier_result_attach(actor=cast.clerk, dossier=dossier, upload=pdf())
    applicant = citizen()
    look_up(applicant, dossier)
    assert downloaded(applicant, dossier) == PDF


# --- when a result cannot be attached -----------------------------------------------------------------


def test_a_result_cannot_be_attached_to_a_dossier_still_in_processing(cast: Cast) -> None:
    dossier = in_process(cast)
    with pytest.raises(IllegalTransition, match="“in process” cannot be given an electronic result"):
        dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


def test_a_refused_dossier_gets_no_result_even_though_it_is_finished(cast: Cast) -> None:
    dossier = refused(cast)
    assert dossier.status == S.FINISHED and dossier.outcome == "refused"
    with pytest.raises(IllegalTransition, match="refused"):
        dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())


@pytest.mark.parametrize("ending", [stopped, withdrawn])
def test_a_stopped_or_withdrawn_dossier_gets_no_result(cast: Cast, ending: Any) -> None:
    with pytest.raises(IllegalTransition):
        dossier_result_attach(actor=cast.officer, dossier=ending(cast), upload=pdf())


def test_a_clerk_of_another_agency_cannot_attach_a_result(cast: Cast) -> None:
    dossier = finished(cast)
    with pytest.raises(NotPermitted, match="Only staff of Sở Tư pháp"):
        dossier_result_attach(actor=cast.other_clerk, dossier=dossier, upload=pdf())
    with pytest.raises(NotPermitted):
        dossier_result_attach(actor=cast.supervisor, dossier=dossier, upload=pdf())
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "Only a PDF file"),  # a program renamed to .pdf: PDF is all we name
        (PNG, "Only a PDF file"),  # a real scan, but a result is always a PDF
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_really_a_pdf_is_refused_even_named_pdf(cast: Cast, content: bytes, message: str) -> None:
    dossier = finished(cast)
    with pytest.raises(ValidationError, match=message):
        dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf(content, "ket-qua.pdf"))
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()
    assert not Transition.objects.filter(action="result_attached").exists()


def test_an_oversized_result_is_refused(cast: Cast, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="too large"):
        dossier_result_attach(actor=cast.officer, dossier=finished(cast), upload=pdf(PDF + b"0" * 2048))


def test_a_stale_lock_version_is_a_conflict(cast: Cast) -> None:
    dossier = finished(cast)
    stale = dossier.lock_version - 1
    with pytest.raises(Conflict):
        dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf(), expected_lock_version=stale)


# --- what the applicant gets ----------------------------------------------------------------------------


def test_the_download_is_refused_before_the_lookup_and_in_another_browser(cast: Cast) -> None:
    dossier = finished(cast)
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    url = f"/tra-cuu/{dossier.code}/ket-qua/"
    first = citizen()
    assert first.get(url).status_code == 404
    look_up(first, dossier)
    assert first.get(url).status_code == 200
    assert citizen().get(url).status_code == 404


def test_the_newest_result_is_served_and_both_stay_listed_for_staff(cast: Cast) -> None:
    dossier = finished(cast)
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf(PDF), name="Bản đầu")
    dossier_result_attach(actor=cast.head, dossier=dossier, upload=pdf(NEWER_PDF), name="Bản cấp lại")
    assert DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT).count() == 2
    applicant = citizen()
    look_up(applicant, dossier)
    tracking = applicant.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert sha256(NEWER_PDF) in tracking and sha256(PDF) not in tracking
    assert downloaded(applicant, dossier) == NEWER_PDF
    page = staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert sha256(PDF) in page and sha256(NEWER_PDF) in page


def test_an_applicants_own_upload_named_like_a_result_is_not_served_as_the_result(cast: Cast) -> None:
    dossier = finished(cast)
    dossier_document_attach(dossier=dossier, upload=pdf(), name="Kết quả xét nghiệm")
    applicant = citizen()
    look_up(applicant, dossier)
    assert "Download the electronic result" not in applicant.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert applicant.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404


def test_a_result_row_on_a_refused_dossier_is_never_served(cast: Cast) -> None:
    dossier = finished(cast)
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    Dossier.objects.filter(pk=dossier.pk).update(outcome="refused")  # e.g. a result attached before a correction
    applicant = citizen()
    look_up(applicant, dossier)
    assert applicant.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404


# --- the back office ------------------------------------------------------------------------------------


def test_the_attach_form_is_offered_only_when_the_user_may_attach(cast: Cast) -> None:
    done, running, no = finished(cast), in_process(cast), refused(cast)
    form = "/ket-qua/"
    assert form in staff(cast.clerk).get(f"/backoffice/ho-so/{done.code}/").content.decode()
    assert form not in staff(cast.officer).get(f"/backoffice/ho-so/{running.code}/").content.decode()
    assert form not in staff(cast.officer).get(f"/backoffice/ho-so/{no.code}/").content.decode()
    assert form not in staff(cast.supervisor).get(f"/backoffice/ho-so/{done.code}/").content.decode()


def test_the_form_is_in_vietnamese_by_default(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.officer)
    page = client.get(f"/backoffice/ho-so/{finished(cast).code}/").content.decode()
    assert "Đính kèm kết quả điện tử" in page


def test_a_refused_upload_is_explained_on_the_dossier_page_and_nothing_is_stored(cast: Cast) -> None:
    dossier = finished(cast)
    response = staff(cast.officer).post(
        f"/backoffice/ho-so/{dossier.code}/ket-qua/", {"file": pdf(PNG, "scan.pdf")}, follow=True
    )
    assert "Only a PDF file is accepted." in response.content.decode()
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


def test_the_refusal_of_a_result_names_pdf_only_never_the_scan_formats(cast: Cast) -> None:
    dossier = finished(cast)
    response = staff(cast.officer).post(
        f"/backoffice/ho-so/{dossier.code}/ket-qua/", {"file": pdf(b"GIF89a" + b"\x00" * 50, "anh.gif")}, follow=True
    )
    page = response.content.decode()
    assert "Only a PDF file is accepted." in page
    assert "PNG" not in page and "TIFF" not in page


def test_a_post_without_a_file_is_explained(cast: Cast) -> None:
    dossier = finished(cast)
    response = staff(cast.officer).post(f"/backoffice/ho-so/{dossier.code}/ket-qua/", {}, follow=True)
    assert "Result file (PDF): This field is required." in response.content.decode()


def test_an_illegal_attach_by_url_is_explained_not_applied(cast: Cast) -> None:
    dossier = in_process(cast)
    response = staff(cast.officer).post(f"/backoffice/ho-so/{dossier.code}/ket-qua/", {"file": pdf()}, follow=True)
    assert "cannot be given an electronic result" in response.content.decode()
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


def test_a_clerk_of_another_agency_can_neither_attach_nor_open_the_result_by_url(cast: Cast) -> None:
    dossier = finished(cast)
    document = dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    outsider = staff(cast.other_clerk)
    assert outsider.post(f"/backoffice/ho-so/{dossier.code}/ket-qua/", {"file": pdf()}).status_code == 404
    assert outsider.get(f"/backoffice/ho-so/{dossier.code}/tai-lieu/{document.pk}/").status_code == 404
    own = staff(cast.clerk).get(f"/backoffice/ho-so/{dossier.code}/tai-lieu/{document.pk}/")
    assert b"".join(own.streaming_content) == PDF  # type: ignore[attr-defined]


def test_the_attach_url_only_accepts_posts(cast: Cast) -> None:
    dossier = finished(cast)
    assert staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/ket-qua/").status_code == 405


# --- the API and the old data -----------------------------------------------------------------------------


def test_the_staff_api_lists_the_results_with_their_fingerprints(cast: Cast) -> None:
    dossier = finished(cast)
    dossier_result_attach(
        actor=cast.officer, dossier=dossier, upload=pdf(), name="Phiếu số 1", at=at("2027-03-03 10:00")
    )
    token = api_token_create(user=cast.clerk)
    body = Client().get(f"/api/v1/dossiers/{dossier.code}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["results"] == [
        {"name": "Phiếu số 1", "sha256": sha256(PDF), "uploaded_at": "2027-03-03T10:00:00+07:00"}
    ]
    schema = Client().get("/api/v1/openapi.json").json()
    assert "results" in schema["components"]["schemas"]["Dossier"]["properties"]


def test_old_documents_named_as_results_become_result_documents(cast: Cast) -> None:
    dossier = finished(cast)
    old = dossier_document_attach(dossier=dossier, upload=pdf(), name="Kết quả: Phiếu lý lịch tư pháp số 1")
    DossierDocument.objects.filter(pk=old.pk).update(sha256="")
    paper = DossierDocument.objects.create(dossier=dossier, name="Kết quả (bản giấy)")
    scan = dossier_document_attach(dossier=dossier, upload=pdf(), name="Tờ khai")
    migration = importlib.import_module("motcua.dossiers.migrations.0003_result_documents")
    migration.mark_results(apps, None)
    kinds = dict(DossierDocument.objects.values_list("pk", "kind"))
    assert (kinds[old.pk], kinds[paper.pk], kinds[scan.pk]) == ("result", "received", "received")
    assert DossierDocument.objects.get(pk=old.pk).sha256 == sha256(PDF)
    applicant = citizen()
    look_up(applicant, dossier)
    assert downloaded(applicant, dossier) == PDF


def test_the_dossier_page_with_the_form_and_the_results_labels_every_control(cast: Cast) -> None:
    from tests.accessibility.test_labels import check

    dossier = finished(cast)
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    applicant = citizen()
    look_up(applicant, dossier)
    for page in (
        staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/"),
        applicant.get(f"/tra-cuu/{dossier.code}/"),
    ):
        assert check(page.content.decode()) == []


# --- the API ----------------------------------------------------------------------------------------


def api_post_result(user: Any, dossier: Dossier, **fields: Any) -> Any:
    token = api_token_create(user=user)
    return Client().post(f"/api/v1/dossiers/{dossier.code}/results", fields, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_an_agency_system_attaches_the_result_through_the_api_and_the_applicant_downloads_it(cast: Cast) -> None:
    dossier = finished(cast)
    response = api_post_result(cast.officer, dossier, file=pdf(), name="Phiếu lý lịch tư pháp số 7")
    assert response.status_code == 201, response.content
    body = response.json()
    assert [r["name"] for r in body["results"]] == ["Phiếu lý lịch tư pháp số 7"]
    assert body["results"][0]["sha256"] == sha256(PDF)
    assert body["history"][-1]["action"] == "result_attached"
    applicant = citizen()
    look_up(applicant, dossier)
    assert downloaded(applicant, dossier) == PDF


def test_the_api_refuses_a_result_it_cannot_accept_and_stores_nothing(cast: Cast) -> None:
    running = in_process(cast)
    assert api_post_result(cast.officer, running, file=pdf()).status_code == 409
    done = finished(cast)
    not_pdf = api_post_result(cast.officer, done, file=pdf(PNG, "anh.pdf"))
    assert not_pdf.status_code == 400 and "file" in not_pdf.json()["errors"]
    assert api_post_result(cast.officer, done).json()["errors"]["file"]
    stale = api_post_result(cast.officer, done, file=pdf(), lock_version=done.lock_version - 1)
    assert stale.status_code == 409
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


def test_staff_of_another_agency_cannot_attach_through_the_api(cast: Cast) -> None:
    dossier = finished(cast)
    assert api_post_result(cast.other_clerk, dossier, file=pdf()).status_code == 404
    assert not DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT).exists()
