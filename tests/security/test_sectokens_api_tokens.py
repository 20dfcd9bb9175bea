"""Issue #8 finding 9: API tokens can be revoked, may expire, and record their last use sparingly."""

import datetime as dt
import hashlib
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from motcua.core.models import ApiToken, AuditLog
from motcua.core.tokens import api_token_create, api_token_revoke
from tests.conftest import Cast

# Any dossier endpoint: with a valid token an unknown code is 404, without one 401.
PROBE = "/api/v1/dossiers/000.00.20.H49-270301-9999"


def probe(client: Client, token: str) -> Any:
    return client.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {token}")


def row_of(token: str) -> ApiToken:
    return ApiToken.objects.get(digest=hashlib.sha256(token.encode()).hexdigest())


def test_a_fresh_token_authenticates(client: Client, cast: Cast) -> None:
    assert probe(client, api_token_create(user=cast.clerk)).status_code == 404


def test_a_revoked_token_gets_401_with_the_documented_body(client: Client, cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    assert api_token_revoke(token=row_of(token), actor=cast.head)
    response = probe(client, token)
    assert response.status_code == 401
    assert set(response.json()) == {"error"}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditLog.objects.filter(action="api_token.revoked").count() == 1


def test_revoking_twice_is_a_no_op(cast: Cast) -> None:
    token = row_of(api_token_create(user=cast.clerk))
    assert api_token_revoke(token=token)
    assert not api_token_revoke(token=token)


def test_an_expired_token_gets_401(client: Client, cast: Cast) -> None:
    token = api_token_create(user=cast.clerk, expires_in=dt.timedelta(days=1))
    assert probe(client, token).status_code == 404
    ApiToken.objects.filter(prefix=token[:8]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert probe(client, token).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client: Client, cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    probe(client, token)
    first = row_of(token).last_used_at
    assert first is not None
    probe(client, token)
    assert row_of(token).last_used_at == first  # no write within the minute
    earlier = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(prefix=token[:8]).update(last_used_at=earlier)
    probe(client, token)
    assert row_of(token).last_used_at > earlier


def test_the_command_revokes_by_prefix_and_by_id(client: Client, cast: Cast) -> None:
    by_prefix, by_id = api_token_create(user=cast.clerk), api_token_create(user=cast.clerk)
    out = StringIO()
    call_command("api-token", "--revoke", by_prefix[:8] + "…", stdout=out)
    call_command("api-token", "--revoke", str(row_of(by_id).pk), stdout=out)
    assert probe(client, by_prefix).status_code == probe(client, by_id).status_code == 401


def test_the_command_refuses_an_unknown_or_ambiguous_reference(cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    ApiToken.objects.create(user=cast.clerk, digest="0" * 64, prefix=token[:8])  # a colliding prefix
    with pytest.raises(CommandError):
        call_command("api-token", "--revoke", token[:8])
    with pytest.raises(CommandError):
        call_command("api-token", "--revoke", "mc_nope")
    assert row_of(token).revoked_at is None


def test_the_command_makes_an_expiring_token(client: Client, cast: Cast) -> None:
    out = StringIO()
    call_command("api-token", "clerk", "--expires-days", "30", stdout=out)
    token = out.getvalue().strip()
    expires_at = row_of(token).expires_at
    assert expires_at is not None
    assert dt.timedelta(days=29) < expires_at - timezone.now() <= dt.timedelta(days=30)
    assert probe(client, token).status_code == 404
    with pytest.raises(CommandError):
        call_command("api-token", "clerk", "--expires-days", "0")


def test_the_command_lists_tokens_without_their_secret(cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    out = StringIO()
    call_command("api-token", "--list", stdout=out)
    assert token[:8] in out.getvalue()
    assert token not in out.getvalue()
    assert row_of(token).digest not in out.getvalue()


@pytest.fixture
def admin_client(client: Client, db: Any) -> Client:
    admin = get_user_model().objects.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_the_admin_lists_tokens_but_never_the_digest(admin_client: Client, cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    row = row_of(token)
    listing = admin_client.get("/admin/core/apitoken/")
    assert listing.status_code == 200
    assert token[:8] in listing.content.decode()
    detail = admin_client.get(f"/admin/core/apitoken/{row.pk}/change/")
    assert detail.status_code == 200
    assert row.digest not in listing.content.decode() + detail.content.decode()
    assert admin_client.get("/admin/core/apitoken/add/").status_code == 403


def test_the_admin_revoke_action_revokes(admin_client: Client, client: Client, cast: Cast) -> None:
    token = api_token_create(user=cast.clerk)
    response = admin_client.post(
        "/admin/core/apitoken/", {"action": "revoke", "_selected_action": [row_of(token).pk]}, follow=True
    )
    assert response.status_code == 200
    assert row_of(token).revoked_at is not None
    entry = AuditLog.objects.get(action="api_token.revoked")
    assert entry.actor is not None and entry.actor.get_username() == "root"
