"""Liên thông: sequential and parallel steps across agencies, budgets checked against the statutory limit."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from motcua.catalogue.models import ProcedureVersion, ProcessStep
from motcua.catalogue.services import procedure_publish
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_late_agencies, dossier_time_by_agency
from motcua.dossiers.services import dossier_approve, dossier_forward
from motcua.organisation.models import StaffRole
from tests.conftest import Cast, make_agency, make_user
from tests.dossiers.factories import at, procedure_for, received

Role = StaffRole.Role
K = ProcessStep.Kind


def inter_agency_process(cast: Cast, version: ProcedureVersion, tax_hours: int = 16) -> None:
    tax = make_agency("000.00.50.H49", "Thuế tỉnh")
    make_user("tax_officer", tax, Role.OFFICER)
    steps = [
        (1, "", "Tiếp nhận", K.RECEIVE, None, Role.RECEIVING_CLERK, 4),
        (2, "", "Thẩm định", K.APPRAISE, cast.agency, Role.OFFICER, 16),
        (3, "A", "Xác định nghĩa vụ thuế", K.INTER_AGENCY, tax, Role.OFFICER, tax_hours),
        (3, "A", "Xác minh hiện trạng", K.INTER_AGENCY, cast.other_agency, Role.OFFICER, 8),
        (4, "", "Phê duyệt", K.APPROVE, cast.agency, Role.APPROVER, 8),
        (5, "", "Trả kết quả", K.RETURN, None, Role.RECEIVING_CLERK, 4),
    ]
    for position, group, name, kind, agency, role, hours in steps:
        ProcessStep.objects.create(
            version=version,
            position=position,
            parallel_group=group,
            name=name,
            kind=kind,
            agency=agency,
            role=role,
            budget_hours=Decimal(hours),
        )


def test_parallel_branches_must_all_finish_before_the_next_step(cast: Cast) -> None:
    version = procedure_for(cast, days=10)
    inter_agency_process(cast, version)
    from django.contrib.auth import get_user_model

    tax_officer = get_user_model().objects.get(username="tax_officer")
    dossier = received(cast, "2027-03-01 08:00", version=version)
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    open_agencies = sorted(t.agency.name for t in dossier.tasks.filter(finished_at__isnull=True))
    assert open_agencies == ["Sở Xây dựng", "Thuế tỉnh"]
    dossier = dossier_forward(actor=cast.other_officer, dossier=dossier, at=at("2027-03-02 10:00"))
    assert not dossier.tasks.filter(kind=K.APPROVE).exists()
    dossier = dossier_forward(actor=tax_officer, dossier=dossier, at=at("2027-03-08 10:00"))  # late: budget 16 h
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-08 11:00"))
    assert dossier.status == Dossier.Status.FINISHED
    assert dossier_late_agencies(dossier) == ["000.00.50.H49"]
    by_agency = {a.identifier: a for a in dossier_time_by_agency(dossier)}
    assert by_agency["000.00.50.H49"].used_minutes > by_agency["000.00.50.H49"].budget_minutes
    assert by_agency["000.00.30.H49"].verdict == "on_time"


def test_a_process_longer_than_the_statutory_limit_cannot_be_published(cast: Cast) -> None:
    version = procedure_for(cast, days=5)  # 40 working hours
    version.status = ProcedureVersion.Status.DRAFT
    version.save()
    inter_agency_process(cast, version, tax_hours=30)  # 4 + 16 + 30 + 8 + 4 = 62 h (parallel counts once)
    with pytest.raises(ValidationError, match="62 working hours"):
        procedure_publish(version=version)


def test_the_approvals_report_names_the_authority(cast: Cast) -> None:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))
    out = StringIO()
    call_command("approvals-report", "--from", "2027-03-01", "--to", "2027-03-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[1].endswith(",approved,head,000.00.20.H49,head:000.00.20.H49")
