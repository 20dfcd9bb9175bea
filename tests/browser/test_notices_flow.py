"""The citizen sees the notices about a dossier on the tracking page, once the dossier is looked up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from motcua.dossiers.services import dossier_request_supplement
from tests.conftest import Cast
from tests.dossiers.factories import at, received

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_citizen_sees_the_notices_and_their_state_after_the_lookup(
    cast: Cast, live_server: Any, browser: Any, settings: Any
) -> None:
    settings.SMS_QUIET_HOURS = ""
    settings.SMS_GATEWAY_URL = ""  # the console backend accepts
    settings.ZALO_ZNS_URL = ""
    settings.ZALO_ZNS_TEMPLATES = {"received": "238001"}
    dossier = received(cast)
    call_command("worker", "--burst", verbosity=0)  # the "received" SMS and Zalo are sent
    dossier_request_supplement(
        actor=cast.officer, dossier=dossier, missing="bản sao Căn cước công dân", at=at("2027-03-02 08:00")
    )  # queued, not sent yet

    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server.url}/tra-cuu/{dossier.code}/")
    assert "Notices sent" not in citizen.content()  # nothing before the lookup
    citizen.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    citizen.get_by_label("Phone number or the last 4 digits of your identity number").fill("0912345678")
    citizen.get_by_role("button", name="Look up").click()
    citizen.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")

    section = citizen.get_by_role("region", name="Notices sent")
    rows = section.get_by_role("row")
    assert rows.count() == 4  # the header, two "received" notices, the supplement request
    texts = [rows.nth(n).inner_text() for n in range(1, 4)]
    assert "Dossier received" in texts[0] and "SMS …678" in texts[0] and "Accepted by the provider" in texts[0]
    assert "Dossier received" in texts[1] and "Zalo …678" in texts[1] and "Accepted by the provider" in texts[1]
    assert "Supplements requested" in texts[2] and "Queued" in texts[2]
    assert "912 345 678" not in section.inner_text() and "+8491" not in section.inner_text()  # masked
