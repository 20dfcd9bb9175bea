"""Issue #15: a dossier that became overdue and is then paused (statuses 5 and 6) still counts as late;
one paused before its due date does not."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import due_band, overdue_by_agency, quality_late
from motcua.dossiers.services import dossier_request_fees, dossier_request_supplement, dossier_verdict
from motcua.workdays.services import calendar_load
from tests.conftest import Cast
from tests.dossiers.factories import at, procedure_for, received


def overdue(cast: Cast) -> Dossier:
    version = procedure_for(cast, code="2.000489", days=1)
    return received(cast, "2027-03-01 08:00", version=version)  # due 2 March 08:00


def test_a_dossier_paused_for_fees_after_its_due_date_is_still_late(cast: Cast) -> None:
    dossier = dossier_request_fees(actor=cast.officer, dossier=overdue(cast), at=at("2027-03-03 08:00"))
    assert dossier.status == Dossier.Status.FEES_DUE
    now = at("2027-03-05 08:00")
    assert dossier_verdict(dossier, now=now) == Dossier.Verdict.LATE
    assert dossier.is_overdue(now)
    assert due_band(dossier, now, calendar_load()) == "overdue"
    assert [row["count"] for row in overdue_by_agency(now)] == [1]
    assert list(quality_late(Dossier.objects.all(), now=now)) == [dossier]


def test_a_dossier_sent_back_for_supplements_after_its_due_date_is_still_late(cast: Cast, settings: Any) -> None:
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=overdue(cast), missing="CCCD", at=at("2027-03-03 08:00")
    )
    assert dossier.status == Dossier.Status.SUPPLEMENT
    now = at("2027-03-05 08:00")
    assert dossier_verdict(dossier, now=now) == Dossier.Verdict.LATE
    assert [row["count"] for row in overdue_by_agency(now)] == [1]


def test_a_dossier_paused_before_its_due_date_is_not_late_while_it_waits(cast: Cast) -> None:
    dossier = dossier_request_fees(actor=cast.officer, dossier=overdue(cast), at=at("2027-03-01 09:00"))
    now = at("2027-03-05 08:00")
    assert dossier_verdict(dossier, now=now) == Dossier.Verdict.PENDING
    assert not dossier.is_overdue(now)
    assert due_band(dossier, now, calendar_load()) == "paused"
    assert overdue_by_agency(now) == []
    assert list(quality_late(Dossier.objects.all(), now=now)) == []
