"""Issue #8, finding 1: actions happen at the server's time; a caller may not choose it.

The API answers 400 for an ``at`` (or ``received_at``) field on an action, naming the field; the back
office does the same on its action form. Authority is therefore always checked at the present."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motcua.core.tokens import api_token_create
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import dossier_forward
from tests.conftest import Cast
from tests.dossiers.factories import received

S = Dossier.Status


def api(client: Client, user: Any, code: str, body: dict[str, Any]) -> Any:
    token = api_token_create(user=user)
    return client.post(
        f"/api/v1/dossiers/{code}/actions", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def revoked(cast: Cast) -> Dossier:
    """A dossier at its approval step, and the leader's authorisation revoked an hour ago."""
    now = timezone.now()
    Authorisation.objects.create(
        decision_number="99/QĐ-STP",
        grantor_agency=cast.agency,
        grantee=cast.leader,
        valid_from=now - dt.timedelta(days=90),
        valid_to=now + dt.timedelta(days=90),
        revoked_at=now - dt.timedelta(hours=1),
    )
    return dossier_forward(actor=cast.officer, dossier=received(cast))


def test_a_revoked_authorisation_cannot_approve_through_the_api_with_a_back_dated_at(
    client: Client, cast: Cast, revoked: Dossier
) -> None:
    before_revocation = (timezone.now() - dt.timedelta(days=2)).isoformat()
    response = api(client, cast.leader, str(revoked.code), {"action": "approve", "at": before_revocation})
    assert response.status_code == 400
    assert "at" in response.json()["errors"]
    assert api(client, cast.leader, str(revoked.code), {"action": "approve"}).status_code == 403
    revoked.refresh_from_db()
    assert revoked.status == S.IN_PROCESS
    assert not revoked.transitions.filter(action="approved").exists()


def test_a_revoked_authorisation_cannot_approve_in_the_back_office_with_a_back_dated_at(
    cast: Cast, revoked: Dossier
) -> None:
    before_revocation = (timezone.now() - dt.timedelta(days=2)).isoformat()
    client = logged_in(cast.leader)
    response = client.post(
        f"/backoffice/ho-so/{revoked.code}/thao-tac/", {"action": "approve", "at": before_revocation}
    )
    assert response.status_code == 400
    assert "at:" in response.content.decode()
    revoked.refresh_from_db()
    assert revoked.status == S.IN_PROCESS


@pytest.mark.parametrize("field", ["at", "received_at"])
def test_no_action_accepts_a_time_chosen_by_the_caller(client: Client, cast: Cast, field: str) -> None:
    dossier = received(cast)
    early = "2027-03-01T08:05:00+07:00"
    response = api(client, cast.officer, str(dossier.code), {"action": "forward", field: early})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert dossier.transitions.count() == 1


def test_an_action_is_recorded_at_the_servers_time(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    before = timezone.now()
    assert api(client, cast.officer, str(dossier.code), {"action": "forward"}).status_code == 200
    forwarded = dossier.transitions.get(action="forwarded")
    assert before <= forwarded.at <= timezone.now()


def test_the_api_contract_no_longer_offers_a_time_field(client: Client, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "at" not in schema["components"]["schemas"]["Action"]["properties"]
