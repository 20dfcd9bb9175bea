"""Notices are rows written in the same transaction as the dossier action that causes them."""

from __future__ import annotations

import pytest
from django.db import transaction

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_apologise,
    dossier_approve,
    dossier_forward,
    dossier_request_supplement,
    dossier_return_result,
)
from motcua.notices.models import Notice
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received

pytestmark = pytest.mark.django_db


def test_a_dossier_received_with_a_phone_gets_exactly_one_received_sms(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    notice = Notice.objects.get(dossier=dossier)
    assert (notice.event, notice.channel, notice.recipient, notice.state) == (
        "received",
        "sms",
        "+84912345678",
        "queued",
    )
    assert dossier.code in notice.text
    assert "08:00 15/03/2027" in notice.text  # the due date
    assert f"/tra-cuu/?ma={dossier.code}" in notice.text
    assert notice.priority is True
    assert notice.language == "vi"
    assert "tiếp nhận" in notice.text  # Vietnamese by default


def test_a_dossier_without_phone_or_email_gets_no_notice(cast: Cast) -> None:
    dossier = received(cast, applicant=applicant(phone=""))
    assert not Notice.objects.filter(dossier=dossier).exists()


def test_an_email_address_adds_an_email_notice_with_a_subject(cast: Cast) -> None:
    dossier = received(cast, applicant=applicant(email="an@example.vn"))
    email = Notice.objects.get(dossier=dossier, channel="email")
    assert email.recipient == "an@example.vn"
    assert dossier.code in email.subject
    assert "Sở Tư pháp" in email.text
    assert Notice.objects.filter(dossier=dossier).count() == 2


def test_a_rolled_back_action_leaves_no_notice(cast: Cast) -> None:
    version = procedure_for(cast)
    with pytest.raises(RuntimeError), transaction.atomic():
        received(cast, version=version)
        raise RuntimeError
    assert not Notice.objects.exists()
    assert not Dossier.objects.exists()


def test_result_ready_follows_approval_and_returned_follows_the_hand_over(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 09:00"))
    assert list(Notice.objects.values_list("event", flat=True)) == ["received"]
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 09:00"))
    dossier_return_result(actor=cast.clerk, dossier=dossier, at=at("2027-03-04 09:00"))
    assert list(Notice.objects.values_list("event", flat=True)) == ["received", "result_ready", "returned"]


def test_supplements_and_apology_notices_carry_the_note_and_the_new_date(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier_apologise(actor=cast.head, dossier=dossier, reason="chờ xác minh", new_due_at=at("2027-03-22 08:00"))
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="bản sao sổ hộ khẩu")
    apology = Notice.objects.get(event="apologised")
    assert "08:00 22/03/2027" in apology.text and "chờ xác minh" in apology.text
    assert "bản sao sổ hộ khẩu" in Notice.objects.get(event="supplement_requested").text


def test_english_notices_when_the_centre_sets_english(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.NOTICE_LANGUAGE = "en"
    received(cast)
    notice = Notice.objects.get()
    assert notice.language == "en"
    assert notice.text.startswith("Dossier ") and "was received" in notice.text
