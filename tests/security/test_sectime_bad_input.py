"""Issue #8, finding 12: bad input is a 400 naming the field, never a 500 (API and back office)."""

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.core.tokens import api_token_create
from motcua.dossiers.models import Dossier
from tests.api.test_dossier_api import BODY
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received

# U+FB2C (a Hebrew presentation form) becomes three characters under NFC: 100 of them are 300.
GROWS_UNDER_NFC = "\ufb2c" * 100


def token_header(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


def act(client: Client, user: Any, dossier: Dossier, raw: str) -> Any:
    """POST a raw JSON text (so that 1e400 or NaN reach the server as written)."""
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/actions", raw, content_type="application/json", **token_header(user)
    )


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def assert_field_error(response: Any, field: str) -> None:
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()


# --- dates ------------------------------------------------------------------------------------------

BAD_DATES = [
    '"2026-02-30T08:00:00+07:00"',  # well formed, impossible
    '"2014-12-31T08:00:00+07:00"',  # before the calendar
    '"2041-01-01T08:00:00+07:00"',  # after it
    '"0001-01-01"',
    '"9999-12-31T23:59:59"',
    '"' + "2" * 5000 + '"',
    "[null, null]",
    "12345",
    "{}",
]


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_bad_new_due_at_is_a_400_in_the_api(client: Client, cast: Cast, value: str) -> None:
    dossier = received(cast)
    raw = f'{{"action": "apologise", "reason": "Chờ xác minh", "new_due_at": {value}}}'
    assert_field_error(act(client, cast.officer, dossier, raw), "new_due_at")


@pytest.mark.parametrize("value", ["2026-02-30T08:00", "2041-01-01T08:00", "0001-01-01", "x" * 5000])
def test_a_bad_new_due_at_is_a_400_in_the_back_office(cast: Cast, value: str) -> None:
    dossier = received(cast)
    response = logged_in(cast.officer).post(
        f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "apologise", "reason": "x", "new_due_at": value}
    )
    assert response.status_code == 400
    assert "new_due_at:" in response.content.decode()


@pytest.mark.parametrize("value", ['"2026-02-30T08:00:00"', '"2030-01-01T08:00:00"'])
def test_an_at_is_a_400_whatever_it_holds(client: Client, cast: Cast, value: str) -> None:
    dossier = received(cast)
    assert_field_error(act(client, cast.officer, dossier, f'{{"action": "forward", "at": {value}}}'), "at")


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_bad_received_at_is_a_400_when_receiving_through_the_api(client: Client, cast: Cast, value: str) -> None:
    procedure_for(cast)
    body = json.dumps({k: v for k, v in BODY.items() if k != "received_at"})
    raw = body[:-1] + f', "received_at": {value}}}'
    response = client.post("/api/v1/dossiers", raw, content_type="application/json", **token_header(cast.clerk))
    assert_field_error(response, "received_at")
    assert Dossier.objects.count() == 0


def test_a_reception_whose_due_date_would_leave_the_calendar_is_a_400(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    body = {**BODY, "received_at": "2040-12-30T08:00:00+07:00"}
    response = client.post("/api/v1/dossiers", body, content_type="application/json", **token_header(cast.clerk))
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", ["NaN", "Infinity", "-Infinity", "-5", "0", "1e12", '"NaN"', '"1e999999999"', "true"])
def test_bad_consultation_hours_are_a_400_in_the_api(client: Client, cast: Cast, hours: str) -> None:
    dossier = received(cast)
    raw = f'{{"action": "consult", "agency": "{cast.other_agency.identifier}", "question": "?", "hours": {hours}}}'
    assert_field_error(act(client, cast.officer, dossier, raw), "hours")
    assert not dossier.tasks.filter(is_consultation=True).exists()


@pytest.mark.parametrize("hours", ["NaN", "Infinity", "-5", "1e12", "3 hours"])
def test_bad_consultation_hours_are_a_400_in_the_back_office(cast: Cast, hours: str) -> None:
    dossier = received(cast)
    response = logged_in(cast.officer).post(
        f"/backoffice/ho-so/{dossier.code}/thao-tac/",
        {"action": "consult", "agency": cast.other_agency.identifier, "question": "?", "hours": hours},
    )
    assert response.status_code == 400
    assert "hours:" in response.content.decode()


def test_reasonable_consultation_hours_still_work(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    raw = f'{{"action": "consult", "agency": "{cast.other_agency.identifier}", "question": "?", "hours": 4.5}}'
    assert act(client, cast.officer, dossier, raw).status_code == 200
    assert dossier.tasks.get(is_consultation=True).budget_minutes == 270


@pytest.mark.parametrize("lock_version", ["1e400", "-1e400", "NaN", "1.5", "-1", '"²"', '"' + "9" * 5000 + '"', "[1]"])
def test_a_bad_lock_version_is_a_400_in_the_api(client: Client, cast: Cast, lock_version: str) -> None:
    dossier = received(cast)
    assert_field_error(
        act(client, cast.officer, dossier, f'{{"action": "forward", "lock_version": {lock_version}}}'), "lock_version"
    )


@pytest.mark.parametrize("lock_version", ["²", "9" * 5000, "9" * 30, "-1"])
def test_a_bad_lock_version_is_a_400_in_the_back_office(cast: Cast, lock_version: str) -> None:
    dossier = received(cast)
    response = logged_in(cast.officer).post(
        f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "forward", "lock_version": lock_version}
    )
    assert response.status_code == 400
    assert "lock_version:" in response.content.decode()
    assert dossier.transitions.count() == 1


def test_a_bad_lock_version_on_a_result_upload_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/results",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4"), "lock_version": "²"},
        **token_header(cast.clerk),
    )
    assert_field_error(response, "lock_version")


@pytest.mark.parametrize("offset", ["1e19", "10000000000000000000", "9" * 5000, "-1", "²"])
def test_a_huge_catalogue_offset_is_a_400(client: Client, db: Any, offset: str) -> None:
    assert_field_error(client.get("/api/v1/procedures", {"offset": offset}), "offset")


def test_an_action_name_that_is_not_a_string_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    assert act(client, cast.officer, dossier, '{"action": ["forward"]}').status_code == 400


# --- the back-office page cursor --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "sorts"),
    [
        ("2027-03-01T08:00:00+07:00|²", "due -received code"),
        ("2027-03-01T08:00:00+07:00|" + "9" * 5000, "due -received code"),
        ("2027-03-01T08:00:00+07:00|99999999999999999999", "due -received code"),
        ("no-bar", "due -received code"),
        ("²", "due -received code"),
        ("9" * 5000, "due -received code"),
        ("2026-02-30T08:00:00+07:00|1", "due -received"),
        ("0000-01-01T08:00:00|1", "due -received"),
        ("x" * 5000 + "|1", "code"),
    ],
)
def test_a_bad_page_cursor_is_a_400_showing_the_first_page(cast: Cast, after: str, sorts: str) -> None:
    received(cast)
    for sort in sorts.split():
        response = logged_in(cast.officer).get(f"/backoffice/?sort={sort}&after={quote(after)}")
        assert response.status_code == 400, (sort, after)
        assert "after:" in response.content.decode()


# --- text that grows under NFC ----------------------------------------------------------------------


def test_an_applicant_name_longer_than_255_after_nfc_is_a_400_in_the_api(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    body = {**BODY, "applicant": {**BODY["applicant"], "name": GROWS_UNDER_NFC}}  # type: ignore[dict-item]
    response = client.post("/api/v1/dossiers", body, content_type="application/json", **token_header(cast.clerk))
    assert_field_error(response, "applicant.name")
    assert Dossier.objects.count() == 0


def test_an_applicant_name_longer_than_255_after_nfc_is_a_field_error_at_the_desk(cast: Cast) -> None:
    version = procedure_for(cast)
    response = logged_in(cast.clerk).post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        {
            "kind": "person",
            "name": GROWS_UNDER_NFC,
            "id_number": "001090012345",
            "phone": "0912345678",
            "channel": "in_person",
            "result_delivery": "counter",
            **{f"doc_{doc.pk}_received": "on" for doc in version.documents.all()},
        },
    )
    # The reception desk re-renders its form with the errors (200, like every other invalid form there).
    assert response.status_code == 200
    assert "at most 255 characters" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_a_result_name_longer_than_255_after_nfc_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    response = client.post(
        f"/api/v1/dossiers/{dossier.code}/results",
        {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4"), "name": GROWS_UNDER_NFC},
        **token_header(cast.clerk),
    )
    assert_field_error(response, "name")


def test_collected_by_longer_than_255_after_nfc_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    raw = json.dumps({"action": "return_result", "collected_by": GROWS_UNDER_NFC})
    assert_field_error(act(client, cast.clerk, dossier, raw), "collected_by")


def test_a_nul_character_in_a_note_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    assert_field_error(act(client, cast.officer, dossier, json.dumps({"action": "forward", "note": "a\x00b"})), "note")


def test_a_reception_time_in_the_future_is_a_400_in_the_api(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    ahead = (timezone.now() + dt.timedelta(hours=1)).isoformat()
    response = client.post(
        "/api/v1/dossiers", {**BODY, "received_at": ahead}, content_type="application/json", **token_header(cast.clerk)
    )
    assert_field_error(response, "received_at")
    assert Dossier.objects.count() == 0
