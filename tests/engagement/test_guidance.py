"""Guidance requests have exactly one owner until closed; a transfer waits for the new owner's
acceptance; callbacks fall due after working hours and late ones reach the supervisor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from motcua.core.models import AuditLog
from motcua.engagement.models import GuidanceRequest, GuidanceSession, GuidanceTopic, GuidanceTransfer
from motcua.engagement.selectors import (
    callbacks_overdue,
    requests_owned_by,
    sessions_by_channel_and_topic,
    topic_names,
    transfers_offered_to,
    transfers_per_request,
)
from motcua.engagement.services import (
    guidance_request_close,
    guidance_request_open,
    guidance_request_transfer,
    guidance_session_record,
    guidance_transfer_accept,
    guidance_transfer_withdraw,
    hotline_call_record,
)
from tests.conftest import Cast
from tests.dossiers.factories import at


def open_request(cast: Cast, when: str = "2027-03-01 08:00") -> GuidanceRequest:
    session = guidance_session_record(
        at=at(when), channel="counter", topic="Đất đai", staff=cast.clerk, outcome="request", actor=cast.clerk
    )
    return guidance_request_open(
        actor=cast.clerk, session=session, question="Thủ tục tách thửa?", contact_phone="0912345678", at=at(when)
    )


def test_the_topic_list_is_configurable_and_starts_with_the_usual_topics(db: None) -> None:
    GuidanceTopic.objects.all().delete()
    assert {"Căn cước", "Đất đai", "Giấy phép lái xe", "Hộ chiếu", "Hộ tịch"} <= set(topic_names())
    GuidanceTopic.objects.create(name="Hộ chiếu", position=1)
    GuidanceTopic.objects.create(name="Đất đai", position=0)
    GuidanceTopic.objects.create(name="Xây dựng", position=2, is_active=False)
    assert topic_names() == ["Đất đai", "Hộ chiếu"]


def test_a_session_with_an_unknown_outcome_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        guidance_session_record(at=at("2027-03-01 08:00"), outcome="maybe")


def test_the_request_belongs_to_who_opened_it_and_is_due_after_the_callback_hours(cast: Cast, settings: object) -> None:
    request = open_request(cast, "2027-03-01 08:00")  # a Monday
    assert request.owner == cast.clerk
    assert request.callback_due_at == at("2027-03-02 08:00")  # 8 working hours later
    assert AuditLog.objects.filter(action="guidance_request.opened", object_id=str(request.pk)).exists()


def test_callback_hours_are_counted_on_working_days(cast: Cast, settings: object) -> None:
    request = open_request(cast, "2027-03-05 15:00")  # a Friday afternoon
    assert request.callback_due_at == at("2027-03-08 15:00")  # the Monday after


def test_a_callback_limit_is_a_setting(cast: Cast, settings: object) -> None:
    settings.GUIDANCE_CALLBACK_HOURS = 2  # type: ignore[attr-defined]
    assert open_request(cast, "2027-03-01 08:00").callback_due_at == at("2027-03-01 10:00")


def test_a_request_without_a_question_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        guidance_request_open(actor=cast.clerk, question="   ")


def test_a_transfer_keeps_the_old_owner_until_the_colleague_accepts(cast: Cast) -> None:
    request = open_request(cast)
    transfer = guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason="Chuyên môn")
    request.refresh_from_db()
    assert request.owner == cast.clerk
    assert list(transfers_offered_to(cast.officer)) == [transfer]
    guidance_transfer_accept(actor=cast.officer, transfer=transfer)
    request.refresh_from_db()
    transfer.refresh_from_db()
    assert request.owner == cast.officer
    assert transfer.status == GuidanceTransfer.Status.ACCEPTED
    assert (transfer.from_user, transfer.to_user, transfer.reason) == (cast.clerk, cast.officer, "Chuyên môn")
    assert list(requests_owned_by(cast.officer)) == [request]
    assert not requests_owned_by(cast.clerk).exists()


def test_only_the_owner_may_transfer_or_close(cast: Cast) -> None:
    request = open_request(cast)
    with pytest.raises(PermissionDenied):
        guidance_request_transfer(actor=cast.officer, request=request, to_user=cast.leader, reason="x")
    with pytest.raises(PermissionDenied):
        guidance_request_close(actor=cast.officer, request=request, answer="x")


def test_only_the_named_colleague_may_accept(cast: Cast) -> None:
    request = open_request(cast)
    transfer = guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason="x")
    with pytest.raises(PermissionDenied):
        guidance_transfer_accept(actor=cast.leader, transfer=transfer)
    request.refresh_from_db()
    assert request.owner == cast.clerk


def test_a_transfer_needs_a_reason_and_a_colleague(cast: Cast) -> None:
    request = open_request(cast)
    with pytest.raises(ValidationError):
        guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason=" ")
    with pytest.raises(ValidationError):
        guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.clerk, reason="x")


def test_one_transfer_waits_at_a_time(cast: Cast) -> None:
    request = open_request(cast)
    guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason="x")
    with pytest.raises(ValidationError):
        guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.leader, reason="y")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidanceTransfer.objects.create(
            request=request, from_user=cast.clerk, to_user=cast.leader, reason="z", at=at("2027-03-01 09:00")
        )


def test_a_declined_transfer_leaves_the_owner_and_frees_the_request(cast: Cast) -> None:
    request = open_request(cast)
    transfer = guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason="x")
    guidance_transfer_withdraw(actor=cast.officer, transfer=transfer)
    with pytest.raises(ValidationError):
        guidance_transfer_accept(actor=cast.officer, transfer=transfer)
    guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.leader, reason="y")
    request.refresh_from_db()
    assert request.owner == cast.clerk


def test_closing_records_the_answer_and_ends_ownership(cast: Cast) -> None:
    request = open_request(cast)
    pending = guidance_request_transfer(actor=cast.clerk, request=request, to_user=cast.officer, reason="x")
    guidance_request_close(actor=cast.clerk, request=request, answer="Đã gọi lại, hướng dẫn nộp hồ sơ")
    request.refresh_from_db()
    pending.refresh_from_db()
    assert request.status == GuidanceRequest.Status.CLOSED and request.closed_by == cast.clerk
    assert pending.status == GuidanceTransfer.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        guidance_request_close(actor=cast.clerk, request=request, answer="again")
    assert AuditLog.objects.filter(action="guidance_request.closed", object_id=str(request.pk)).exists()


def test_overdue_callbacks_are_the_open_requests_past_due(cast: Cast) -> None:
    late = open_request(cast, "2027-03-01 08:00")
    closed = open_request(cast, "2027-03-01 09:00")
    guidance_request_close(actor=cast.clerk, request=closed, answer="ok")
    open_request(cast, "2027-03-03 08:00")
    assert list(callbacks_overdue(at("2027-03-02 16:00"))) == [late]


def test_sessions_count_by_channel_and_topic(cast: Cast) -> None:
    for channel, topic in [("counter", "Hộ tịch"), ("counter", "Hộ tịch"), ("phone", "Đất đai")]:
        guidance_session_record(at=at("2027-03-01 08:00"), channel=channel, topic=topic)
    rows = sessions_by_channel_and_topic(at("2027-03-01 00:00"), at("2027-03-02 00:00"))
    assert rows == [
        {"channel": "counter", "topic": "Hộ tịch", "sessions": 2},
        {"channel": "phone", "topic": "Đất đai", "sessions": 1},
    ]
    assert GuidanceSession.Channel.CHAT in GuidanceSession.Channel.values


def test_transfers_are_counted_per_request(cast: Cast) -> None:
    twice = open_request(cast)
    open_request(cast)
    first = guidance_request_transfer(actor=cast.clerk, request=twice, to_user=cast.officer, reason="x")
    guidance_transfer_accept(actor=cast.officer, transfer=first)
    second = guidance_request_transfer(actor=cast.officer, request=twice, to_user=cast.leader, reason="y")
    guidance_transfer_accept(actor=cast.leader, transfer=second)
    counts = transfers_per_request(at("2027-03-01 00:00"), at("2027-03-02 00:00"))
    assert (counts["requests"], counts["transfers"], counts["most"], counts["transferred"]) == (2, 2, 2, 1)


def test_a_hotline_call_names_who_answered_and_may_open_a_request(cast: Cast) -> None:
    call = hotline_call_record(at=at("2027-03-01 08:00"), topic="Hộ chiếu", staff=cast.clerk, duration_seconds=60)
    request = guidance_request_open(actor=cast.clerk, call=call, question="Lệ phí?", at=at("2027-03-01 08:00"))
    assert request.topic == "Hộ chiếu" and call.staff == cast.clerk
    assert request.callback_due_at - request.opened_at >= dt.timedelta(hours=8)
