"""Issue #15: a new announcing decision makes a new version; its internal process is carried forward
from the previous version and flagged for review, instead of silently falling back to the default one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from motcua.catalogue.models import ProcedureVersion, ProcessStep
from motcua.catalogue.process import planned_steps
from motcua.catalogue.services import procedure_import
from motcua.core.models import AuditLog
from motcua.organisation.models import StaffRole
from tests.conftest import make_agency, make_record

Role = StaffRole.Role


def with_agency_process(db: Any) -> ProcedureVersion:
    version = procedure_import(record=make_record(decision_number="163/QĐ-BTP")).version
    agency = make_agency()
    for position, kind, role, hours in [
        (1, "receive", Role.RECEIVING_CLERK, 1),
        (2, "appraise", Role.OFFICER, 5),
        (3, "return", Role.RECEIVING_CLERK, 1),
    ]:
        ProcessStep.objects.create(
            version=version,
            position=position,
            name=f"Bước {position}",
            kind=kind,
            role=role,
            agency=agency if kind == "appraise" else None,
            budget_hours=Decimal(hours),
        )
    return version


def test_a_new_decision_carries_the_process_forward_flagged_for_review(db: Any) -> None:
    old = with_agency_process(db)
    new = procedure_import(record=make_record(decision_number="200/QĐ-BTP")).version
    assert new.pk != old.pk
    assert new.status == ProcedureVersion.Status.PUBLISHED
    assert new.process_needs_review
    copied = [(s.position, s.kind, s.agency_id, s.budget_hours) for s in new.process_steps.order_by("position")]
    assert copied == [(s.position, s.kind, s.agency_id, s.budget_hours) for s in old.process_steps.order_by("position")]
    assert [s.name for s in planned_steps(new, total_minutes=480)] == ["Bước 1", "Bước 2", "Bước 3"]
    entry = AuditLog.objects.filter(action="procedure.imported").order_by("-id").first()
    assert entry is not None and entry.data["process_steps_carried"] == 3
    old.refresh_from_db()
    assert old.process_steps.count() == 3  # the old version keeps its own


def test_the_same_decision_again_copies_nothing(db: Any) -> None:
    old = with_agency_process(db)
    again = procedure_import(record=make_record(decision_number="163/QĐ-BTP", name="Đăng ký khai sinh (sửa)")).version
    assert again.pk == old.pk
    assert again.process_steps.count() == 3
    assert not again.process_needs_review


def test_a_procedure_without_a_process_gets_no_flag(db: Any) -> None:
    procedure_import(record=make_record(decision_number="163/QĐ-BTP"))
    new = procedure_import(record=make_record(decision_number="200/QĐ-BTP")).version
    assert not new.process_needs_review
    assert not new.process_steps.exists()


def test_the_admin_lists_the_versions_whose_process_needs_review(db: Any) -> None:
    old = with_agency_process(db)
    new = procedure_import(record=make_record(decision_number="200/QĐ-BTP")).version
    root = get_user_model().objects.create_superuser(username="root", password="x", email="root@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(root)
    page = client.get("/admin/catalogue/procedureversion/", {"process_needs_review__exact": "1"}).content.decode()
    assert f"/admin/catalogue/procedureversion/{new.pk}/change/" in page
    assert f"/admin/catalogue/procedureversion/{old.pk}/change/" not in page
