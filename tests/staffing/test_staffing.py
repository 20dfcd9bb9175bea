"""Seconded staff (#13): supervision records, scorecards from the database, who may see a card."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditLog
from motcua.dossiers.services import dossier_forward
from motcua.engagement.services import survey_record
from motcua.organisation.models import Counter, ServicePoint, StaffRole
from motcua.staffing import selectors
from motcua.staffing.exports import scorecards_xlsx
from motcua.staffing.models import OnboardingItem, Violation
from motcua.staffing.permissions import can_see_agency_scorecard, can_see_scorecard
from motcua.staffing.selectors import agency_scorecard, officer_scorecard
from motcua.staffing.services import (
    acknowledgement_record,
    inspection_record,
    posting_create,
    qualification_record,
    roster_assign,
    standard_create,
    violation_close,
    violation_record,
)
from tests.conftest import Cast, make_agency, make_user
from tests.dossiers.factories import at, procedure_for, received

pytestmark = pytest.mark.django_db

MARCH = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 3, 31)}


def _point(cast: Cast) -> tuple[ServicePoint, Counter]:
    point = ServicePoint.objects.create(
        name="Trung tâm PVHCC tỉnh", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=make_agency("000.00.01.H49")
    )
    return point, Counter.objects.create(service_point=point, number=3, agency=cast.agency)


def test_a_supervisor_records_an_inspection_and_a_violation_with_audit_entries(cast: Cast) -> None:
    inspection = inspection_record(actor=cast.supervisor, on=dt.date(2027, 3, 2), findings="Quầy 3 vắng 15 phút")
    violation = violation_record(
        actor=cast.supervisor,
        officer=cast.clerk,
        on=dt.date(2027, 3, 2),
        kind=Violation.Kind.DISCIPLINE,
        severity=Violation.Severity.MINOR,
        description="Rời quầy không báo",
        inspection=inspection,
    )
    violation_close(actor=cast.supervisor, violation=violation, follow_up="Đã nhắc nhở")
    violation.refresh_from_db()
    assert violation.closed_at is not None and "Đã nhắc nhở" in violation.follow_up
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"inspection.recorded", "violation.recorded", "violation.closed"} <= actions
    with pytest.raises(ValidationError):
        violation_close(actor=cast.supervisor, violation=violation)


def test_a_violation_needs_a_known_kind_and_severity_and_a_date_in_the_calendar(cast: Cast) -> None:
    base: dict[str, Any] = {
        "actor": cast.supervisor,
        "officer": cast.clerk,
        "on": dt.date(2027, 3, 2),
        "kind": "discipline",
        "severity": "minor",
        "description": "x",
    }
    for change in ({"kind": "rudeness"}, {"severity": "fatal"}, {"on": dt.date(1900, 1, 1)}, {"description": " "}):
        with pytest.raises(ValidationError):
            violation_record(**{**base, **change})
    assert not Violation.objects.exists()


def test_postings_qualifications_onboarding_and_roster_are_recorded(cast: Cast) -> None:
    point, counter = _point(cast)
    posting = posting_create(
        actor=cast.supervisor,
        user=cast.clerk,
        home_agency=cast.agency,
        service_point=point,
        counter=counter,
        starts_on=dt.date(2027, 1, 1),
    )
    assert posting.counter == counter
    standard = standard_create(actor=cast.supervisor, name="Kỹ năng giao tiếp")
    qualification_record(actor=cast.supervisor, user=cast.clerk, standard=standard, obtained_on=dt.date(2027, 1, 5))
    item = OnboardingItem.objects.create(title="Nội quy Trung tâm")
    first = acknowledgement_record(actor=cast.clerk, user=cast.clerk, item=item, acknowledged_on=dt.date(2027, 1, 2))
    again = acknowledgement_record(actor=cast.clerk, user=cast.clerk, item=item, acknowledged_on=dt.date(2027, 2, 2))
    assert again.pk == first.pk and again.acknowledged_on == dt.date(2027, 1, 2)
    roster_assign(actor=cast.supervisor, counter=counter, day=dt.date(2027, 3, 1), user=cast.clerk)
    entry = roster_assign(actor=cast.supervisor, counter=counter, day=dt.date(2027, 3, 1), user=cast.officer)
    assert counter.roster.get().user == cast.officer == entry.user
    other_point = ServicePoint.objects.create(name="Xã A", kind=ServicePoint.Kind.COMMUNE_DESK, agency=cast.agency)
    with pytest.raises(ValidationError):
        posting_create(
            actor=cast.supervisor,
            user=cast.clerk,
            home_agency=cast.agency,
            service_point=other_point,
            counter=counter,
            starts_on=dt.date(2027, 1, 1),
        )


def test_the_scorecard_counts_steps_on_time_late_surveys_and_violations(cast: Cast) -> None:
    version = procedure_for(cast)
    on_time = received(cast, version=version)
    late = received(cast, "2027-03-01 09:00", version=version)
    dossier_forward(actor=cast.officer, dossier=on_time, at=at("2027-03-02 09:00"))
    dossier_forward(actor=cast.officer, dossier=late, at=at("2027-03-26 09:00"))
    survey_record(at=at("2027-03-02 10:00"), satisfaction="very_satisfied", attitude="very_polite", officer=cast.clerk)
    survey_record(at=at("2027-03-03 10:00"), satisfaction="dissatisfied", attitude="impolite", officer=cast.clerk)
    violation_record(
        actor=cast.supervisor,
        officer=cast.clerk,
        on=dt.date(2027, 3, 3),
        kind="attitude",
        severity="moderate",
        description="Lớn tiếng với người dân",
    )
    officer = officer_scorecard(officer=cast.officer, **MARCH)
    assert (officer.steps, officer.dossiers, officer.on_time, officer.late_held) == (2, 2, 1, 1)
    assert officer.on_time_rate == 50.0
    clerk = officer_scorecard(officer=cast.clerk, **MARCH)
    assert (clerk.steps, clerk.on_time, clerk.late_held) == (2, 2, 0)
    assert (clerk.surveys, clerk.satisfaction_rate, clerk.attitude_rate) == (2, 50.0, 50.0)
    assert (clerk.violations, clerk.open_violations) == (1, 1)
    before = officer_scorecard(officer=cast.clerk, start=dt.date(2027, 2, 1), end=dt.date(2027, 2, 28))
    assert (before.steps, before.surveys, before.violations) == (0, 0, 0)
    agency_total, cards = agency_scorecard(agency=cast.agency, **MARCH)
    assert agency_total.steps == 4 and agency_total.late_held == 1 and agency_total.violations == 1
    assert {c.officer_id for c in cards} == {cast.clerk.pk, cast.officer.pk, cast.leader.pk, cast.head.pk}


def test_a_step_still_open_past_its_deadline_counts_as_held_late(cast: Cast) -> None:
    dossier = received(cast, "2026-09-01 08:00")  # the step's deadline is past today's date
    task = dossier.tasks.get(finished_at__isnull=True)
    task.assignee = cast.officer
    task.save(update_fields=["assignee"])
    card = officer_scorecard(officer=cast.officer, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    assert card.late_held == 1 and card.steps == 0


def test_without_the_engagement_app_the_survey_columns_stay_empty(cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(selectors, "surveys_installed", lambda: False)
    survey_record(at=at("2027-03-02 10:00"), satisfaction="satisfied", attitude="normal", officer=cast.clerk)
    card = officer_scorecard(officer=cast.clerk, **MARCH)
    assert card.surveys is None and card.satisfaction_rate is None and card.attitude_rate is None


def test_the_xlsx_export_escapes_formula_like_names(cast: Cast) -> None:
    from openpyxl import load_workbook

    evil = make_user("evil", cast.agency, StaffRole.Role.OFFICER, full_name="=HYPERLINK(1)")
    card = officer_scorecard(officer=evil, **MARCH)
    sheet = load_workbook(io.BytesIO(scorecards_xlsx(title="x", cards=[card], **MARCH))).active
    assert sheet is not None
    assert sheet.cell(row=3, column=1).value == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [
        ("supervisor", True),
        ("head", True),
        ("officer", False),  # not even their own card
        ("clerk", False),
        ("leader", False),
        ("other_head", False),
        ("other_officer", False),
    ],
)
def test_only_supervisors_and_the_officers_own_agency_head_see_an_officers_card(
    cast: Cast, viewer: str, allowed: bool
) -> None:
    make_user("other_head", cast.other_agency, StaffRole.Role.AGENCY_HEAD)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=viewer)
    assert can_see_scorecard(user, cast.officer) is allowed
    assert can_see_agency_scorecard(user, cast.agency.pk) is (viewer in {"supervisor", "head"})


def test_the_head_of_the_home_agency_sees_a_seconded_officers_card(cast: Cast) -> None:
    point, _counter = _point(cast)
    seconded = make_user("seconded", None)
    other_head = make_user("other_head", cast.other_agency, StaffRole.Role.AGENCY_HEAD)
    assert not can_see_scorecard(other_head, seconded)
    posting_create(
        actor=cast.supervisor,
        user=seconded,
        home_agency=cast.other_agency,
        service_point=point,
        starts_on=dt.date(2027, 1, 1),
    )
    assert can_see_scorecard(other_head, seconded)


def test_the_counter_an_officer_works_at_comes_from_the_roster_then_the_posting(cast: Cast) -> None:
    from motcua.staffing.selectors import counter_of

    point, counter = _point(cast)
    other = Counter.objects.create(service_point=point, number=5)
    monday, tuesday = dt.date(2027, 3, 1), dt.date(2027, 3, 2)
    assert counter_of(cast.clerk, monday) is None
    posting_create(
        actor=cast.supervisor,
        user=cast.clerk,
        home_agency=cast.agency,
        service_point=point,
        counter=counter,
        starts_on=monday,
    )
    roster_assign(actor=cast.supervisor, counter=other, day=tuesday, user=cast.clerk)
    assert counter_of(cast.clerk, monday) == counter
    assert counter_of(cast.clerk, tuesday) == other


def test_an_amendment_entered_in_the_admin_flags_the_citing_procedures(cast: Cast) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.conftest import make_procedure

    version = make_procedure()
    admin_user = get_user_model().objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/catalogue/legalamendment/add/",
        {"number": "60/2014/QH13", "kind": "amended", "new_number": "2/2026/QH15", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 302
    version.procedure.refresh_from_db()
    assert version.procedure.needs_review
    assert AuditLog.objects.filter(action="legal_basis.amended").count() == 1


def test_a_dossier_received_at_the_desk_records_the_counter_the_clerk_is_rostered_at(cast: Cast) -> None:
    from django.test import Client
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from tests.dossiers.factories import procedure_for

    point, counter = _point(cast)
    roster_assign(actor=cast.supervisor, counter=counter, day=timezone.localdate(), user=cast.clerk)
    version = procedure_for(cast, documents=[])
    client = Client()
    client.force_login(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        {
            "kind": "person",
            "name": "Trần Thị Bích",
            "id_number": "001190012345",
            "phone": "0987 654 321",
            "channel": "in_person",
            "result_delivery": "counter",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.counter == counter
    assert dossier.service_point == point
