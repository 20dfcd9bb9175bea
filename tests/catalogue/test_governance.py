"""Catalogue governance (#13): amended legal bases flag procedures, the publication workflow and its
timeliness, per-agency limits of inter-agency procedures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import LegalAmendment, ProcedureVersion, ProcessStep
from motcua.catalogue.records import LegalBasisRecord
from motcua.catalogue.selectors import inter_agency_report, listing_deadline, timeliness_report
from motcua.catalogue.services import (
    legal_basis_amend,
    procedure_catalogue_update,
    procedure_decision_record,
    procedure_governance_set,
    procedure_publish,
    procedure_review_done,
)
from motcua.core.models import AuditLog
from motcua.organisation.models import StaffRole
from tests.conftest import Cast, make_agency, make_procedure

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2027, 3, 1)


def test_amending_a_legal_basis_flags_every_procedure_citing_it_and_only_those(cast: Cast) -> None:
    birth = make_procedure("1.001193")
    death = make_procedure("1.000656", "Thủ tục đăng ký khai tử")
    bases = [LegalBasisRecord(title="Luật LLTP", number="28/2009/QH12")]
    other = make_procedure("2.000488", "Cấp phiếu lý lịch tư pháp", legal_bases=bases)
    amendment = legal_basis_amend(
        actor=cast.supervisor, number="60/2014/qh13", new_number="99/2026/QH15", decided_on=dt.date(2026, 6, 1)
    )
    assert amendment.flagged == 2
    for version in (birth, death, other):
        version.procedure.refresh_from_db()
    assert birth.procedure.needs_review and death.procedure.needs_review
    assert "60/2014/QH13 was amended by 99/2026/QH15" in birth.procedure.review_reason
    assert not other.procedure.needs_review
    assert birth.legal_bases.get().amendment == amendment
    entry = AuditLog.objects.get(action="legal_basis.amended")
    assert entry.data["flagged"] == ["1.000656", "1.001193"]
    procedure_review_done(actor=cast.supervisor, procedure=birth.procedure, next_review=dt.date(2027, 6, 1))
    birth.procedure.refresh_from_db()
    assert not birth.procedure.needs_review and birth.procedure.review_date == dt.date(2027, 6, 1)


def test_an_amendment_needs_both_numbers_and_a_known_kind(cast: Cast) -> None:
    for kwargs in ({"number": " "}, {"new_number": ""}, {"kind": "repealed"}, {"decided_on": dt.date(1800, 1, 1)}):
        with pytest.raises(ValidationError):
            legal_basis_amend(
                actor=cast.supervisor,
                **{"number": "60/2014/QH13", "new_number": "1/2026", "decided_on": MONDAY, **kwargs},  # type: ignore[arg-type]
            )
    assert not LegalAmendment.objects.exists()


def test_the_owner_agency_and_review_date_are_kept(cast: Cast) -> None:
    version = make_procedure()
    procedure_governance_set(
        actor=cast.supervisor, procedure=version.procedure, owner_agency=cast.agency, review_date=dt.date(2027, 12, 31)
    )
    version.procedure.refresh_from_db()
    assert version.procedure.owner_agency == cast.agency
    assert AuditLog.objects.filter(action="procedure.governance_set").exists()


def test_the_listing_deadline_counts_working_days_after_the_decision() -> None:
    assert listing_deadline(MONDAY, 5) == dt.date(2027, 3, 8)  # Mon + 5 working days, the weekend skipped
    assert listing_deadline(dt.date(2027, 3, 5), 1) == dt.date(2027, 3, 8)  # Friday → Monday


def _draft(code: str, cast: Cast, level: str = "commune") -> ProcedureVersion:
    version = make_procedure(code, f"Thủ tục {code}", status="draft", levels=[level], decision_number="")
    procedure_governance_set(actor=None, procedure=version.procedure, owner_agency=cast.agency, review_date=None)
    procedure_decision_record(actor=None, version=version, decision_number=f"{code}/QĐ-UBND", decision_date=MONDAY)
    return version


def test_the_timeliness_report_counts_on_time_late_and_pending_per_agency_and_level(cast: Cast) -> None:
    on_time, late, pending = _draft("1.1", cast), _draft("1.2", cast), _draft("1.3", cast, level="province")
    procedure_catalogue_update(actor=None, version=on_time, on=dt.date(2027, 3, 3))
    procedure_publish(version=on_time, today=dt.date(2027, 3, 8))
    procedure_publish(version=late, today=dt.date(2027, 3, 9))
    on_time.refresh_from_db()
    assert on_time.listed_on == dt.date(2027, 3, 8) and on_time.catalogue_updated_on == dt.date(2027, 3, 3)
    rows = timeliness_report(start=MONDAY, end=dt.date(2027, 3, 31), today=dt.date(2027, 3, 5))
    by_level = {r.level: (r.on_time, r.late, r.pending, r.overdue) for r in rows}
    assert by_level == {"commune": (1, 1, 0, 0), "province": (0, 0, 1, 0)}
    assert {r.agency for r in rows} == {cast.agency.name}
    later = timeliness_report(start=MONDAY, end=dt.date(2027, 3, 31), today=dt.date(2027, 3, 20), level="province")
    assert [(r.pending, r.overdue) for r in later] == [(0, 1)]
    assert timeliness_report(start=MONDAY, end=MONDAY, today=MONDAY, agency_id=cast.other_agency.pk) == []
    assert pending.status == ProcedureVersion.Status.DRAFT


def test_a_decision_is_recorded_only_on_a_draft_and_the_catalogue_update_only_after_it(cast: Cast) -> None:
    published = make_procedure()
    with pytest.raises(ValidationError):
        procedure_decision_record(actor=None, version=published, decision_number="1/QĐ", decision_date=MONDAY)
    draft = make_procedure("1.9", "Thủ tục nháp", status="draft", decision_number="")
    draft.decision_date = None
    draft.save()
    with pytest.raises(ValidationError):
        procedure_catalogue_update(actor=None, version=draft)


def _step(version: ProcedureVersion, position: int, kind: str, agency: object, hours: str = "1") -> None:
    ProcessStep.objects.create(
        version=version,
        position=position,
        name=f"Bước {position}",
        kind=kind,
        agency=agency,
        role=StaffRole.Role.OFFICER,
        budget_hours=Decimal(hours),
    )


def test_an_inter_agency_procedure_is_not_published_without_a_time_limit_for_each_agency(cast: Cast) -> None:
    version = make_procedure("2.1", "Liên thông", status="draft")
    version.cooperating_agencies.add(cast.other_agency)
    with pytest.raises(ValidationError, match="needs an internal process with a time limit for each agency"):
        procedure_publish(version=version)
    _step(version, 1, "receive", cast.agency)
    _step(version, 2, "appraise", None)
    _step(version, 3, "return", cast.agency)
    with pytest.raises(ValidationError) as caught:
        procedure_publish(version=version)
    text = " ".join(caught.value.messages)
    assert "does not name its agency" in text and "Sở Xây dựng has no step" in text
    assert [v.pk for v, _problems in inter_agency_report()] == [version.pk]
    version.process_steps.filter(position=2).update(agency=cast.other_agency)
    procedure_publish(version=version)
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.PUBLISHED
    assert inter_agency_report() == []


def test_a_single_agency_procedure_without_a_process_still_publishes(cast: Cast) -> None:
    make_agency("000.00.40.H49", "Sở Nội vụ")
    version = make_procedure("2.2", "Một cơ quan", status="draft")
    procedure_publish(version=version)
    assert version.status == ProcedureVersion.Status.PUBLISHED
