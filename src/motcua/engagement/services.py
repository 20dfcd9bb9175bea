"""Writes of the floor's records: one atomic service each, with an audit entry. Input is bounded (dates
in the calendar's years, known answers, text lengths) and refused with a translated error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.core.audit import audit_log
from motcua.core.inputs import bounded_int, datetime_in_range, text_within
from motcua.engagement.models import GuidanceSession, HotlineCall, Survey

MAX_CALL_SECONDS = 24 * 3600


@transaction.atomic
def guidance_session_record(
    *,
    at: dt.datetime,
    procedure: Procedure | None = None,
    channel: str = "",
    staff: Any = None,
    staff_name: str = "",
    topic: str = "",
    actor: Any = None,
) -> GuidanceSession:
    session = GuidanceSession.objects.create(
        at=datetime_in_range(at, field="at"),
        procedure=procedure,
        channel=text_within(channel, field="channel", max_length=40),
        staff=staff,
        staff_name=text_within(staff_name, field="staff_name", max_length=255),
        topic=text_within(topic, field="topic", max_length=255),
    )
    audit_log(action="guidance.recorded", actor=actor, obj=session)
    return session


@transaction.atomic
def hotline_call_record(
    *,
    at: dt.datetime,
    topic: str = "",
    caller_phone: str = "",
    duration_seconds: Any = 0,
    outcome: str = "",
    actor: Any = None,
) -> HotlineCall:
    call = HotlineCall.objects.create(
        at=datetime_in_range(at, field="at"),
        topic=text_within(topic, field="topic", max_length=255),
        caller_phone=text_within(caller_phone, field="caller_phone", max_length=16),
        duration_seconds=bounded_int(duration_seconds, field="duration_seconds", maximum=MAX_CALL_SECONDS),
        outcome=text_within(outcome, field="outcome", max_length=255),
    )
    audit_log(action="hotline_call.recorded", actor=actor, obj=call)
    return call


@transaction.atomic
def survey_record(
    *,
    at: dt.datetime,
    satisfaction: str,
    attitude: str,
    dossier: Any = None,
    officer: Any = None,
    actor: Any = None,
) -> Survey:
    if satisfaction not in Survey.Satisfaction.values:
        raise ValidationError({"satisfaction": [_("Choose one of the listed satisfaction answers.")]})
    if attitude not in Survey.Attitude.values:
        raise ValidationError({"attitude": [_("Choose one of the listed attitude answers.")]})
    if dossier is not None and Survey.objects.select_for_update().filter(dossier=dossier).exists():
        raise ValidationError({"dossier": [_("This dossier already has a survey answer.")]})
    survey = Survey.objects.create(
        at=datetime_in_range(at, field="at"),
        satisfaction=satisfaction,
        attitude=attitude,
        dossier=dossier,
        officer=officer,
    )
    audit_log(action="survey.recorded", actor=actor, obj=survey, satisfaction=satisfaction, attitude=attitude)
    return survey
