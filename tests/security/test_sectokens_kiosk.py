"""Issue #8 finding 14: a dossier looked up (or submitted) on a shared kiosk is not left open for the next
person: the proof expires after PORTAL_VERIFIED_SECONDS, "Finish" forgets it, and so does a logout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.portal.tracking import VERIFIED_SESSION_KEY
from tests.conftest import Cast
from tests.dossiers.factories import received


def look_up(client: Client, dossier: Dossier) -> None:
    response = client.post("/tra-cuu/", {"code": dossier.code, "secret": "0912345678"})
    assert response.status_code == 302


def age_the_proof(client: Client, seconds: float) -> None:
    session = client.session
    session[VERIFIED_SESSION_KEY] = {code: when - seconds for code, when in session[VERIFIED_SESSION_KEY].items()}
    session.save()


def test_a_looked_up_dossier_is_shown_within_the_expiry(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    look_up(en_client, dossier)
    age_the_proof(en_client, 14 * 60)
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 200


def test_the_next_kiosk_user_cannot_open_a_dossier_after_the_expiry(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    look_up(en_client, dossier)
    age_the_proof(en_client, 15 * 60 + 1)
    response = en_client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/tra-cuu/?ma=")
    assert en_client.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404


def test_the_expiry_is_a_setting(cast: Cast, en_client: Client, settings: Any) -> None:
    settings.PORTAL_VERIFIED_SECONDS = 60
    dossier = received(cast)
    look_up(en_client, dossier)
    age_the_proof(en_client, 61)
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 302


def test_an_old_style_session_list_grants_nothing(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    en_client.get("/tra-cuu/")
    session = en_client.session
    session[VERIFIED_SESSION_KEY] = [dossier.code]
    session.save()
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 302


def test_finish_on_the_dossier_page_forgets_the_dossier(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    look_up(en_client, dossier)
    page = en_client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert 'action="/tra-cuu/ket-thuc/"' in page and ">Finish</button>" in page
    response = en_client.post("/tra-cuu/ket-thuc/")
    assert response.status_code == 302
    assert "no longer shown" in en_client.get(response["Location"]).content.decode()
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 302
    assert VERIFIED_SESSION_KEY not in en_client.session


def test_finish_is_vietnamese_by_default(cast: Cast, client: Client) -> None:
    dossier = received(cast)
    look_up(client, dossier)
    assert ">Kết thúc</button>" in client.get(f"/tra-cuu/{dossier.code}/").content.decode()


def test_finish_needs_a_post_with_csrf(cast: Cast) -> None:
    browser = Client(enforce_csrf_checks=True)
    dossier = received(cast)
    look_up(Client(), dossier)
    assert browser.get("/tra-cuu/ket-thuc/").status_code == 405
    assert browser.post("/tra-cuu/ket-thuc/").status_code == 403


def test_logging_out_forgets_the_looked_up_dossiers(cast: Cast, en_client: Client) -> None:
    dossier = received(cast)
    staff = get_user_model().objects.create_user(username="kiosk.staff", password="x")
    en_client.force_login(staff)
    look_up(en_client, dossier)
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 200
    en_client.post("/backoffice/dang-xuat/")
    assert en_client.get(f"/tra-cuu/{dossier.code}/").status_code == 302
