from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import ChannelRecord
from motcua.catalogue.services import procedure_import, procedure_publish
from motcua.core.models import AuditLog
from tests.conftest import make_agency, make_record

pytestmark = pytest.mark.django_db


def test_importing_a_complete_record_publishes_it() -> None:
    outcome = procedure_import(record=make_record())
    assert outcome.result == "created"
    assert outcome.version.status == ProcedureVersion.Status.PUBLISHED
    assert outcome.version.channels.count() == 2
    assert AuditLog.objects.filter(action="procedure.published", object_id=str(outcome.version.pk)).exists()


def test_importing_the_same_record_twice_changes_nothing() -> None:
    procedure_import(record=make_record())
    again = procedure_import(record=make_record())
    assert again.result == "unchanged"
    assert ProcedureVersion.objects.count() == 1


def test_a_changed_record_with_the_same_decision_updates_the_version_in_place() -> None:
    procedure_import(record=make_record())
    changed = make_record(channels=[ChannelRecord(channel="in_person", time_limit=Decimal(3))])
    outcome = procedure_import(record=changed)
    assert outcome.result == "updated"
    assert ProcedureVersion.objects.count() == 1
    assert [c.time_limit for c in outcome.version.channels.all()] == [Decimal(3)]


def test_a_new_decision_supersedes_the_published_version() -> None:
    first = procedure_import(record=make_record()).version
    second = procedure_import(record=make_record(decision_number="1234/QĐ-UBND")).version
    first.refresh_from_db()
    assert first.status == ProcedureVersion.Status.SUPERSEDED
    assert first.effective_to is not None
    assert second.status == ProcedureVersion.Status.PUBLISHED


def test_a_record_with_review_notes_stays_draft() -> None:
    outcome = procedure_import(record=make_record(review_notes=["time limit unreadable"]))
    assert outcome.version.status == ProcedureVersion.Status.DRAFT
    assert outcome.needs_review == ["time limit unreadable"]


def test_a_procedure_without_time_limits_cannot_be_published() -> None:
    record = make_record(channels=[ChannelRecord(channel="in_person", time_limit=None)])
    outcome = procedure_import(record=record)
    assert outcome.version.status == ProcedureVersion.Status.DRAFT
    with pytest.raises(ValidationError, match="no time limit"):
        procedure_publish(version=outcome.version)


def test_text_is_stored_in_nfc() -> None:
    decomposed = "Thu\u0309 tu\u0323c đăng ky\u0301 khai sinh"
    version = procedure_import(record=make_record(name=decomposed)).version
    assert version.name == "Thủ tục đăng ký khai sinh"


def test_agencies_are_linked_by_identifier() -> None:
    agency = make_agency()
    version = procedure_import(record=make_record(agency_identifiers=[agency.identifier])).version
    assert list(version.competent_agencies.all()) == [agency]
