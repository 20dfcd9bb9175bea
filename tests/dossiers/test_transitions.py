"""Every action: allowed from the states the rules allow, refused with a reason from the others."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.actions import allowed_actions
from motcua.dossiers.errors import Conflict, DossierError, IllegalTransition, NotPermitted
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import (
    dossier_apologise,
    dossier_approve,
    dossier_assign,
    dossier_consult,
    dossier_forward,
    dossier_pay_fees,
    dossier_receive,
    dossier_refuse,
    dossier_reject,
    dossier_reply,
    dossier_request_fees,
    dossier_request_supplement,
    dossier_resubmit,
    dossier_return_result,
    dossier_stop,
    dossier_submit,
    dossier_withdraw,
)
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received

S = Dossier.Status


def submitted(cast: Cast, when: str = "2027-03-01 08:00") -> Dossier:
    return dossier_submit(version=procedure_for(cast), agency=cast.agency, applicant=applicant(), submitted_at=at(when))


def appraised(cast: Cast) -> Dossier:
    return dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))


def finished(cast: Cast) -> Dossier:
    return dossier_approve(actor=cast.head, dossier=appraised(cast), at=at("2027-03-03 08:00"))


def test_an_online_submission_has_a_code_but_no_due_date_until_received(cast: Cast) -> None:
    dossier = submitted(cast)
    assert dossier.status == S.SUBMITTED
    assert dossier.code and dossier.due_at is None
    dossier = dossier_receive(actor=cast.clerk, dossier=dossier, received_at=at("2027-03-02 08:00"))
    assert dossier.status == S.RECEIVED
    assert dossier.due_at == at("2027-03-16 08:00")


def test_a_submission_can_be_refused_with_a_reason(cast: Cast) -> None:
    dossier = submitted(cast)
    with pytest.raises(DossierError):
        dossier_refuse(actor=cast.clerk, dossier=dossier, reason="  ")
    dossier = dossier_refuse(actor=cast.clerk, dossier=dossier, reason="Không thuộc thẩm quyền")
    assert dossier.status == S.REFUSED


def test_a_received_dossier_cannot_be_refused_at_reception(cast: Cast) -> None:
    with pytest.raises(IllegalTransition, match="cannot be"):
        dossier_refuse(actor=cast.clerk, dossier=received(cast), reason="x")


def test_receiving_needs_a_clerk_of_the_receiving_agency(cast: Cast) -> None:
    with pytest.raises(NotPermitted):
        dossier_receive(actor=cast.other_clerk, version=procedure_for(cast), agency=cast.agency, applicant=applicant())


def test_bad_identity_and_phone_are_refused_and_nothing_is_written(cast: Cast) -> None:
    version = procedure_for(cast)
    for bad in (applicant(id_number="12345"), applicant(phone="12")):
        with pytest.raises(ValidationError):
            dossier_receive(actor=cast.clerk, version=version, agency=cast.agency, applicant=bad)
    assert Dossier.objects.count() == 0


def test_supplement_then_resubmission_restarts_the_clock(cast: Cast) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=dossier, missing="Bản sao CCCD", at=at("2027-03-03 08:00")
    )
    assert dossier.status == S.SUPPLEMENT
    assert "resubmit" in allowed_actions(cast.clerk, dossier)
    with pytest.raises(IllegalTransition):
        dossier_forward(actor=cast.officer, dossier=dossier)
    dossier = dossier_resubmit(actor=cast.clerk, dossier=dossier, at=at("2027-03-10 08:00"))
    assert dossier.status == S.RECEIVED
    assert dossier.due_at == at("2027-03-24 08:00")  # 10 working days from the resubmission
    assert dossier.supplement_count == 1


def test_fees_pause_the_clock_and_moves_the_due_date_by_the_paused_time(cast: Cast) -> None:
    dossier = appraised(cast)
    due = dossier.due_at
    dossier = dossier_request_fees(actor=cast.head, dossier=dossier, at=at("2027-03-04 08:00"))
    assert dossier.status == S.FEES_DUE
    dossier = dossier_pay_fees(actor=cast.clerk, dossier=dossier, at=at("2027-03-05 08:00"))
    assert dossier.status == S.IN_PROCESS
    assert dossier.paused_minutes == 480
    assert dossier.due_at == due + dt.timedelta(days=1)


def test_time_accounting_across_tet_with_a_paused_clock(cast: Cast) -> None:
    # Received Wed 3 Feb 2027 16:10; 5 working days cross the Tết break (due 17 Feb 16:10).
    dossier = received(cast, "2027-02-03 16:10", version=procedure_for(cast, days=5))
    assert dossier.due_at == at("2027-02-17 16:10")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-02-03 16:30"))
    dossier = dossier_request_fees(actor=cast.head, dossier=dossier, at=at("2027-02-03 16:50"))
    # 4–10 Feb are Tết days off. Paid Mon 15 Feb 09:00: paused working time = 3 Feb 16:50–17:00 (10 min)
    # + Thu 11 and Fri 12 Feb (2 × 480) + 15 Feb 07:00–09:00 (120) = 1090 minutes.
    dossier = dossier_pay_fees(actor=cast.clerk, dossier=dossier, at=at("2027-02-15 09:00"))
    assert dossier.paused_minutes == 1090
    # 17 Feb 16:10 + 1090 working minutes: 50 that day, 480 on the 18th, 480 on the 19th, 80 on Mon 22nd.
    assert dossier.due_at == at("2027-02-22 08:20")


def test_assignment_needs_a_leader_and_an_assignee_with_the_role(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(NotPermitted):
        dossier_assign(actor=cast.officer, dossier=dossier, assignee=cast.officer)
    with pytest.raises(DossierError):
        dossier_assign(actor=cast.head, dossier=dossier, assignee=cast.clerk)
    dossier = dossier_assign(actor=cast.head, dossier=dossier, assignee=cast.officer)
    assert dossier.status == S.IN_PROCESS
    assert dossier.tasks.get(finished_at__isnull=True).assignee == cast.officer


def test_a_consultation_must_be_answered_before_forwarding(cast: Cast) -> None:
    dossier = received(cast)
    dossier = dossier_consult(
        actor=cast.officer, dossier=dossier, agency=cast.other_agency, question="Xác minh", hours=4
    )
    with pytest.raises(IllegalTransition, match="consultation"):
        dossier_forward(actor=cast.officer, dossier=dossier)
    with pytest.raises(NotPermitted):
        dossier_reply(actor=cast.officer, dossier=dossier, answer="Đã xác minh")
    dossier = dossier_reply(actor=cast.other_officer, dossier=dossier, answer="Đã xác minh")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier)
    assert dossier.status == S.IN_PROCESS


def test_an_approver_without_authorisation_cannot_approve(cast: Cast) -> None:
    dossier = appraised(cast)
    assert "approve" not in allowed_actions(cast.leader, dossier)
    with pytest.raises(NotPermitted, match="authorisation"):
        dossier_approve(actor=cast.leader, dossier=dossier)


def test_an_authorisation_lets_a_leader_approve_only_within_its_period_and_procedures(cast: Cast) -> None:
    dossier = appraised(cast)
    authorisation = Authorisation.objects.create(
        decision_number="12/QĐ-STP",
        grantor_agency=cast.agency,
        grantee=cast.leader,
        valid_from=at("2027-01-01 00:00"),
        valid_to=at("2027-03-31 23:59"),
    )
    with pytest.raises(NotPermitted):
        dossier_approve(actor=cast.leader, dossier=dossier, at=at("2027-04-01 08:00"))
    other = procedure_for(cast, code="1.000000").procedure
    authorisation.procedures.add(other)
    with pytest.raises(NotPermitted):
        dossier_approve(actor=cast.leader, dossier=dossier, at=at("2027-03-05 08:00"))
    authorisation.procedures.add(dossier.version.procedure)
    dossier = dossier_approve(actor=cast.leader, dossier=dossier, at=at("2027-03-05 08:00"))
    assert dossier.status == S.FINISHED
    assert dossier.transitions.get(action="approved").authority == "authorisation:12/QĐ-STP"


def test_a_revoked_authorisation_no_longer_counts(cast: Cast) -> None:
    dossier = appraised(cast)
    Authorisation.objects.create(
        decision_number="13/QĐ-STP",
        grantor_agency=cast.agency,
        grantee=cast.leader,
        valid_from=at("2027-01-01 00:00"),
        valid_to=at("2027-12-31 00:00"),
        revoked_at=at("2027-03-02 00:00"),
    )
    with pytest.raises(NotPermitted):
        dossier_approve(actor=cast.leader, dossier=dossier, at=at("2027-03-05 08:00"))


def test_rejection_needs_a_reason_and_finishes_with_a_refusal(cast: Cast) -> None:
    dossier = appraised(cast)
    with pytest.raises(DossierError):
        dossier_reject(actor=cast.head, dossier=dossier, reason="")
    dossier = dossier_reject(actor=cast.head, dossier=dossier, reason="Không đủ điều kiện")
    assert (dossier.status, dossier.outcome) == (S.FINISHED, "refused")


def test_the_due_date_may_be_reset_only_once(cast: Cast) -> None:
    dossier = received(cast)
    later = dossier.due_at + dt.timedelta(days=7)
    with pytest.raises(DossierError):
        dossier_apologise(actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=dossier.due_at)
    dossier = dossier_apologise(actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=later)
    assert dossier.due_at == later and dossier.original_due_at != later
    with pytest.raises(IllegalTransition, match="only once"):
        dossier_apologise(actor=cast.head, dossier=dossier, reason="x", new_due_at=later + dt.timedelta(days=1))


def test_stop_needs_a_leader(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(NotPermitted):
        dossier_stop(actor=cast.officer, dossier=dossier, reason="Theo yêu cầu")
    assert dossier_stop(actor=cast.leader, dossier=dossier, reason="Theo yêu cầu").status == S.STOPPED


def test_withdrawal_is_recorded_by_a_clerk_and_is_final(cast: Cast) -> None:
    dossier = dossier_withdraw(actor=cast.clerk, dossier=received(cast), reason="Công dân rút hồ sơ")
    assert dossier.status == S.WITHDRAWN
    assert allowed_actions(cast.clerk, dossier) == []
    with pytest.raises(IllegalTransition):
        dossier_withdraw(actor=cast.clerk, dossier=dossier)


def test_a_finished_dossier_is_returned_only_by_a_clerk(cast: Cast) -> None:
    dossier = finished(cast)
    assert allowed_actions(cast.clerk, dossier) == ["return_result"]
    with pytest.raises(NotPermitted):
        dossier_return_result(actor=cast.officer, dossier=dossier)
    dossier = dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="Nguyễn Văn An")
    assert dossier.status == S.RETURNED
    assert dossier.result_collected_by == "Nguyễn Văn An"


def test_a_stale_lock_version_is_a_conflict(cast: Cast) -> None:
    dossier = received(cast)
    stale = dossier.lock_version
    dossier_forward(actor=cast.officer, dossier=dossier, expected_lock_version=stale)
    with pytest.raises(Conflict):
        dossier_request_fees(actor=cast.head, dossier=dossier, expected_lock_version=stale)


def test_allowed_actions_follow_the_role(cast: Cast) -> None:
    dossier = received(cast)
    assert "forward" in allowed_actions(cast.officer, dossier)
    assert "forward" not in allowed_actions(cast.clerk, dossier)
    assert allowed_actions(cast.other_clerk, dossier) == []
    assert "withdraw" in allowed_actions(cast.clerk, dossier)


def test_verdicts_per_step_and_for_the_dossier(cast: Cast) -> None:
    from motcua.dossiers.services import dossier_verdict

    dossier = received(cast, "2027-03-01 08:00")
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-12 16:00"))  # late appraisal
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-12 16:30"))
    appraisal = dossier.tasks.get(kind="appraise")
    assert appraisal.verdict == "late"
    assert dossier_verdict(dossier) == "early"  # the dossier as a whole is still before 15 March
    assert Decimal(appraisal.used_minutes) > appraisal.budget_minutes


def test_refusals_are_explained_in_vietnamese_by_default(cast: Cast) -> None:
    from django.utils import translation

    dossier = received(cast)
    with translation.override("vi"), pytest.raises(IllegalTransition) as caught:
        dossier_return_result(actor=cast.clerk, dossier=dossier)
    assert caught.value.message == "Hồ sơ đang ở trạng thái “đã tiếp nhận”, không thể thực hiện thao tác “trả kết quả”."


def test_reception_lists_every_missing_or_short_document_in_one_go(cast: Cast) -> None:
    from motcua.catalogue.records import DocumentRecord
    from motcua.dossiers.services import ReceivedDocument

    version = procedure_for(
        cast,
        documents=[
            DocumentRecord(name="Tờ khai", originals=1),
            DocumentRecord(name="Bản sao CCCD", copies=1),
            DocumentRecord(name="Giấy ủy quyền", group="Trường hợp ủy quyền", originals=1),
        ],
    )
    form, id_copy = version.documents.order_by("position")[:2]
    with pytest.raises(DossierError) as caught:
        dossier_receive(
            actor=cast.clerk,
            version=version,
            agency=cast.agency,
            applicant=applicant(),
            documents=[ReceivedDocument(name="Tờ khai", originals=0, copies=1, required_id=form.pk)],
        )
    assert "Tờ khai: 1 original(s) and 0 copy(ies) required" in caught.value.message
    assert "missing: Bản sao CCCD" in caught.value.message
    assert "Giấy ủy quyền" not in caught.value.message
    dossier = dossier_receive(
        actor=cast.clerk,
        version=version,
        agency=cast.agency,
        applicant=applicant(),
        documents=[
            ReceivedDocument(name="Tờ khai", originals=1, required_id=form.pk),
            ReceivedDocument(name="Bản sao CCCD", copies=1, required_id=id_copy.pk),
        ],
    )
    assert dossier.documents.count() == 2
