"""Feedback and petitions (PAKN): intake, classification, transfer, answer, publication, rating."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from motcua.core.models import AuditLog
from motcua.feedback.models import Feedback, FeedbackTransfer
from motcua.feedback.services import (
    feedback_add_information,
    feedback_answer,
    feedback_classify,
    feedback_publish,
    feedback_rate,
    feedback_receive,
    feedback_request_information,
    feedback_take,
)
from motcua.workdays.services import calendar_load
from tests.conftest import Cast
from tests.dossiers.factories import at, received

pytestmark = pytest.mark.django_db

Kind = Feedback.Kind
Status = Feedback.Status
MONDAY = at("2027-03-01 08:00")


def receive(cast: Cast, **fields: Any) -> Feedback:
    data: dict[str, Any] = {
        "channel": Feedback.Channel.PORTAL,
        "subject": "Chậm trả kết quả",
        "content": "Hồ sơ của tôi quá hạn mà chưa có kết quả.",
        "name": "Nguyễn Văn Bình",
        "phone": "0912 345 678",
        "agency": cast.agency,
        "at": MONDAY,
    }
    data.update(fields)
    return feedback_receive(**data)


def test_intake_counts_the_limits_in_working_days_from_settings(cast: Cast) -> None:
    cal = calendar_load()
    fb = receive(cast)
    assert fb.status == Status.RECEIVED
    assert fb.phone == "+84912345678"
    assert fb.decide_due_at == cal.add_working_days(MONDAY, 2)
    assert fb.answer_due_at == cal.add_working_days(MONDAY, 15)
    assert fb.due_at == fb.decide_due_at
    assert len(fb.rating_token) >= 40
    assert AuditLog.objects.filter(action="feedback.received", object_id=str(fb.pk)).exists()


@override_settings(FEEDBACK_ANSWER_DAYS=10, FEEDBACK_REFUSE_DAYS=3)
def test_the_limits_are_configurable(cast: Cast) -> None:
    cal = calendar_load()
    fb = receive(cast)
    assert fb.decide_due_at == cal.add_working_days(MONDAY, 3)
    assert fb.answer_due_at == cal.add_working_days(MONDAY, 10)


def test_intake_refuses_a_bad_phone_email_or_empty_content(cast: Cast) -> None:
    with pytest.raises(ValidationError) as exc:
        receive(cast, phone="12")
    assert "phone" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        receive(cast, email="not-an-address")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        receive(cast, content="   ")
    assert "content" in exc.value.message_dict
    with pytest.raises(ValidationError):
        receive(cast, channel="fax")
    assert not Feedback.objects.exists()


def test_the_citizen_may_stay_anonymous(cast: Cast) -> None:
    fb = receive(cast, name="", phone="", email="")
    assert fb.pk and not fb.name and not fb.phone


def test_a_related_dossier_names_the_agency_that_handles_it(cast: Cast) -> None:
    dossier = received(cast)
    fb = receive(cast, agency=None, dossier_code=dossier.code.lower())
    assert fb.agency == cast.agency
    assert fb.dossier_code == dossier.code


def test_not_acceptable_needs_a_reason_and_closes_it(cast: Cast) -> None:
    fb = receive(cast)
    with pytest.raises(ValidationError):
        feedback_classify(actor=cast.officer, feedback=fb, kind=Kind.NOT_ACCEPTABLE)
    fb = feedback_classify(
        actor=cast.officer, feedback=fb, kind=Kind.NOT_ACCEPTABLE, reason="Nặc danh, không rõ nội dung"
    )
    assert fb.status == Status.REFUSED and fb.due_at is None
    with pytest.raises(ValidationError):
        feedback_answer(actor=cast.officer, feedback=fb, answer="Trả lời")


def test_classifying_within_competence_makes_the_classifier_the_owner_with_the_answer_deadline(cast: Cast) -> None:
    fb = feedback_classify(actor=cast.officer, feedback=receive(cast), kind=Kind.STAFF_BEHAVIOUR)
    assert fb.status == Status.IN_PROGRESS
    assert fb.owner == cast.officer
    assert fb.due_at == fb.answer_due_at


def test_intake_at_the_counter_classifies_at_once(cast: Cast) -> None:
    fb = receive(cast, channel=Feedback.Channel.COUNTER, kind=Kind.WITHIN_COMPETENCE, actor=cast.clerk)
    assert fb.status == Status.IN_PROGRESS and fb.kind == Kind.WITHIN_COMPETENCE
    assert fb.received_by == cast.clerk


def test_outside_competence_is_transferred_and_recorded(cast: Cast) -> None:
    fb = receive(cast)
    with pytest.raises(ValidationError):
        feedback_classify(actor=cast.officer, feedback=fb, kind=Kind.OUTSIDE_COMPETENCE, reason="Xây dựng")
    later = at("2027-03-03 09:00")
    fb = feedback_classify(
        actor=cast.officer,
        feedback=fb,
        kind=Kind.OUTSIDE_COMPETENCE,
        to_agency=cast.other_agency,
        reason="Thuộc lĩnh vực xây dựng",
        at=later,
    )
    assert fb.agency == cast.other_agency
    assert fb.status == Status.RECEIVED and fb.owner is None
    assert fb.answer_due_at == calendar_load().add_working_days(later, 15)
    transfer = FeedbackTransfer.objects.get(feedback=fb)
    assert (transfer.from_agency, transfer.to_agency, transfer.actor) == (cast.agency, cast.other_agency, cast.officer)
    assert transfer.on_time


def test_a_transfer_after_five_working_days_is_recorded_as_late(cast: Cast) -> None:
    fb = receive(cast)
    fb = feedback_classify(
        actor=cast.officer,
        feedback=fb,
        kind=Kind.OUTSIDE_COMPETENCE,
        to_agency=cast.other_agency,
        reason="Thuộc lĩnh vực xây dựng",
        at=at("2027-03-10 09:00"),
    )
    assert not FeedbackTransfer.objects.get(feedback=fb).on_time


def test_answer_then_publish_without_personal_data(cast: Cast) -> None:
    fb = feedback_classify(actor=cast.officer, feedback=receive(cast), kind=Kind.WITHIN_COMPETENCE)
    fb = feedback_answer(actor=cast.officer, feedback=fb, answer="Hồ sơ đã được trả kết quả ngày 05/03.")
    assert fb.status == Status.ANSWERED
    assert fb.publish_due_at == calendar_load().add_working_days(fb.answered_at, 2)
    with pytest.raises(ValidationError) as exc:
        feedback_publish(actor=cast.officer, feedback=fb, public_question="Ông Nguyễn Văn Bình hỏi về hồ sơ")
    assert "public_question" in exc.value.message_dict
    with pytest.raises(ValidationError):
        feedback_publish(actor=cast.officer, feedback=fb, public_question="Gọi 0912.345.678 hỏi về hồ sơ")
    fb = feedback_publish(actor=cast.officer, feedback=fb, public_question="Công dân hỏi về hồ sơ quá hạn.")
    assert fb.status == Status.PUBLISHED and fb.published_at is not None
    assert AuditLog.objects.filter(action="feedback.published", object_id=str(fb.pk)).exists()


def test_an_answer_cannot_be_published_before_it_is_written(cast: Cast) -> None:
    fb = feedback_classify(actor=cast.officer, feedback=receive(cast), kind=Kind.WITHIN_COMPETENCE)
    with pytest.raises(ValidationError):
        feedback_publish(actor=cast.officer, feedback=fb, public_question="Câu hỏi")


def test_taking_an_item_changes_its_owner(cast: Cast) -> None:
    fb = feedback_classify(actor=cast.officer, feedback=receive(cast), kind=Kind.WITHIN_COMPETENCE)
    fb = feedback_take(actor=cast.head, feedback=fb)
    assert fb.owner == cast.head
    entry = AuditLog.objects.get(action="feedback.taken", object_id=str(fb.pk))
    assert entry.data["previous_owner"] == cast.officer.pk


def test_the_citizen_rates_the_answer_once_with_the_token(cast: Cast) -> None:
    fb = receive(cast)
    with pytest.raises(ValidationError):
        feedback_rate(token=fb.rating_token, rating="satisfied")  # nothing to rate yet
    fb = feedback_classify(actor=cast.officer, feedback=fb, kind=Kind.WITHIN_COMPETENCE)
    feedback_answer(actor=cast.officer, feedback=fb, answer="Đã giải quyết.")
    with pytest.raises(ValidationError):
        feedback_rate(token="wrong", rating="satisfied")
    with pytest.raises(ValidationError):
        feedback_rate(token=fb.rating_token, rating="great")
    rated = feedback_rate(token=fb.rating_token, rating="satisfied", comment="Cảm ơn")
    assert rated.rating == "satisfied" and rated.rated_at is not None
    with pytest.raises(ValidationError):
        feedback_rate(token=fb.rating_token, rating="dissatisfied")


def test_asking_for_more_information_pauses_the_deadlines_until_the_citizen_answers(cast: Cast) -> None:
    cal = calendar_load()
    fb = feedback_classify(actor=cast.officer, feedback=receive(cast), kind=Kind.WITHIN_COMPETENCE)
    answer_due = fb.answer_due_at
    with pytest.raises(ValidationError):
        feedback_request_information(actor=cast.officer, feedback=fb, question="  ")
    fb = feedback_request_information(
        actor=cast.officer, feedback=fb, question="Cho biết mã hồ sơ.", at=at("2027-03-02 08:00")
    )
    assert fb.status == Status.AWAITING_INFO and fb.due_at is None
    with pytest.raises(ValidationError):
        feedback_answer(actor=cast.officer, feedback=fb, answer="Trả lời")
    fb = feedback_add_information(
        token=fb.rating_token, reply="Mã hồ sơ 000.00.20.H49-270301-0001", at=at("2027-03-04 08:00")
    )
    assert fb.status == Status.IN_PROGRESS
    assert fb.answer_due_at == cal.add_working_days(answer_due, 2)  # two working days spent waiting
    with pytest.raises(ValidationError):
        feedback_add_information(token=fb.rating_token, reply="Lần nữa")
    entry = AuditLog.objects.get(action="feedback.information_requested", object_id=str(fb.pk))
    assert entry.data["on_time"] is True


def test_a_late_request_for_information_is_recorded_as_late(cast: Cast) -> None:
    fb = receive(cast)
    feedback_request_information(actor=cast.officer, feedback=fb, question="Cho biết thêm.", at=at("2027-03-15 08:00"))
    entry = AuditLog.objects.get(action="feedback.information_requested", object_id=str(fb.pk))
    assert entry.data["on_time"] is False
