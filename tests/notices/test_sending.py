"""Workers send notices: console, the generic HTTP SMS gateway, retries, opt-out, quiet hours."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.notices.models import Notice, NoticeEvent, NoticeOptOut
from motcua.notices.services import backoff_seconds, notice_deliver, notice_optout_add, quiet_until
from motcua.notices.texts import sms_length
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, received
from tests.notices.gateway import Gateway

pytestmark = pytest.mark.django_db(transaction=True)

State = Notice.State


def work() -> None:
    call_command("worker", "--burst", verbosity=0)


def test_the_worker_sends_a_queued_notice_through_the_console_backend(cast: Cast, capsys: Any) -> None:
    dossier = received(cast)
    work()
    notice = Notice.objects.get()
    assert notice.state == State.ACCEPTED and notice.attempts == 1 and notice.sent_at is not None
    assert notice.provider_message_id == f"console-{notice.uuid}"
    assert dossier.code in capsys.readouterr().out
    assert list(NoticeEvent.objects.values_list("state", flat=True)) == ["sending", "accepted"]


def test_the_gateway_receives_the_contract_and_the_provider_id_is_kept(cast: Cast, gateway: Gateway) -> None:
    dossier = received(cast)
    work()
    notice = Notice.objects.get()
    [request] = gateway.requests
    assert request == {"id": str(notice.uuid), "to": "+84912345678", "text": notice.text, "sender": "SOTUPHAP"}
    assert dossier.code in request["text"]
    assert (notice.state, notice.provider_message_id) == (State.ACCEPTED, "m-1")


def test_a_4xx_answer_fails_the_notice_for_good_with_the_reason(cast: Cast, gateway: Gateway) -> None:
    gateway.status = 422
    received(cast)
    work()
    notice = Notice.objects.get()
    assert notice.state == State.FAILED and notice.attempts == 1
    assert notice.reason.startswith("HTTP 422") and "forced" in notice.reason


def test_5xx_answers_are_retried_with_the_same_id_then_given_up(cast: Cast, gateway: Gateway, settings: Any) -> None:
    settings.NOTICE_MAX_ATTEMPTS = 3
    gateway.status = 503
    received(cast)
    for _ in range(20):
        work()
        if Notice.objects.get().state == State.GIVEN_UP:
            break
    notice = Notice.objects.get()
    assert (notice.state, notice.attempts) == (State.GIVEN_UP, 3)
    assert notice.reason == "HTTP 503"
    assert {r["id"] for r in gateway.requests} == {str(notice.uuid)} and len(gateway.requests) == 3


def test_a_refused_connection_is_retried_and_succeeds_when_the_gateway_is_back(cast: Cast, gateway: Gateway) -> None:
    gateway.down()
    received(cast)
    work()
    notice = Notice.objects.get()
    assert notice.state == State.QUEUED and notice.attempts >= 1 and "unreachable" in notice.reason
    failed_attempts = notice.attempts
    gateway.up()
    for _ in range(20):
        work()
        notice.refresh_from_db()
        if notice.state == State.ACCEPTED:
            break
    assert notice.state == State.ACCEPTED and notice.attempts == failed_attempts + 1
    assert gateway.acks[str(notice.uuid)] == 1


def test_a_second_task_for_an_accepted_notice_sends_nothing(cast: Cast, gateway: Gateway) -> None:
    received(cast)
    work()
    notice = Notice.objects.get()
    assert notice_deliver(notice_id=notice.pk) == ""
    assert len(gateway.requests) == 1


def test_an_applicant_who_opted_out_of_sms_gets_none(cast: Cast, gateway: Gateway) -> None:
    notice_optout_add(channel="sms", address="0912 345 678", note="gọi tổng đài")
    assert NoticeOptOut.objects.get().address == "+84912345678"
    received(cast, applicant=applicant(email="an@example.vn"))
    work()
    sms = Notice.objects.get(channel="sms")
    assert (sms.state, sms.reason) == (State.FAILED, "opted out")
    assert gateway.requests == []
    assert Notice.objects.get(channel="email").state == State.ACCEPTED  # the other channel still goes


def test_sms_waits_for_the_end_of_quiet_hours(cast: Cast, gateway: Gateway, settings: Any) -> None:
    settings.SMS_QUIET_HOURS = "21:00-07:00"
    assert quiet_until(at("2027-03-01 22:30")) == at("2027-03-02 07:00")
    assert quiet_until(at("2027-03-02 06:59")) == at("2027-03-02 07:00")
    assert quiet_until(at("2027-03-02 07:00")) is None
    assert quiet_until(at("2027-03-02 20:59")) is None
    settings.SMS_QUIET_HOURS = "00:00-23:59"  # quiet all day long: the notice must wait
    received(cast)
    work()
    notice = Notice.objects.get()
    assert notice.state == State.QUEUED and notice.attempts == 0
    assert notice.next_attempt_at is not None and notice.next_attempt_at > timezone.now()
    assert gateway.requests == []


def test_backoff_grows_exponentially_with_jitter(settings: Any) -> None:
    settings.NOTICE_RETRY_BASE_SECONDS = 10
    settings.NOTICE_RETRY_MAX_SECONDS = 1000
    delays = [backoff_seconds(n) for n in (1, 2, 3, 4)]
    for n, delay in enumerate(delays):
        assert 5 * 2**n <= delay <= 10 * 2**n
    assert len({round(backoff_seconds(3), 6) for _ in range(10)}) > 1  # jitter
    assert backoff_seconds(30) <= 1000


def test_a_stuck_notice_is_requeued_by_the_sweep(cast: Cast, gateway: Gateway) -> None:
    received(cast)
    Notice.objects.update(state=State.SENDING, attempts=1, next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the worker died with its task
    call_command("notices-requeue", verbosity=0)
    work()
    notice = Notice.objects.get()
    assert (notice.state, notice.attempts) == (State.ACCEPTED, 2)


def test_vietnamese_with_diacritics_costs_ucs2_parts_and_ascii_mode_halves_it(cast: Cast, settings: Any) -> None:
    assert sms_length("Ho so da duoc tiep nhan") == sms_length("Ho so da duoc tiep nhan")
    assert sms_length("a" * 160).parts == 1 and sms_length("a" * 161).parts == 2
    assert sms_length("{" * 80).parts == 1 and sms_length("{" * 81).parts == 2  # extension: 2 septets
    assert sms_length("Hồ sơ").encoding == "ucs2"
    assert sms_length("ồ" * 70).parts == 1 and sms_length("ồ" * 71).parts == 2 and sms_length("ồ" * 135).parts == 3
    received(cast)
    with_marks = Notice.objects.get()
    assert with_marks.sms_parts == sms_length(with_marks.text).parts >= 2
    settings.SMS_ASCII = True
    received(cast, "2027-03-02 08:00")
    plain = Notice.objects.latest("id")
    assert "Ho so" in plain.text and "tiep nhan" in plain.text
    assert sms_length(plain.text).encoding == "gsm7"
    assert plain.sms_parts < with_marks.sms_parts
