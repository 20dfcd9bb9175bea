import re

import pytest

from motcua.dossiers.errors import IllegalTransition, NotPermitted
from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.services import (
    dossier_approve,
    dossier_forward,
    dossier_return_result,
)
from tests.conftest import Cast
from tests.dossiers.factories import at, received

S = Dossier.Status


def test_a_counter_dossier_gets_a_code_and_a_due_date(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    assert re.fullmatch(r"000\.00\.20\.H49-270301-0001", dossier.code or "")
    assert dossier.status == S.RECEIVED
    assert dossier.due_at == at("2027-03-15 08:00")
    assert dossier.applicant_phone == "+84912345678"


def test_numbers_restart_each_day_per_agency(cast: Cast) -> None:
    codes = [received(cast, when).code for when in ("2027-03-01 08:00", "2027-03-01 09:00", "2027-03-02 08:00")]
    assert [c.rsplit("-", 2)[1:] for c in codes] == [["270301", "0001"], ["270301", "0002"], ["270302", "0001"]]


def test_full_lifecycle_receive_appraise_approve_return(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, note="Đủ điều kiện", at=at("2027-03-03 09:00"))
    assert dossier.status == S.IN_PROCESS
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-04 09:00"))
    assert dossier.status == S.FINISHED
    dossier = dossier_return_result(
        actor=cast.clerk, dossier=dossier, collected_by="Nguyễn Văn An", at=at("2027-03-05 09:00")
    )
    assert dossier.status == S.RETURNED
    actions = list(Transition.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert actions == ["received", "forwarded", "approved", "returned"]


def test_a_clerk_of_another_agency_cannot_forward(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(NotPermitted):
        dossier_forward(actor=cast.other_officer, dossier=dossier)


def test_returning_an_unfinished_dossier_is_illegal(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(IllegalTransition):
        dossier_return_result(actor=cast.clerk, dossier=dossier)


def test_a_step_started_early_keeps_the_planned_window_so_deadlines_never_go_backwards(cast: Cast) -> None:
    from motcua.dossiers.services import dossier_forward

    dossier = received(cast, "2027-03-01 08:00")
    appraisal = dossier.tasks.get(finished_at__isnull=True)
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-01 09:00"), note="Đạt")
    approval = dossier.tasks.get(finished_at__isnull=True)
    assert approval.deadline >= appraisal.deadline
    deadlines = [t.deadline for t in dossier.tasks.order_by("position")]
    assert deadlines == sorted(deadlines)
    assert approval.deadline <= dossier.due_at
