"""A citizen submits online, a clerk receives it, the citizen tracks it by code and phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.catalogue.records import DocumentRecord
from motcua.dossiers.models import Dossier
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PDF = minimal_pdf()  # a result must be a readable PDF: it gets signed


def test_a_citizen_submits_online_a_clerk_receives_it_and_the_citizen_tracks_it(
    cast: Cast, live_server: Any, browser: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    version = procedure_for(cast, documents=[DocumentRecord(name="Tờ khai cấp Phiếu lý lịch tư pháp", originals=1)])
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(PDF)

    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server.url}/thu-tuc/{version.procedure.code}/")
    citizen.get_by_role("button", name="Submit a dossier online").click()
    citizen.get_by_label("As a person").check()
    citizen.get_by_label("Full name (or name of the organisation)").fill("Lương Thị Ngọc Ánh")
    citizen.get_by_label("Identity number", exact=True).fill("036190004321")
    citizen.get_by_label("Phone number", exact=True).fill("0977 111 222")
    citizen.get_by_label("Address", exact=True).fill("Phường Hạ Long, Quảng Ninh")
    citizen.get_by_role("button", name="Continue").click()
    citizen.get_by_label("Tờ khai cấp Phiếu lý lịch tư pháp").set_input_files(str(scan))
    citizen.get_by_role("button", name="Continue").click()
    citizen.get_by_label("At the counter of the receiving agency").check()
    citizen.get_by_role("button", name="Continue").click()
    assert "Lương Thị Ngọc Ánh" in citizen.content()
    citizen.get_by_role("button", name="Accept and send").click()
    dossier = Dossier.objects.get()
    assert dossier.status == Dossier.Status.SUBMITTED
    assert dossier.code in citizen.content()

    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.goto(f"{live_server.url}/backoffice/hop-thu/new/")
    clerk.get_by_role("link", name=dossier.code).click()
    clerk.get_by_role("button", name="Receive", exact=True).click()
    clerk.get_by_text("Done:").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED

    tracker = browser.new_context().new_page()
    tracker.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    tracker.get_by_label("Phone number or the last 4 digits of your identity number").fill("0977111222")
    tracker.get_by_role("button", name="Look up").click()
    tracker.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")
    assert "received" in tracker.content().lower()


def test_the_citizen_portal_speaks_vietnamese_by_default(cast: Cast, live_server: Any, browser: Any) -> None:
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Tra cứu thủ tục hành chính"
    assert page.locator("html").get_attribute("lang") == "vi"
