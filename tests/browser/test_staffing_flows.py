"""Issue #13 in a real browser: a supervisor supervises a seconded officer; an administrator handles an
amended legal basis through to a timely public listing."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.services import procedure_import
from motcua.organisation.models import StaffRole
from motcua.staffing.models import Inspection, Violation
from tests.browser.conftest import login
from tests.conftest import Cast, make_agency, make_procedure, make_record, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_supervisor_records_an_inspection_and_a_violation_and_sees_the_officers_scorecard(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    today = timezone.localdate().isoformat()
    page = login(browser.new_context(), live_server, "supervisor")
    page.get_by_role("link", name="Seconded staff").click()
    page.get_by_label("Date of the inspection").fill(today)
    page.get_by_label("Findings").fill("Quầy 3 vắng người 15 phút")
    page.get_by_role("button", name="Record the inspection").click()
    page.get_by_text("The inspection was recorded.").wait_for()

    page.get_by_label("Officer").select_option(label="Trần Văn Minh")
    page.get_by_label("Date", exact=True).fill(today)
    page.get_by_label("Kind of violation").select_option("attitude")
    page.get_by_label("Severity").select_option("moderate")
    page.get_by_label("What happened").fill("Không đeo thẻ công chức")
    page.get_by_label("Found at the inspection").select_option(index=1)
    page.get_by_role("button", name="Record the violation").click()
    page.get_by_text("The violation was recorded.").wait_for()
    assert Violation.objects.get().inspection == Inspection.objects.get()

    page.get_by_role("link", name="Trần Văn Minh").click()
    page.get_by_role("heading", name="Scorecard of Trần Văn Minh").wait_for()
    card = page.locator("#scorecard tbody tr").first.locator("td")
    assert card.nth(8).inner_text() == "1"  # violations
    assert "Không đeo thẻ công chức" in page.content()


def test_an_administrator_amends_a_legal_basis_publishes_the_new_version_and_the_report_counts_it(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    admin = make_user("administrator", make_agency("000.00.01.H49", "Trung tâm PVHCC"), StaffRole.Role.ADMINISTRATOR)
    admin.set_password("pw-for-browser-tests")
    admin.save()
    make_procedure()  # cites 60/2014/QH13
    draft = procedure_import(record=make_record(decision_number="", status="draft")).version
    assert draft.status == ProcedureVersion.Status.DRAFT
    today = timezone.localdate().isoformat()

    page = login(browser.new_context(), live_server, "administrator")
    page.get_by_role("link", name="Catalogue governance").click()
    page.get_by_label("Number of the amended document").fill("60/2014/QH13")
    page.get_by_label("Change").select_option("amended")
    page.get_by_label("Number of the new document").fill("15/2026/QH15")
    page.get_by_label("Date of the new document").fill(today)
    page.get_by_role("button", name="Record and flag the procedures").click()
    page.get_by_text("Recorded: 1 procedures flagged for review.").wait_for()
    flagged = page.locator("#flagged").inner_text()
    assert "1.001193" in flagged and "60/2014/QH13 was amended by 15/2026/QH15" in flagged

    page.get_by_label("Decision number").fill("99/QĐ-UBND")
    page.get_by_label("Decision date").fill(today)
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("button", name="Catalogue and process updated").click()
    page.get_by_role("button", name="Publish 1.001193").click()
    page.get_by_text("Done: 1.001193.").wait_for()
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.PUBLISHED

    page.get_by_role("link", name="Publication timeliness report").click()
    row = page.locator("#timeliness tbody tr").first.locator("td")
    assert row.nth(2).inner_text() == "1"  # published on time
    assert row.nth(3).inner_text() == "0"
