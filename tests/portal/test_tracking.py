"""Tracking a dossier with its code and the applicant's phone or identity digits, and the result."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.ratelimit import FAILURES_PER_CLIENT
from motcua.documents.slips import lookup_url
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import (
    dossier_approve,
    dossier_forward,
    dossier_request_supplement,
    dossier_result_attach,
    dossier_return_result,
    dossier_submit,
)
from motcua.dossiers.uploads import dossier_document_attach
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received
from tests.portal.conftest import PDF

S = Dossier.Status
NO_MATCH = "We could not find a dossier with this code and this phone number or identity digits."


def look_up(client: Client, code: str, secret: str, address: str = "203.0.113.7") -> Any:
    return client.post("/tra-cuu/", {"code": code, "secret": secret}, REMOTE_ADDR=address)


def error_summary(html: str) -> str:
    match = re.search(r'<div class="pt-error-summary".*?</div>', html, re.S)
    assert match is not None
    return match.group(0)


def finished(cast: Cast) -> Dossier:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))


def attach_result(cast: Cast, dossier: Dossier) -> None:
    dossier_result_attach(
        actor=cast.officer,
        dossier=dossier,
        upload=SimpleUploadedFile("kq.pdf", PDF),
        name="Kết quả: Phiếu lý lịch tư pháp số 1",
    )


@pytest.mark.parametrize("phone", ["0912 345 678", "+84 912 345 678", "84912345678", "0912.345.678"])
def test_it_finds_a_dossier_by_code_and_phone_in_any_format(cast: Cast, en_client: Client, phone: str) -> None:
    dossier = received(cast)
    response = look_up(en_client, dossier.code.lower(), phone)
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/{dossier.code}/"
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Your dossier is being processed" in page
    assert "Received" in page  # the timeline, from the Transition rows
    assert dossier.due_at is not None
    assert dossier.due_at.astimezone(at("2027-03-01 08:00").tzinfo).strftime("%d/%m/%Y") in page


def test_it_finds_a_dossier_by_code_and_the_last_four_identity_digits(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    assert look_up(en_client, dossier.code, "2345").status_code == 302


def test_a_wrong_combination_says_the_same_whether_or_not_the_code_exists(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    existing = look_up(en_client, dossier.code, "0987 654 321")
    unknown = look_up(en_client, "000.00.20.H49-270301-9999", "0987 654 321")
    wrong_digits = look_up(en_client, dossier.code, "9999")
    not_a_phone = look_up(en_client, dossier.code, "hello")
    for response in (existing, unknown, wrong_digits, not_a_phone):
        assert response.status_code == 200
    assert NO_MATCH in error_summary(existing.content.decode())
    assert {error_summary(r.content.decode()) for r in (existing, unknown, wrong_digits, not_a_phone)} == {
        error_summary(existing.content.decode())
    }


def test_a_lookup_needs_both_the_code_and_the_second_detail(cast: Cast, en_client: Client) -> None:
    response = en_client.post("/tra-cuu/", {"code": "", "secret": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_code">' in page and '<a href="#id_secret">' in page


def test_guesses_at_one_code_from_many_addresses_do_not_lock_out_its_applicant(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    for attempt in range(FAILURES_PER_CLIENT * 2):
        assert look_up(en_client, dossier.code, "0987 654 321", address=f"198.51.100.{attempt}").status_code == 200
    assert look_up(en_client, dossier.code, "0912 345 678", address="198.51.100.200").status_code == 302


def test_guessing_one_code_from_one_address_is_limited(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    for _ in range(FAILURES_PER_CLIENT):
        assert look_up(en_client, dossier.code, "0987 654 321").status_code == 200
    response = look_up(en_client, dossier.code, "0912 345 678")
    assert response.status_code == 429
    assert "Too many unsuccessful attempts" in response.content.decode()


def test_guessing_many_codes_from_one_address_is_limited(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    for attempt in range(FAILURES_PER_CLIENT):
        assert look_up(en_client, f"000.00.20.H49-270301-{attempt:04d}", "0987 654 321").status_code == 200
    assert look_up(en_client, dossier.code, "0912 345 678").status_code == 429
    # Another address is not affected.
    assert look_up(en_client, dossier.code, "0912 345 678", address="192.0.2.1").status_code == 302


def test_successful_lookups_do_not_count_towards_the_limit(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    for _ in range(FAILURES_PER_CLIENT + 2):
        assert look_up(en_client, dossier.code, "0912 345 678").status_code == 302


def test_the_receipt_qr_link_fills_in_the_code(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    url = lookup_url(dossier)
    path = url[url.index("/tra-cuu/") :]
    page = en_client.get(path).content.decode()
    assert f'value="{dossier.code}"' in page
    assert 'name="secret"' in page


def test_the_dossier_page_needs_a_lookup_in_this_browser(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    response = en_client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/?ma={dossier.code}"


def test_a_supplement_request_is_explained_with_its_note(cast: Cast, en_client: Client) -> None:
    dossier = dossier_submit(version=procedure_for(cast), agency=cast.agency, applicant=applicant())
    dossier_request_supplement(actor=cast.clerk, dossier=dossier, missing="Bản sao giấy khai sinh của con")
    look_up(en_client, dossier.code, "0912345678")
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Your dossier needs more documents or information" in page
    assert "Bản sao giấy khai sinh của con" in page


def test_internal_notes_are_not_shown_to_the_applicant(cast: Cast, en_client: Client) -> None:
    dossier = dossier_forward(
        actor=cast.officer, dossier=received(cast), note="Ghi chú nội bộ", at=at("2027-03-02 08:00")
    )
    look_up(en_client, dossier.code, "0912345678")
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Forwarded" in page
    assert "Ghi chú nội bộ" not in page


def test_a_finished_dossier_says_where_to_collect_the_result(cast: Cast, en_client: Client) -> None:
    dossier = finished(cast)
    look_up(en_client, dossier.code, "0912345678")
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Your result is ready" in page
    assert "Collect your result at Sở Tư pháp" in page


def test_the_tracking_page_is_in_vietnamese_by_default(cast: Cast, client: Client) -> None:
    response = client.get("/tra-cuu/")
    assert response.status_code == 200 and response["Content-Language"] == "vi"


def test_the_result_is_downloaded_only_after_a_lookup(cast: Cast, en_client: Client) -> None:
    dossier = finished(cast)
    attach_result(cast, dossier)
    url = f"/tra-cuu/{dossier.code}/ket-qua/"
    assert en_client.get(url).status_code == 404
    look_up(en_client, dossier.code, "0912345678")
    assert 'href="' + url + '"' in en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    response = en_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    # Another browser has not looked it up.
    assert Client().get(url).status_code == 404


def test_a_returned_dossier_keeps_its_result_downloadable(cast: Cast, en_client: Client) -> None:
    dossier = finished(cast)
    attach_result(cast, dossier)
    dossier_return_result(actor=cast.clerk, dossier=dossier, at=at("2027-03-04 08:00"))
    look_up(en_client, dossier.code, "0912345678")
    assert en_client.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 200


def test_there_is_no_result_to_download_before_the_dossier_is_finished(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    # The service refuses this; a result row written some other way is still not served.
    document = dossier_document_attach(dossier=dossier, upload=SimpleUploadedFile("kq.pdf", PDF), name="Kết quả")
    DossierDocument.objects.filter(pk=document.pk).update(kind=DossierDocument.Kind.RESULT)
    look_up(en_client, dossier.code, "0912345678")
    assert en_client.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404


def test_a_finished_dossier_without_an_electronic_result_has_nothing_to_download(cast: Cast, en_client: Client) -> None:
    dossier = finished(cast)
    look_up(en_client, dossier.code, "0912345678")
    assert "Download the electronic result" not in en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert en_client.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404


def test_an_overdue_dossier_says_so_on_the_tracking_page(cast: Cast, en_client: Client) -> None:
    dossier = received(cast, "2026-10-01 08:00")
    look_up(en_client, dossier.code, "0912345678")
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Your dossier is overdue" in page
    assert "apologise to you in writing" in page
    assert "Your dossier is being processed" not in page


def test_a_dossier_within_its_time_is_simply_being_processed(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    look_up(en_client, dossier.code, "0912345678")
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Your dossier is being processed" in page
    assert "overdue" not in page
