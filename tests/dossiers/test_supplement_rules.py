"""Issue #15, rules on supplements: the legal window after reception, lateness that a supplement never
wipes, and the supplement count the quality index reads."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.actions import allowed_actions
from motcua.dossiers.errors import IllegalTransition
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import quality_late, supplement_summary
from motcua.dossiers.services import (
    dossier_approve,
    dossier_forward,
    dossier_request_supplement,
    dossier_resubmit,
    dossier_verdict,
)
from tests.conftest import Cast
from tests.dossiers.factories import at, procedure_for, received


def test_more_documents_may_be_asked_for_within_three_working_days_of_reception(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")  # Monday
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=dossier, missing="Bản sao CCCD", at=at("2027-03-04 08:00")
    )
    assert dossier.status == Dossier.Status.SUPPLEMENT


def test_a_supplement_request_after_the_window_is_refused_with_the_reason(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    with pytest.raises(IllegalTransition, match="within 3 working days of reception"):
        dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-04 08:01"))
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED
    assert dossier.supplement_count == 0


def test_the_window_is_a_setting(cast: Cast, settings: Any) -> None:
    settings.SUPPLEMENT_WINDOW_DAYS = 5
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-05 16:00"))
    assert dossier.status == Dossier.Status.SUPPLEMENT


def test_the_window_is_not_offered_once_it_has_passed(cast: Cast) -> None:
    dossier = received(cast, "2015-03-02 08:00")
    assert "request_supplement" not in allowed_actions(cast.officer, dossier)
    assert "request_supplement" in allowed_actions(cast.officer, received(cast, "2039-03-01 08:00"))


def test_the_window_counts_again_from_the_resubmission(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-02 08:00"))
    dossier = dossier_resubmit(actor=cast.clerk, dossier=dossier, at=at("2027-03-10 08:00"))
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="Ảnh", at=at("2027-03-12 08:00"))
    assert dossier.supplement_count == 2


def test_a_late_dossier_stays_late_after_a_supplement_and_its_resubmission(cast: Cast, settings: Any) -> None:
    settings.SUPPLEMENT_WINDOW_DAYS = 5
    version = procedure_for(cast, code="2.000489", days=1)
    dossier = received(cast, "2027-03-01 08:00", version=version)  # due 2 March 08:00
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-03 08:00"))
    assert dossier_verdict(dossier, now=at("2027-03-03 09:00")) == Dossier.Verdict.LATE
    dossier = dossier_resubmit(actor=cast.clerk, dossier=dossier, at=at("2027-03-04 08:00"))
    assert dossier.due_at == at("2027-03-05 08:00")  # a fresh clock for the work …
    assert dossier_verdict(dossier, now=at("2027-03-04 09:00")) == Dossier.Verdict.LATE  # … but still late
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-04 09:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-04 10:00"))
    assert dossier_verdict(dossier) == Dossier.Verdict.LATE
    assert dossier.is_overdue()
    assert list(quality_late(Dossier.objects.all(), now=at("2027-03-04 11:00"))) == [dossier]


def test_an_on_time_dossier_is_not_marked_late_by_a_supplement(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-02 08:00"))
    dossier = dossier_resubmit(actor=cast.clerk, dossier=dossier, at=at("2027-03-10 08:00"))
    assert not dossier.late_before_supplement
    assert dossier_verdict(dossier, now=at("2027-03-11 08:00")) == Dossier.Verdict.PENDING


def test_more_than_one_supplement_request_counts_as_late_for_the_quality_index(cast: Cast) -> None:
    once = received(cast, "2027-03-01 08:00")
    once = dossier_request_supplement(actor=cast.officer, dossier=once, missing="CCCD", at=at("2027-03-02 08:00"))
    twice = received(cast, "2027-03-01 08:00")
    twice = dossier_request_supplement(actor=cast.officer, dossier=twice, missing="CCCD", at=at("2027-03-02 08:00"))
    twice = dossier_resubmit(actor=cast.clerk, dossier=twice, at=at("2027-03-03 08:00"))
    twice = dossier_request_supplement(actor=cast.officer, dossier=twice, missing="Ảnh", at=at("2027-03-04 08:00"))
    received(cast, "2027-03-01 08:00")
    now = at("2027-03-05 08:00")
    assert list(quality_late(Dossier.objects.all(), now=now)) == [twice]
    assert supplement_summary(Dossier.objects.all()) == {"supplemented": 2, "more_than_once": 1, "requests": 3}
