"""Staff flows in a real browser, as a person does them."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(cast: Cast) -> Cast:
    return cast


def test_a_clerk_receives_a_counter_dossier_and_the_receipt_pdf_is_served(
    people: Cast, live_server: Any, browser: Any
) -> None:
    version = procedure_for(people)
    page = login(browser.new_context(), live_server, "clerk")
    page.get_by_role("link", name="Reception desk").click()
    page.get_by_label("Procedure name or code").fill("ly lich tu phap")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name=version.name).click()
    page.get_by_label("Full name / organisation name").fill("Phạm Thị Thu Hằng")
    page.get_by_label("Identity number (citizen ID, passport or tax code)").fill("001190012345")
    page.get_by_label("Phone", exact=True).fill("0912 345 678")
    page.get_by_role("button", name="Receive and print the receipt").click()
    page.get_by_text("received.").first.wait_for()
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Phạm Thị Thu Hằng"
    assert dossier.code in page.content()
    receipt = page.get_by_role("link", name="Print the receipt").get_attribute("href")
    response = page.context.request.get(f"{live_server.url}{receipt}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_an_officer_forwards_a_leader_approves_and_the_return_desk_hands_over(
    people: Cast, live_server: Any, browser: Any
) -> None:
    dossier = received(people)
    url = f"{live_server.url}/backoffice/ho-so/{dossier.code}/"

    officer = login(browser.new_context(), live_server, "officer")
    officer.goto(url)
    officer.get_by_label("Appraisal opinion").fill("Đủ điều kiện cấp phiếu")
    officer.get_by_role("button", name="Forward to the next step").click()
    officer.get_by_text("Done:").wait_for()

    head = login(browser.new_context(), live_server, "head")
    head.goto(f"{live_server.url}/backoffice/hop-thu/approval/")
    head.get_by_role("link", name=dossier.code).click()
    head.get_by_role("button", name="Approve").click()
    head.get_by_text("Done:").wait_for()

    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.goto(f"{live_server.url}/backoffice/hop-thu/return/")
    clerk.get_by_role("link", name=dossier.code).click()
    clerk.get_by_label("Collected by").fill("Nguyễn Văn An")
    clerk.get_by_role("button", name="Return the result").click()
    clerk.get_by_text("Done:").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RETURNED
    assert dossier.result_collected_by == "Nguyễn Văn An"


def test_a_clerk_of_another_agency_cannot_open_the_dossier_even_by_guessing_its_url(
    people: Cast, live_server: Any, browser: Any
) -> None:
    dossier = received(people)
    page = login(browser.new_context(), live_server, "other_clerk")
    response = page.goto(f"{live_server.url}/backoffice/ho-so/{dossier.code}/")
    assert response is not None and response.status == 404
    assert dossier.applicant_name not in page.content()
    response = page.goto(f"{live_server.url}/backoffice/ho-so/{dossier.code}/phieu/receipt.pdf")
    assert response is not None and response.status == 404


def test_a_counter_reception_with_a_bad_count_keeps_the_values_and_is_received_once_fixed(
    people: Cast, live_server: Any, browser: Any
) -> None:
    version = procedure_for(people)
    document = version.documents.get()
    page = login(browser.new_context(), live_server, "clerk")
    page.goto(f"{live_server.url}/backoffice/tiep-nhan/{version.procedure.code}/")
    page.get_by_label("Full name / organisation name").fill("Võ Thị Ngọc Ánh")
    page.get_by_label("Identity number (citizen ID, passport or tax code)").fill("001190012345")
    page.get_by_label("Phone", exact=True).fill("0912 345 678")
    originals = page.get_by_label(f"{document.name}: Originals")
    copies = page.get_by_label(f"{document.name}: Copies")
    originals.fill("99999")
    copies.fill("2")
    page.get_by_role("button", name="Receive and print the receipt").click()

    page.get_by_role("heading", name="There is a problem").wait_for()
    assert Dossier.objects.count() == 0
    assert page.get_by_label("Full name / organisation name").input_value() == "Võ Thị Ngọc Ánh"
    assert page.get_by_label(document.name, exact=True).is_checked()
    assert originals.input_value() == "99999"
    assert copies.input_value() == "2"
    page.get_by_role("link", name=f"{document.name} — Originals").click()  # the summary leads to the field
    originals.fill("1")
    page.get_by_role("button", name="Receive and print the receipt").click()

    page.get_by_text("received.").first.wait_for()
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Võ Thị Ngọc Ánh"
    received_document = dossier.documents.get()
    assert (received_document.originals, received_document.copies) == (1, 2)
    receipt = page.get_by_role("link", name="Print the receipt").get_attribute("href")
    response = page.context.request.get(f"{live_server.url}{receipt}")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
