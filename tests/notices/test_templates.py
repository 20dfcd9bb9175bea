"""Centres reword notices in the admin (per event × channel × language) and preview them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.notices.models import Notice, NoticeTemplate
from tests.conftest import Cast
from tests.dossiers.factories import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged(client: Client, django_user_model: Any) -> Client:
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", "x"))
    return client


def test_an_override_replaces_the_default_text_of_its_event_channel_and_language(cast: Cast) -> None:
    NoticeTemplate.objects.create(
        event="received", channel="sms", language="vi", body="HS {{ code }} hen tra {{ due }}"
    )
    NoticeTemplate.objects.create(event="received", channel="sms", language="en", body="never used in vi")
    dossier = received(cast, "2027-03-01 08:00")
    assert Notice.objects.get().text == f"HS {dossier.code} hen tra 08:00 15/03/2027"


def test_the_admin_previews_a_template_with_sample_data_and_counts_sms_parts(admin_client_logged: Client) -> None:
    template = NoticeTemplate.objects.create(
        event="received", channel="sms", language="vi", body="Hồ sơ {{ code }} đã được tiếp nhận"
    )
    page = admin_client_logged.get(f"/admin/notices/noticetemplate/{template.pk}/change/").content.decode()
    assert "Hồ sơ 000.00.20.H49-270301-0001 đã được tiếp nhận" in page
    assert "UCS2, 1 tin SMS" in page  # the admin speaks Vietnamese


def test_the_admin_refuses_a_template_that_does_not_compile(admin_client_logged: Client) -> None:
    response = admin_client_logged.post(
        "/admin/notices/noticetemplate/add/",
        {"event": "received", "channel": "sms", "language": "vi", "subject": "", "body": "{% if %}"},
    )
    assert response.status_code == 200
    assert "Không đọc được mẫu này" in response.content.decode()
    assert not NoticeTemplate.objects.exists()
