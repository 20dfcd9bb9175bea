"""The floor's records: guidance sessions, hotline calls and surveys, written by services with audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditLog
from motcua.engagement.models import Survey
from motcua.engagement.services import guidance_session_record, hotline_call_record, survey_record
from tests.conftest import Cast
from tests.dossiers.factories import at, received


def test_recording_a_call_writes_an_audit_entry(db: None) -> None:
    call = hotline_call_record(
        at=at("2027-03-01 08:00"), topic="Căn cước", caller_phone="0912345678", duration_seconds=95
    )
    assert call.duration_seconds == 95
    assert AuditLog.objects.filter(action="hotline_call.recorded", object_id=str(call.pk)).exists()


def test_a_call_longer_than_a_day_is_refused(db: None) -> None:
    with pytest.raises(ValidationError):
        hotline_call_record(at=at("2027-03-01 08:00"), duration_seconds=10**9)


def test_guidance_outside_the_calendar_years_is_refused(db: None) -> None:
    with pytest.raises(ValidationError):
        guidance_session_record(at="1900-01-01T08:00:00", topic="x")


def test_an_unknown_satisfaction_answer_is_refused(db: None) -> None:
    with pytest.raises(ValidationError):
        survey_record(at=at("2027-03-01 08:00"), satisfaction="ecstatic", attitude="normal")


def test_a_dossier_gets_one_survey_answer(cast: Cast) -> None:
    dossier = received(cast)
    survey_record(at=at("2027-03-02 08:00"), satisfaction="satisfied", attitude="normal", dossier=dossier)
    with pytest.raises(ValidationError):
        survey_record(at=at("2027-03-02 09:00"), satisfaction="neutral", attitude="normal", dossier=dossier)
    assert Survey.objects.count() == 1


def test_surveys_without_a_dossier_are_many(db: None) -> None:
    for _ in range(2):
        survey_record(at=at("2027-03-02 08:00"), satisfaction="very_satisfied", attitude="very_polite")
    assert Survey.objects.count() == 2
