"""Issue #15, the apology (form 04): at least one working day before the due date (a setting), a new
date in working time, and signed only by the head of the agency or a person that head authorised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.errors import IllegalTransition, NotPermitted
from motcua.dossiers.models import Authorisation, Transition
from motcua.dossiers.services import dossier_apologise
from tests.conftest import Cast
from tests.dossiers.factories import at, received

NEW_DATE = at("2027-03-22 10:00")  # a Monday morning


def test_the_head_apologises_at_least_one_working_day_before_the_due_date(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")  # due 15 March 08:00
    dossier = dossier_apologise(
        actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=NEW_DATE, at=at("2027-03-12 08:00")
    )
    assert dossier.due_at == NEW_DATE
    row = Transition.objects.get(dossier=dossier, action="apologised")
    assert row.authority == f"head:{cast.agency.identifier}"


def test_an_apology_within_the_last_working_day_is_refused_with_the_reason(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(IllegalTransition, match="at least 1 working day"):
        dossier_apologise(
            actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=NEW_DATE, at=at("2027-03-12 08:01")
        )
    dossier.refresh_from_db()
    assert not dossier.apologised


def test_an_overdue_dossier_can_no_longer_be_apologised_for(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(IllegalTransition):
        dossier_apologise(actor=cast.head, dossier=dossier, reason="x", new_due_at=NEW_DATE, at=at("2027-03-16 08:00"))


def test_the_lead_time_is_a_setting(cast: Cast, settings: Any) -> None:
    settings.APOLOGY_LEAD_DAYS = 2
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(IllegalTransition, match="at least 2 working day"):
        dossier_apologise(actor=cast.head, dossier=dossier, reason="x", new_due_at=NEW_DATE, at=at("2027-03-11 09:00"))


@pytest.mark.parametrize("new_date", ["2027-03-20 10:00", "2027-03-22 12:00", "2027-03-22 18:00", "2027-03-22 06:00"])
def test_the_new_date_must_be_in_working_time(cast: Cast, new_date: str) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(ValidationError) as refused:
        dossier_apologise(
            actor=cast.head, dossier=dossier, reason="x", new_due_at=at(new_date), at=at("2027-03-05 08:00")
        )
    assert refused.value.code == "new_due_at"


def test_the_end_of_the_afternoon_is_working_time(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_apologise(
        actor=cast.head, dossier=dossier, reason="x", new_due_at=at("2027-03-22 17:00"), at=at("2027-03-05 08:00")
    )
    assert dossier.apologised


@pytest.mark.parametrize("who", ["officer", "leader", "clerk"])
def test_only_the_head_may_apologise(cast: Cast, who: str) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(NotPermitted):
        dossier_apologise(
            actor=getattr(cast, who), dossier=dossier, reason="x", new_due_at=NEW_DATE, at=at("2027-03-05 08:00")
        )


def test_a_person_holding_a_valid_authorisation_may_apologise(cast: Cast) -> None:
    Authorisation.objects.create(
        decision_number="15/QĐ-STP",
        grantor_agency=cast.agency,
        grantee=cast.leader,
        valid_from=at("2027-01-01 00:00"),
        valid_to=at("2027-12-31 00:00"),
    )
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_apologise(
        actor=cast.leader, dossier=dossier, reason="x", new_due_at=NEW_DATE, at=at("2027-03-05 08:00")
    )
    assert Transition.objects.get(dossier=dossier, action="apologised").authority == "authorisation:15/QĐ-STP"
    expired = received(cast, "2027-03-01 08:00")
    with pytest.raises(NotPermitted):
        dossier_apologise(
            actor=cast.leader,
            dossier=expired,
            reason="x",
            new_due_at=NEW_DATE,
            at=at("2027-03-05 08:00") + dt.timedelta(days=400),
        )
