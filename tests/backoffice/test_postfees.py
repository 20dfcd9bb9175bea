"""The back office's post and fees screens: the clerk hands a result to the post from the dossier page,
the Post page lists the day's shipments with the hand-over list and takes their states; counter payments
with their e-receipts and refunds on the dossier page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_request_fees
from motcua.payments.models import LedgerEntry
from motcua.postal.models import Shipment
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, received

S = Dossier.Status


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    cache.clear()


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def finished(cast: Cast, delivery: str = "post") -> Dossier:
    dossier = received(cast, result_delivery=delivery, applicant=applicant(address="Số 5 Lê Thánh Tông, Hạ Long"))
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))


def hand_over(client: Client, dossier: Dossier, tracking: str = "EN100VN") -> Any:
    return client.post(
        f"/backoffice/ho-so/{dossier.code}/buu-chinh/",
        {"tracking_number": tracking, "fee": "25000", "lock_version": dossier.lock_version},
    )


def test_the_clerk_hands_a_result_to_the_post_from_the_dossier_page(cast: Cast) -> None:
    dossier = finished(cast)
    client = staff(cast.clerk)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/")
    assert b'id="post-handover"' in page.content and b"Hand over to the post" in page.content
    response = hand_over(client, dossier)
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RETURNED
    shipment = Shipment.objects.get(dossier=dossier)
    assert (shipment.tracking_number, shipment.fee, shipment.address) == (
        "EN100VN",
        25000,
        "Số 5 Lê Thánh Tông, Hạ Long",
    )
    page = client.get(f"/backoffice/ho-so/{dossier.code}/")
    assert b"EN100VN" in page.content and b"handed over to the post" in page.content


def test_the_hand_over_form_is_offered_only_to_a_clerk_for_a_result_asked_by_post(cast: Cast) -> None:
    by_post, at_counter = finished(cast), finished(cast, delivery="counter")
    assert b'id="post-handover"' not in staff(cast.officer).get(f"/backoffice/ho-so/{by_post.code}/").content
    assert b'id="post-handover"' not in staff(cast.clerk).get(f"/backoffice/ho-so/{at_counter.code}/").content
    hand_over(staff(cast.officer), by_post)
    assert not Shipment.objects.exists()


def test_a_bad_hand_over_says_why_and_changes_nothing(cast: Cast) -> None:
    dossier = finished(cast)
    client = staff(cast.clerk)
    response = client.post(f"/backoffice/ho-so/{dossier.code}/buu-chinh/", {"tracking_number": "", "fee": "-1"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"This field is required." in page.content
    assert Dossier.objects.get(pk=dossier.pk).status == S.FINISHED


def test_the_post_page_lists_todays_shipments_and_takes_their_states(cast: Cast) -> None:
    dossier = finished(cast)
    client = staff(cast.clerk)
    hand_over(client, dossier, "EN200VN")
    page = client.get("/backoffice/buu-chinh/")
    assert page.status_code == 200 and b"EN200VN" in page.content
    assert b"EN200VN" not in staff(cast.other_clerk).get("/backoffice/buu-chinh/").content
    assert staff(cast.officer).get("/backoffice/buu-chinh/").status_code == 403
    shipment = Shipment.objects.get(tracking_number="EN200VN")
    client.post(f"/backoffice/buu-chinh/buu-gui/{shipment.pk}/trang-thai/", {"status": "returned_to_sender"})
    dossier.refresh_from_db()
    assert dossier.status == S.FINISHED  # back at the counter: the return step is open again
    assert (
        staff(cast.other_clerk)
        .post(f"/backoffice/buu-chinh/buu-gui/{shipment.pk}/trang-thai/", {"status": "delivered"})
        .status_code
        == 404
    )


def test_the_hand_over_list_downloads_as_pdf_and_xlsx(cast: Cast) -> None:
    client = staff(cast.clerk)
    hand_over(client, finished(cast), "EN300VN")
    day = f"{timezone.localdate():%Y-%m-%d}"
    pdf = client.get(f"/backoffice/buu-chinh/{day}/ban-giao.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = client.get(f"/backoffice/buu-chinh/{day}/ban-giao.xlsx")
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][1] == "EN300VN"
    assert client.get(f"/backoffice/buu-chinh/{day}/ban-giao.exe").status_code == 404
    assert client.get("/backoffice/buu-chinh/9999-99-99/ban-giao.pdf").status_code == 404


def test_the_clerk_takes_a_counter_payment_and_prints_its_e_receipt(cast: Cast) -> None:
    dossier = dossier_request_fees(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    client = staff(cast.clerk)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/")
    assert b'id="counter-payment"' in page.content and b"200,000 VND" in page.content
    assert client.post(f"/backoffice/ho-so/{dossier.code}/thu-phi/", {"amount": "200000"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    entry = LedgerEntry.objects.get(dossier=dossier, kind="payment")
    receipt = client.get(f"/backoffice/ho-so/{dossier.code}/bien-lai/{entry.pk}.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert staff(cast.other_clerk).get(f"/backoffice/ho-so/{dossier.code}/bien-lai/{entry.pk}.pdf").status_code == 404
    client.post(f"/backoffice/ho-so/{dossier.code}/hoan-phi/", {"amount": "200000", "reason": "Thu nhầm"})
    assert LedgerEntry.objects.filter(dossier=dossier, kind="refund").count() == 1


def test_a_wrong_counter_amount_is_explained_and_nothing_is_recorded(cast: Cast) -> None:
    dossier = dossier_request_fees(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    client = staff(cast.clerk)
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thu-phi/", {"amount": "9e999"})
    assert response.status_code == 302
    assert not LedgerEntry.objects.exists()
    assert client.get(response["Location"]).status_code == 200
