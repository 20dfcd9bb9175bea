from typing import Any

import pytest
from django.test import Client

from motcua.core.tokens import api_token_create
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for

BODY = {
    "procedure": "2.000488",
    "agency": "000.00.20.H49",
    "channel": "in_person",
    "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
    "received_at": "2026-11-02T08:00:00+07:00",
}


def call(client: Client, user: Any, method: str, path: str, body: Any = None) -> Any:
    token = api_token_create(user=user)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(f"/api/v1/{path}", **kwargs)


@pytest.fixture
def setup(cast: Cast) -> Cast:
    procedure_for(cast)
    return cast


def test_receiving_returns_201_with_code_status_and_due_date(client: Client, setup: Cast) -> None:
    response = call(client, setup.clerk, "post", "dossiers", BODY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "000.00.20.H49-261102-0001"
    assert (body["status"], body["status_code"]) == ("received", 2)
    assert body["due_at"] == "2026-11-16T08:00:00+07:00"
    assert body["applicant"]["phone"] == "+84912345678"


def test_bad_input_gives_per_field_errors(client: Client, setup: Cast) -> None:
    bad = {**BODY, "channel": "fax", "applicant": {"name": "", "id_number": "1", "phone": "0912345678"}}
    response = call(client, setup.clerk, "post", "dossiers", bad)
    assert response.status_code == 400
    assert {"channel", "applicant.name"} <= set(response.json()["errors"])


def test_an_invalid_identity_number_is_a_field_error(client: Client, setup: Cast) -> None:
    bad = {**BODY, "applicant": {**BODY["applicant"], "id_number": "12345"}}
    response = call(client, setup.clerk, "post", "dossiers", bad)
    assert response.status_code == 400
    assert "applicant.id_number" in response.json()["errors"]


def test_no_token_is_401(client: Client, setup: Cast) -> None:
    assert client.post("/api/v1/dossiers", BODY, content_type="application/json").status_code == 401
    assert client.get("/api/v1/dossiers/x", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_a_clerk_of_another_agency_gets_403_on_receive_and_404_on_read(client: Client, setup: Cast) -> None:
    assert call(client, setup.other_clerk, "post", "dossiers", BODY).status_code == 403
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    assert call(client, setup.other_clerk, "get", f"dossiers/{code}").status_code == 404
    assert call(client, setup.supervisor, "get", f"dossiers/{code}").status_code == 200


def test_actions_move_the_dossier_and_history_lists_them(client: Client, setup: Cast) -> None:
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    detail = call(client, setup.officer, "get", f"dossiers/{code}").json()
    assert "forward" in detail["allowed_actions"]
    forwarded = call(client, setup.officer, "post", f"dossiers/{code}/actions", {"action": "forward", "note": "Đạt"})
    assert forwarded.status_code == 200
    approved = call(client, setup.head, "post", f"dossiers/{code}/actions", {"action": "approve"})
    assert approved.json()["status_code"] == 9
    returned = call(client, setup.clerk, "post", f"dossiers/{code}/actions", {"action": "return_result"})
    body = returned.json()
    assert body["status_code"] == 10
    assert [h["action"] for h in body["history"]] == ["received", "forwarded", "approved", "returned"]
    assert body["verdict"] in {"early", "on_time", "late"}


def test_an_illegal_transition_is_409_and_a_forbidden_one_403(client: Client, setup: Cast) -> None:
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    illegal = call(client, setup.clerk, "post", f"dossiers/{code}/actions", {"action": "return_result"})
    assert illegal.status_code == 409
    assert illegal.json()["error"]
    forbidden = call(client, setup.leader, "post", f"dossiers/{code}/actions", {"action": "withdraw"})
    assert forbidden.status_code == 403


def test_a_stale_lock_version_is_409(client: Client, setup: Cast) -> None:
    created = call(client, setup.clerk, "post", "dossiers", BODY).json()
    code, version = created["code"], created["lock_version"]
    ok = call(client, setup.officer, "post", f"dossiers/{code}/actions", {"action": "forward", "lock_version": version})
    assert ok.status_code == 200
    stale = call(client, setup.head, "post", f"dossiers/{code}/actions", {"action": "approve", "lock_version": version})
    assert stale.status_code == 409


def test_missing_action_fields_are_400(client: Client, setup: Cast) -> None:
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    response = call(client, setup.officer, "post", f"dossiers/{code}/actions", {"action": "request_supplement"})
    assert response.status_code == 400
    assert "missing" in response.json()["errors"]
    unknown = call(client, setup.officer, "post", f"dossiers/{code}/actions", {"action": "teleport"})
    assert unknown.status_code == 400


def test_openapi_schema_lists_every_endpoint_and_action(client: Client, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/procedures",
        "/procedures/{code}",
        "/agencies",
        "/dossiers",
        "/dossiers/{code}",
        "/dossiers/{code}/actions",
    } <= set(schema["paths"])
    assert "approve" in schema["components"]["schemas"]["Action"]["properties"]["action"]["enum"]


def test_api_token_command_prints_a_working_token(client: Client, setup: Cast) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api-token", "clerk", stdout=out)
    token = out.getvalue().strip()
    response = client.post(
        "/api/v1/dossiers", BODY, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 201


def test_the_receipt_pdf_is_served_to_staff_who_may_see_the_dossier(client: Client, setup: Cast) -> None:
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    response = call(client, setup.clerk, "get", f"dossiers/{code}/slips/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert call(client, setup.other_clerk, "get", f"dossiers/{code}/slips/receipt.pdf").status_code == 404


def test_public_lookup_needs_the_right_phone_and_says_nothing_otherwise(client: Client, setup: Cast) -> None:
    from django.core.cache import cache

    cache.clear()
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    ok = client.get("/api/v1/lookup", {"code": code, "secret": "0912 345 678"})
    assert ok.status_code == 200
    assert ok.json()["status_code"] == 2
    assert ok.json()["history"] == [{"at": "2026-11-02T08:00:00+07:00", "action": "received", "label": "đã tiếp nhận"}]
    assert "applicant" not in ok.json()
    by_id = client.get("/api/v1/lookup", {"code": code, "secret": "2345"})
    assert by_id.status_code == 200
    wrong = client.get("/api/v1/lookup", {"code": code, "secret": "0999999999"})
    unknown = client.get("/api/v1/lookup", {"code": "000.00.20.H49-270301-9999", "secret": "0999999999"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()


def test_public_lookup_is_rate_limited(client: Client, setup: Cast) -> None:
    from django.core.cache import cache

    from motcua.core.ratelimit import FAILURES_PER_CLIENT

    cache.clear()
    code = call(client, setup.clerk, "post", "dossiers", BODY).json()["code"]
    for _ in range(FAILURES_PER_CLIENT):
        assert client.get("/api/v1/lookup", {"code": code, "secret": "0999999999"}).status_code == 404
    assert client.get("/api/v1/lookup", {"code": code, "secret": "0912345678"}).status_code == 429


def test_a_retried_reception_with_the_same_idempotency_key_returns_the_same_dossier(
    client: Client, setup: Cast
) -> None:
    token = api_token_create(user=setup.clerk)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "counter-3:req-0001"}
    first = client.post("/api/v1/dossiers", BODY, content_type="application/json", **headers)
    again = client.post("/api/v1/dossiers", BODY, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert again["Idempotent-Replayed"] == "true"
    other = client.post(
        "/api/v1/dossiers",
        BODY,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="counter-3:req-0002",
    )
    assert other.status_code == 201
    assert other.json()["code"] != first.json()["code"]
