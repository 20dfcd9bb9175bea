"""Issue #15: ``Authorisation.can_appraise`` is enforced, authorisations are granted and revoked through
services with audit entries (the admin calls them), and process steps are saved the same way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.catalogue.models import ProcessStep
from motcua.catalogue.process import process_budget_problems
from motcua.catalogue.services import process_step_delete, process_step_save
from motcua.core.models import AuditLog
from motcua.dossiers.actions import allowed_actions
from motcua.dossiers.errors import IllegalTransition, NotPermitted
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import authorisation_grant, authorisation_revoke, dossier_approve, dossier_forward
from motcua.organisation.models import StaffRole
from tests.conftest import Cast, make_agency
from tests.dossiers.factories import at, procedure_for, received

Role = StaffRole.Role


def grant(cast: Cast, **fields: Any) -> Authorisation:
    values: dict[str, Any] = {
        "actor": cast.head,
        "decision_number": "15/QĐ-STP",
        "grantor_agency": cast.agency,
        "grantee": cast.leader,
        "valid_from": at("2027-01-01 00:00"),
        "valid_to": at("2027-12-31 00:00"),
    }
    values.update(fields)
    return authorisation_grant(**values)


def test_a_leader_without_an_appraisal_authorisation_cannot_appraise(cast: Cast) -> None:
    grant(cast, can_approve=True, can_appraise=False)
    dossier = received(cast)
    with pytest.raises(NotPermitted):
        dossier_forward(actor=cast.leader, dossier=dossier, at=at("2027-03-02 08:00"))


def test_an_authorisation_to_appraise_lets_its_holder_appraise(cast: Cast) -> None:
    grant(cast, can_approve=False, can_appraise=True)
    dossier = received(cast)
    dossier = dossier_forward(actor=cast.leader, dossier=dossier, at=at("2027-03-02 08:00"))
    assert dossier.status == Dossier.Status.IN_PROCESS
    # … but not approve: that needs can_approve
    with pytest.raises(NotPermitted):
        dossier_approve(actor=cast.leader, dossier=dossier, at=at("2027-03-03 08:00"))


def test_the_appraisal_authorisation_is_offered_only_while_valid(cast: Cast) -> None:
    grant(
        cast, can_approve=False, can_appraise=True, valid_from=at("2016-01-01 00:00"), valid_to=at("2039-01-01 00:00")
    )
    assert "forward" in allowed_actions(cast.leader, received(cast))
    Authorisation.objects.update(valid_to=at("2016-02-01 00:00"))
    assert "forward" not in allowed_actions(cast.leader, received(cast))


def test_granting_and_revoking_are_audited(cast: Cast) -> None:
    version = procedure_for(cast)
    authorisation = grant(cast, can_appraise=True, procedures=[version.procedure])
    entry = AuditLog.objects.get(action="authorisation.granted")
    assert entry.data["procedures"] == [version.procedure.code]
    assert (entry.data["can_appraise"], entry.data["grantee"]) == (True, "leader")
    authorisation_revoke(actor=cast.head, authorisation=authorisation, at=at("2027-06-01 00:00"))
    authorisation.refresh_from_db()
    assert authorisation.revoked_at == at("2027-06-01 00:00")
    assert AuditLog.objects.filter(action="authorisation.revoked").count() == 1
    with pytest.raises(IllegalTransition):
        authorisation_revoke(actor=cast.head, authorisation=authorisation)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"decision_number": "  "}, "decision_number"),
        ({"can_approve": False, "can_appraise": False}, "can_approve"),
        ({"valid_to": at("2026-12-31 00:00")}, "valid_to"),
    ],
)
def test_a_bad_authorisation_is_refused(cast: Cast, fields: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        grant(cast, **fields)
    assert refused.value.code == code
    assert not Authorisation.objects.exists()


def test_revoking_in_the_admin_goes_through_the_service(cast: Cast) -> None:
    authorisation = grant(cast)
    root = get_user_model().objects.create_superuser(username="root", password="x", email="root@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(root)
    response = client.post(
        f"/admin/dossiers/authorisation/{authorisation.pk}/change/",
        {
            "decision_number": "15/QĐ-STP",
            "grantor_agency": cast.agency.pk,
            "grantee": cast.leader.pk,
            "can_approve": "on",
            "valid_from_0": "2027-01-01",
            "valid_from_1": "00:00:00",
            "valid_to_0": "2027-12-31",
            "valid_to_1": "00:00:00",
            "revoked_at_0": "2027-05-01",
            "revoked_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content
    authorisation.refresh_from_db()
    assert authorisation.revoked_at == at("2027-05-01 00:00")
    assert AuditLog.objects.filter(action="authorisation.revoked").count() == 1


def test_process_steps_are_saved_and_deleted_with_audit_entries(cast: Cast) -> None:
    version = procedure_for(cast)
    step = process_step_save(
        actor=cast.head,
        step=ProcessStep(
            version=version,
            position=1,
            name="Tiếp nhận",
            kind="receive",
            role=Role.RECEIVING_CLERK,
            budget_hours=Decimal(2),
        ),
    )
    step.budget_hours = Decimal(3)
    process_step_save(actor=cast.head, step=step)
    changed = AuditLog.objects.get(action="process_step.changed")
    assert changed.data["changes"]["budget_hours"] == ["2.00", "3"]
    process_step_delete(actor=cast.head, step=step)
    assert [e.action for e in AuditLog.objects.filter(action__startswith="process_step.").order_by("id")] == [
        "process_step.added",
        "process_step.changed",
        "process_step.deleted",
    ]
    with pytest.raises(ValidationError):
        process_step_save(
            actor=cast.head,
            step=ProcessStep(
                version=version,
                position=1,
                name="x",
                kind="receive",
                role=Role.RECEIVING_CLERK,
                budget_hours=Decimal(0),
            ),
        )


def test_a_parallel_group_names_exactly_one_lead(cast: Cast) -> None:
    version = procedure_for(cast)
    other = make_agency("000.00.30.H49", "Sở Xây dựng")
    rows = [
        (1, "", "receive", Role.RECEIVING_CLERK, None, False),
        (2, "A", "inter_agency", Role.OFFICER, cast.agency, False),
        (2, "A", "inter_agency", Role.OFFICER, other, False),
        (3, "", "return", Role.RECEIVING_CLERK, None, False),
    ]
    steps = [
        ProcessStep.objects.create(
            version=version,
            position=p,
            parallel_group=g,
            name=k,
            kind=k,
            role=r,
            agency=a,
            is_lead=lead,
            budget_hours=2,
        )
        for p, g, k, r, a, lead in rows
    ]
    assert "exactly one lead step; it has 0" in " ".join(process_budget_problems(version))
    ProcessStep.objects.filter(pk=steps[1].pk).update(is_lead=True)
    assert process_budget_problems(version) == []
    ProcessStep.objects.filter(pk=steps[0].pk).update(is_lead=True)
    assert "runs in no parallel group" in " ".join(process_budget_problems(version))
