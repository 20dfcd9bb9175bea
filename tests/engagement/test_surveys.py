"""Surveys: one per dossier, tied to the dossier, its counter and the officer who served; the regulation's
questions; a signed link per dossier in the result notice; results per agency and per officer."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_return_result
from motcua.engagement.models import Survey
from motcua.engagement.selectors import survey_results
from motcua.engagement.services import (
    survey_dossier_from_token,
    survey_open_for,
    survey_submit,
    survey_token,
    survey_url,
)
from tests.conftest import Cast
from tests.dossiers.factories import at, received

ANSWERS = {"time": "on_time", "contacts": "one", "information": "clear", "result": "correct", "costs": "as_listed"}


def returned(cast: Cast) -> Dossier:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 09:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 09:00"))
    return dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="An", at=at("2027-03-04 09:00"))


def test_a_survey_is_tied_to_the_dossier_its_agency_and_the_clerk_who_returned_it(cast: Cast) -> None:
    dossier = returned(cast)
    survey = survey_submit(
        dossier=dossier, source="online", satisfaction="satisfied", attitude="very_polite", answers=ANSWERS
    )
    assert (survey.dossier, survey.agency, survey.officer) == (dossier, cast.agency, cast.clerk)
    assert (survey.time, survey.contacts, survey.information, survey.result, survey.costs) == tuple(ANSWERS.values())


def test_a_dossier_still_in_processing_cannot_be_rated(cast: Cast) -> None:
    dossier = received(cast)
    assert not survey_open_for(dossier)
    with pytest.raises(ValidationError):
        survey_submit(dossier=dossier, source="online", satisfaction="satisfied", attitude="normal")


def test_a_dossier_is_rated_once_whatever_the_channel(cast: Cast) -> None:
    dossier = returned(cast)
    survey_submit(dossier=dossier, source="counter", satisfaction="satisfied", attitude="normal")
    assert not survey_open_for(dossier)
    with pytest.raises(ValidationError):
        survey_submit(dossier=dossier, source="link", satisfaction="neutral", attitude="normal")
    assert Survey.objects.count() == 1


def test_an_unknown_answer_to_a_regulation_question_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        survey_submit(
            dossier=returned(cast), source="online", satisfaction="satisfied", attitude="normal", answers={"costs": "x"}
        )
    with pytest.raises(ValidationError):
        survey_submit(
            dossier=returned(cast), source="online", satisfaction="satisfied", attitude="normal", answers={"age": "1"}
        )


def test_the_survey_token_names_its_dossier_and_a_forged_one_nothing(cast: Cast) -> None:
    dossier = returned(cast)
    token = survey_token(dossier)
    assert survey_dossier_from_token(token) == dossier
    assert survey_dossier_from_token(token[:-2] + "xx") is None
    assert survey_dossier_from_token("1:abc") is None
    assert survey_dossier_from_token("x" * 500) is None


def test_the_notice_link_is_per_dossier_when_the_survey_url_is_set(cast: Cast, settings: object) -> None:
    dossier = returned(cast)
    settings.NOTICE_SURVEY_URL = ""  # type: ignore[attr-defined]
    assert survey_url(dossier) == ""
    settings.NOTICE_SURVEY_URL = "https://motcua.example/khao-sat/"  # type: ignore[attr-defined]
    assert survey_url(dossier) == f"https://motcua.example/khao-sat/{survey_token(dossier)}/"


def test_results_count_answers_per_agency_and_per_officer(cast: Cast) -> None:
    first, second = returned(cast), returned(cast)
    survey_submit(dossier=first, source="online", satisfaction="very_satisfied", attitude="very_polite")
    survey_submit(dossier=second, source="online", satisfaction="dissatisfied", attitude="impolite")
    since, until = at("2000-01-01 00:00"), at("2099-01-01 00:00")
    [agency] = survey_results(since, until, by="agency")
    assert (agency.label, agency.answers, agency.satisfied_share, agency.impolite) == ("Sở Tư pháp", 2, 50.0, 1)
    [officer] = survey_results(since, until, by="officer")
    assert officer.label == "Nguyễn Thị Lan" and officer.attitude == {"very_polite": 1, "impolite": 1}


def test_the_survey_invitation_carries_the_dossiers_own_link(cast: Cast, settings: object) -> None:
    from motcua.notices.models import Notice

    settings.NOTICE_SURVEY_URL = "https://motcua.example/khao-sat/"  # type: ignore[attr-defined]
    dossier = returned(cast)
    invitation = Notice.objects.get(event="survey_invitation")
    assert f"https://motcua.example/khao-sat/{survey_token(dossier)}/" in invitation.text
