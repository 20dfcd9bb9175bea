"""Zalo ZNS: template messages to the applicant's phone through the adapter, against a local stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command

from motcua.notices.models import Notice, NoticeChannel
from motcua.notices.services import notice_optout_add
from tests.conftest import Cast
from tests.dossiers.factories import received
from tests.notices.gateway import ZaloGateway

pytestmark = pytest.mark.django_db(transaction=True)

State = Notice.State


@pytest.fixture
def zalo(settings: Any) -> Iterator[ZaloGateway]:
    gw = ZaloGateway()
    settings.ZALO_ZNS_URL = gw.zns_url
    settings.ZALO_ZNS_ACCESS_TOKEN = ZaloGateway.token
    settings.ZALO_ZNS_TEMPLATES = {"received": "238001"}
    yield gw
    gw.close()


def work() -> None:
    call_command("worker", "--burst", verbosity=0)


def zalo_notice() -> Notice:
    return Notice.objects.get(channel=NoticeChannel.ZALO)


def test_without_a_zns_template_for_the_event_no_zalo_notice_is_queued(cast: Cast, settings: Any) -> None:
    settings.ZALO_ZNS_TEMPLATES = {"result_ready": "238002"}
    received(cast)
    assert list(Notice.objects.values_list("channel", flat=True)) == ["sms"]


def test_an_event_with_a_zns_template_queues_a_zalo_notice_with_its_parameters(cast: Cast, zalo: ZaloGateway) -> None:
    dossier = received(cast)
    notice = zalo_notice()
    assert (notice.event, notice.recipient, notice.state, notice.sms_parts) == ("received", "+84912345678", "queued", 0)
    assert notice.params["template_id"] == "238001"
    data = notice.params["template_data"]
    assert data["code"] == dossier.code and data["due"] == "08:00 15/03/2027"
    assert dossier.code in notice.text and notice.subject == ""
    assert Notice.objects.filter(channel="sms").count() == 1  # the SMS still goes


def test_the_worker_posts_the_zns_contract_and_keeps_zalos_message_id(cast: Cast, zalo: ZaloGateway) -> None:
    received(cast)
    work()
    notice = zalo_notice()
    [request] = zalo.requests
    assert request == {
        "phone": "84912345678",
        "template_id": "238001",
        "template_data": notice.params["template_data"],
        "tracking_id": str(notice.uuid),
    }
    assert (notice.state, notice.provider_message_id, notice.attempts) == (State.ACCEPTED, "z-1", 1)


def test_a_zalo_error_code_in_a_2xx_answer_fails_the_notice_with_zalos_message(
    cast: Cast, zalo: ZaloGateway, settings: Any
) -> None:
    settings.ZALO_ZNS_ACCESS_TOKEN = "expired"
    received(cast)
    work()
    notice = zalo_notice()
    assert (notice.state, notice.attempts) == (State.FAILED, 1)
    assert notice.reason == "Zalo error -124: Access token is invalid"


def test_a_4xx_answer_fails_the_zalo_notice_for_good(cast: Cast, zalo: ZaloGateway) -> None:
    zalo.status = 400
    received(cast)
    work()
    notice = zalo_notice()
    assert notice.state == State.FAILED and notice.reason.startswith("HTTP 400") and "forced" in notice.reason


def test_5xx_and_a_dead_zalo_are_retried_with_the_same_tracking_id_until_accepted(
    cast: Cast, zalo: ZaloGateway
) -> None:
    zalo.down()
    received(cast)
    work()
    notice = zalo_notice()
    assert notice.state == State.QUEUED and "unreachable" in notice.reason
    zalo.status = 502
    zalo.up()
    for _ in range(20):
        work()
        notice.refresh_from_db()
        if notice.reason == "HTTP 502":
            break
    assert notice.state == State.QUEUED and notice.reason == "HTTP 502"
    zalo.status = None
    for _ in range(20):
        work()
        notice.refresh_from_db()
        if notice.state == State.ACCEPTED:
            break
    assert notice.state == State.ACCEPTED
    assert {r["tracking_id"] for r in zalo.requests} == {str(notice.uuid)}
    assert zalo.duplicates() == 0


def test_an_applicant_who_opted_out_of_zalo_gets_no_zalo_but_still_the_sms(cast: Cast, zalo: ZaloGateway) -> None:
    notice_optout_add(channel="zalo", address="0912 345 678")
    received(cast)
    work()
    notice = zalo_notice()
    assert (notice.state, notice.reason) == (State.FAILED, "opted out")
    assert zalo.requests == []
    assert Notice.objects.get(channel="sms").state == State.ACCEPTED


def test_without_a_zns_url_zalo_notices_go_to_the_console(cast: Cast, settings: Any, capsys: Any) -> None:
    settings.ZALO_ZNS_TEMPLATES = {"received": "238001"}
    settings.ZALO_ZNS_URL = ""
    dossier = received(cast)
    work()
    assert zalo_notice().state == State.ACCEPTED
    assert any(line.startswith("[zalo ") and dossier.code in line for line in capsys.readouterr().out.splitlines())
