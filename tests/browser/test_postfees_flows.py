"""Fees and post in a real browser: the citizen pays a fee from the tracking page through the stand-in
gateway; the clerk hands a result to the post and the Post page lists it."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_request_fees
from motcua.payments.models import LedgerEntry
from motcua.postal.models import Shipment
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, received

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_pays_the_fee_on_the_tracking_page(cast: Cast, live_server: Any, browser: Any) -> None:
    dossier = dossier_request_fees(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    citizen.get_by_label("Phone number or the last 4 digits of your identity number").fill("0912345678")
    citizen.get_by_role("button", name="Look up").click()
    citizen.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")
    assert "200,000 VND" in citizen.content()
    citizen.get_by_role("button", name="Pay online").click()
    citizen.wait_for_url(f"{live_server.url}/cong-thanh-toan-thu/**")
    citizen.get_by_role("button", name="Pay now").click()
    citizen.get_by_text("Your payment was received.").wait_for()
    assert "Nothing is left to pay." in citizen.content()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED and dossier.fee_paid
    entry = LedgerEntry.objects.get(dossier=dossier, kind="payment")
    assert entry.method == "online"
    receipt = citizen.get_by_role("link", name=f"e-receipt {entry.receipt_number}").get_attribute("href")
    response = citizen.context.request.get(f"{live_server.url}{receipt}")
    assert response.status == 200 and response.body().startswith(b"%PDF-")


def test_a_clerk_hands_a_result_to_the_post(cast: Cast, live_server: Any, browser: Any) -> None:
    dossier = received(cast, result_delivery="post", applicant=applicant(address="Số 5 Lê Thánh Tông, Hạ Long"))
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))

    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.goto(f"{live_server.url}/backoffice/ho-so/{dossier.code}/")
    clerk.get_by_label("Tracking number").fill("EN123456789VN")
    clerk.get_by_label("Postage (đồng)").fill("25000")
    clerk.get_by_role("button", name="Hand over to the post").click()
    clerk.get_by_text("The result is handed to the post.").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RETURNED
    assert Shipment.objects.get(dossier=dossier).tracking_number == "EN123456789VN"

    clerk.get_by_role("link", name="Post", exact=True).click()
    clerk.get_by_role("cell", name="EN123456789VN").wait_for()
    pdf = clerk.get_by_role("link", name="Hand-over list (PDF)").get_attribute("href")
    response = clerk.context.request.get(f"{live_server.url}{pdf}")
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    clerk.get_by_label("New state").select_option("delivered")
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_text("The shipment's state is saved.").wait_for()
    assert Shipment.objects.get(dossier=dossier).status == "delivered"
