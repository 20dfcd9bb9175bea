"""The staff dossier page and the citizen's tracking page list the notices and their state."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.notices.models import Notice
from motcua.notices.selectors import notices_for_dossier
from tests.conftest import Cast
from tests.dossiers.factories import received

pytestmark = pytest.mark.django_db


def test_the_staff_dossier_page_lists_notices_with_recipient_and_reason(cast: Cast, client: Client) -> None:
    dossier = received(cast)
    Notice.objects.update(state=Notice.State.FAILED, reason="HTTP 422: số không tồn tại")
    client.force_login(cast.clerk)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/", headers={"accept-language": "en"}).content.decode()
    assert "Notices sent" in page
    assert "0912 345 678" in page and "HTTP 422: số không tồn tại" in page


def test_the_tracking_page_shows_the_notices_with_the_phone_masked(cast: Cast, client: Client) -> None:
    dossier = received(cast)
    assert [n.event for n in notices_for_dossier(dossier)] == ["received"]
    response = client.post("/tra-cuu/", {"code": dossier.code, "secret": "0912 345 678"})
    assert response.status_code == 302
    page = client.get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert "Thông báo đã gửi" in page  # Vietnamese by default
    assert "…678" in page and "+84912345678" not in page
