"""Issue #15: an agency past its ``active_to`` (the district agencies abolished on 1 July 2025) neither
receives dossiers nor is given steps, and a process that names one cannot be published."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import ProcessStep
from motcua.catalogue.services import procedure_publish
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_consult, dossier_receive, dossier_submit
from motcua.organisation.models import Agency, StaffRole
from tests.conftest import Cast, make_agency, make_user
from tests.dossiers.factories import applicant, at, procedure_for, received

Role = StaffRole.Role


def district(cast: Cast) -> Agency:
    return make_agency("000.30.21.H49", "Phòng Tư pháp huyện Hoành Bồ", active_to=dt.date(2025, 6, 30))


def test_an_agency_past_its_end_date_receives_nothing_at_the_desk(cast: Cast) -> None:
    old = district(cast)
    make_user("district_clerk", old, Role.RECEIVING_CLERK)
    version = procedure_for(cast)
    version.competent_agencies.add(old)
    clerk = StaffRole.objects.get(agency=old).user
    with pytest.raises(DossierError, match="does not operate on 01/03/2027"):
        dossier_receive(
            actor=clerk, version=version, agency=old, applicant=applicant(), received_at=at("2027-03-01 08:00")
        )
    assert Dossier.objects.count() == 0


def test_nor_online_submissions(cast: Cast) -> None:
    with pytest.raises(DossierError):
        dossier_submit(
            version=procedure_for(cast),
            agency=district(cast),
            applicant=applicant(),
            submitted_at=at("2027-03-01 08:00"),
        )


def test_before_its_end_date_it_still_received(cast: Cast) -> None:
    old = district(cast)
    clerk = make_user("district_clerk", old, Role.RECEIVING_CLERK)
    version = procedure_for(cast)
    version.competent_agencies.add(old)
    dossier = dossier_receive(
        actor=clerk, version=version, agency=old, applicant=applicant(), received_at=at("2025-06-30 08:00")
    )
    assert dossier.status == Dossier.Status.RECEIVED


def test_a_step_is_never_given_to_an_agency_past_its_end_date(cast: Cast) -> None:
    version = procedure_for(cast)
    old = district(cast)
    for position, kind, role, agency in [
        (1, ProcessStep.Kind.RECEIVE, Role.RECEIVING_CLERK, None),
        (2, ProcessStep.Kind.APPRAISE, Role.OFFICER, old),
        (3, ProcessStep.Kind.RETURN, Role.RECEIVING_CLERK, None),
    ]:
        ProcessStep.objects.create(
            version=version, position=position, name=kind, kind=kind, role=role, agency=agency, budget_hours=Decimal(8)
        )
    version.save()
    with pytest.raises(DossierError, match="cannot receive dossiers or be given steps"):
        received(cast, version=version)
    assert Dossier.objects.count() == 0


def test_a_process_naming_an_agency_past_its_end_date_is_not_published(cast: Cast) -> None:
    version = procedure_for(cast)
    version.status = version.Status.DRAFT
    version.save()
    for position, kind, role in [(1, "receive", Role.RECEIVING_CLERK), (2, "return", Role.RECEIVING_CLERK)]:
        ProcessStep.objects.create(
            version=version, position=position, name=kind, kind=kind, role=role, agency=district(cast), budget_hours=1
        )
    with pytest.raises(ValidationError, match="stopped operating on 2025-06-30"):
        procedure_publish(version=version)


def test_no_consultation_goes_to_an_agency_past_its_end_date(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(DossierError):
        dossier_consult(actor=cast.officer, dossier=dossier, agency=district(cast), question="Xác minh")
