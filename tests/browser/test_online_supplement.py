"""The online supplement round trip: a clerk sends an online dossier back for supplements, the citizen
looks it up, downloads the slip, uploads the missing document and resubmits, and the clerk finds it in the
"supplements received" inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.catalogue.records import DocumentRecord
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_submit
from tests.browser.conftest import login
from tests.browser.test_layout import OVERFLOW, PHONE
from tests.conftest import Cast
from tests.dossiers.factories import applicant, procedure_for

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_online_supplement_round_trip(
    cast: Cast, live_server: Any, browser: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    version = procedure_for(cast, documents=[DocumentRecord(name="Tờ khai cấp Phiếu lý lịch tư pháp", originals=1)])
    dossier = dossier_submit(version=version, agency=cast.agency, applicant=applicant())
    scan = tmp_path / "to-khai-ky.pdf"
    scan.write_bytes(PDF)

    # The clerk checks the online submission and asks for what is missing.
    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.goto(f"{live_server.url}/backoffice/hop-thu/new/")
    clerk.get_by_role("link", name=dossier.code).click()
    clerk.get_by_label("Everything missing").fill("Tờ khai có chữ ký của người yêu cầu")
    clerk.get_by_role("button", name="Request supplements", exact=True).click()
    clerk.get_by_text("Done:").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUPPLEMENT

    # The citizen looks it up, reads what is missing, downloads the slip, uploads and resubmits.
    citizen = browser.new_context(viewport=PHONE).new_page()  # at a phone's width
    citizen.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    citizen.get_by_label("Phone number or the last 4 digits of your identity number").fill("0912345678")
    citizen.get_by_role("button", name="Look up").click()
    citizen.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")
    assert citizen.evaluate(OVERFLOW) <= 0  # nothing scrolls sideways
    assert citizen.get_by_role("listitem").filter(has_text="Tờ khai có chữ ký của người yêu cầu").count() >= 1
    with citizen.expect_download() as download:
        citizen.get_by_role("link", name="Download the request to supplement the dossier (form 02, PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    citizen.get_by_label("Tờ khai cấp Phiếu lý lịch tư pháp").set_input_files(str(scan))
    citizen.get_by_label("Message to the agency").fill("Tờ khai đã ký")
    citizen.get_by_role("button", name="Send the documents").click()
    citizen.get_by_text("We have received your documents.").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED and dossier.supplement_received_at is not None

    # The clerk finds it among the supplements received, and receives it: the clock starts now.
    clerk.goto(f"{live_server.url}/backoffice/")
    clerk.get_by_role("link", name="Supplements received").click()
    clerk.get_by_role("link", name=dossier.code).click()
    assert "Tờ khai cấp Phiếu lý lịch tư pháp" in clerk.content()
    clerk.get_by_role("button", name="Receive", exact=True).click()
    clerk.get_by_text("Done:").wait_for()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED and dossier.due_at is not None
    assert dossier.supplement_received_at is None
