"""Delivery receipts arrive at a callback authenticated by an HMAC of the body; they are idempotent."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import pytest
from django.test import Client

from motcua.notices.models import Notice, NoticeEvent
from tests.conftest import Cast
from tests.dossiers.factories import received

pytestmark = pytest.mark.django_db

SECRET = "shared-with-the-gateway"
URL = "/api/v1/notices/receipts"


def post(client: Client, payload: dict[str, Any], secret: str = SECRET) -> Any:
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(URL, body, content_type="application/json", headers={"X-Motcua-Signature": signature})


@pytest.fixture
def accepted(cast: Cast, settings: Any) -> Notice:
    settings.SMS_CALLBACK_SECRET = SECRET
    received(cast)
    Notice.objects.update(state=Notice.State.ACCEPTED, attempts=1, provider_message_id="m-1")
    return Notice.objects.get()


def test_a_signed_receipt_marks_the_notice_delivered_once(client: Client, accepted: Notice) -> None:
    for _ in range(2):
        response = post(client, {"id": str(accepted.uuid), "status": "delivered"})
        assert response.status_code == 200 and response.json()["state"] == "delivered"
    accepted.refresh_from_db()
    assert accepted.state == Notice.State.DELIVERED and accepted.delivered_at is not None
    assert NoticeEvent.objects.filter(notice=accepted, state="delivered").count() == 1
    assert post(client, {"id": str(accepted.uuid), "status": "failed"}).json()["state"] == "delivered"


def test_a_failed_receipt_keeps_the_reason(client: Client, accepted: Notice) -> None:
    assert post(client, {"id": str(accepted.uuid), "status": "failed", "reason": "phone off"}).status_code == 200
    accepted.refresh_from_db()
    assert (accepted.state, accepted.reason) == (Notice.State.FAILED, "phone off")


def test_a_receipt_with_a_wrong_or_missing_signature_is_refused(client: Client, accepted: Notice) -> None:
    assert post(client, {"id": str(accepted.uuid), "status": "delivered"}, secret="guess").status_code == 401
    assert client.post(URL, b"{}", content_type="application/json").status_code == 401
    accepted.refresh_from_db()
    assert accepted.state == Notice.State.ACCEPTED


def test_bad_receipts_are_400_or_404_never_500(client: Client, accepted: Notice) -> None:
    assert post(client, {"status": "delivered"}).status_code == 400
    assert post(client, {"id": str(accepted.uuid), "status": "read"}).status_code == 400
    assert post(client, {"id": "not-a-uuid", "status": "delivered"}).status_code == 404
    assert post(client, {"id": "6f1c2a52-7b7e-4c8e-9a43-3f9bd2d1f0aa", "status": "delivered"}).status_code == 404


def test_without_a_configured_secret_every_receipt_is_refused(client: Client, accepted: Notice, settings: Any) -> None:
    settings.SMS_CALLBACK_SECRET = ""
    assert post(client, {"id": str(accepted.uuid), "status": "delivered"}, secret="").status_code == 401
