"""The counter (reception desk) form and the words and polish of the staff pages (issue #9)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import DocumentRecord
from motcua.dossiers.models import Dossier
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def _two_documents(cast: Cast) -> ProcedureVersion:
    return procedure_for(
        cast,
        documents=[
            DocumentRecord(name="Tờ khai", originals=1),
            DocumentRecord(name="Bản sao giấy khai sinh", copies=1),
        ],
    )


def _reception(version: ProcedureVersion, **fields: str) -> dict[str, str]:
    data = {
        "kind": "person",
        "name": "Trần Thị Bích",
        "id_number": "001190012345",
        "phone": "0987 654 321",
        "channel": "in_person",
        "result_delivery": "counter",
        "fee_paid": "on",
    }
    data.update(fields)
    return data


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def test_a_bad_count_is_a_field_error_and_every_entered_value_is_kept(cast: Cast) -> None:
    version = _two_documents(cast)
    first, second = version.documents.order_by("id")
    client = logged_in(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        _reception(
            version,
            **{
                f"doc_{first.pk}_received": "1",
                f"doc_{first.pk}_originals": "²",
                f"doc_{first.pk}_copies": "3",
                f"doc_{second.pk}_originals": "4",
                f"doc_{second.pk}_copies": "5",
                "decision_note": "Thiếu ảnh",
            },
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert "Enter a whole number." in page
    assert 'value="Trần Thị Bích"' in page
    assert "checked" in _input(page, f"doc_{first.pk}_received")
    assert "checked" not in _input(page, f"doc_{second.pk}_received")
    assert 'value="²"' in _input(page, f"doc_{first.pk}_originals")
    assert 'value="3"' in _input(page, f"doc_{first.pk}_copies")
    assert 'value="4"' in _input(page, f"doc_{second.pk}_originals")
    assert 'value="5"' in _input(page, f"doc_{second.pk}_copies")
    assert "Thiếu ảnh</textarea>" in page
    assert Dossier.objects.count() == 0


def test_an_applicant_error_keeps_the_entered_counts(cast: Cast) -> None:
    version = _two_documents(cast)
    first, second = version.documents.order_by("id")
    client = logged_in(cast.clerk)
    page = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        _reception(
            version,
            id_number="123",
            **{
                f"doc_{first.pk}_received": "1",
                f"doc_{first.pk}_originals": "2",
                f"doc_{first.pk}_copies": "7",
                f"doc_{second.pk}_received": "1",
                f"doc_{second.pk}_originals": "0",
                f"doc_{second.pk}_copies": "6",
            },
        ),
    ).content.decode()
    assert "error-summary" in page
    assert 'value="2"' in _input(page, f"doc_{first.pk}_originals")
    assert 'value="7"' in _input(page, f"doc_{first.pk}_copies")
    assert 'value="6"' in _input(page, f"doc_{second.pk}_copies")
    assert "checked" in _input(page, f"doc_{second.pk}_received")
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("count", ["99999", "-1", "1.5", "abc"])
def test_counts_must_be_small_whole_numbers(cast: Cast, count: str) -> None:
    version = _two_documents(cast)
    first = version.documents.order_by("id").first()
    assert first is not None
    client = logged_in(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        _reception(version, **{f"doc_{first.pk}_received": "1", f"doc_{first.pk}_originals": count}),
    )
    assert response.status_code == 200
    assert "pt-error-message" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_a_reception_with_no_document_ticked_is_refused_with_a_message(cast: Cast) -> None:
    version = _two_documents(cast)
    client = logged_in(cast.clerk)
    response = client.post(f"/backoffice/tiep-nhan/{version.procedure.code}/", _reception(version))
    assert response.status_code == 200
    assert "no document is ticked" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_no_document_ticked_is_translated(cast: Cast) -> None:
    version = _two_documents(cast)
    client = logged_in(cast.clerk)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    page = client.post(f"/backoffice/tiep-nhan/{version.procedure.code}/", _reception(version)).content.decode()
    assert "chưa đánh dấu" in page


def test_a_procedure_without_documents_is_received_with_none_ticked(cast: Cast) -> None:
    version = procedure_for(cast, code="2.000999", documents=[])
    client = logged_in(cast.clerk)
    response = client.post(f"/backoffice/tiep-nhan/{version.procedure.code}/", _reception(version))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Dossier.objects.filter(status=Dossier.Status.RECEIVED).count() == 1


def test_sending_back_with_no_document_ticked_still_works(cast: Cast) -> None:
    version = _two_documents(cast)
    client = logged_in(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/", _reception(version, decision="supplement")
    )
    assert response.status_code == 302
    assert Dossier.objects.get().status == Dossier.Status.SUPPLEMENT


def test_the_dossier_header_shows_the_verdict_in_words_of_the_page_language(cast: Cast) -> None:
    dossier = received(cast)
    client = logged_in(cast.officer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    page = client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "đánh giá: chưa xác định" in page
    assert ": pending" not in page


def test_a_returned_dossier_has_no_due_band_in_search(cast: Cast) -> None:
    import datetime as dt

    from motcua.dossiers.selectors import due_band
    from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_return_result
    from motcua.workdays.services import calendar_load
    from tests.dossiers.factories import at

    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))
    dossier = dossier_return_result(actor=cast.clerk, dossier=dossier, at=at("2027-03-04 08:00"))
    assert dossier.due_at is not None
    assert due_band(dossier, dossier.due_at - dt.timedelta(hours=1), calendar_load()) == "none"
    page = logged_in(cast.clerk).get("/backoffice/tim-kiem/", {"q": dossier.code}).content.decode()
    assert dossier.code in page
    assert '<tr class="band-none">' in page
    assert "On track" not in page and "Due within 1 working day" not in page


def test_a_dossier_being_worked_on_keeps_its_due_band(cast: Cast) -> None:
    import datetime as dt

    from motcua.dossiers.selectors import due_band
    from motcua.workdays.services import calendar_load

    dossier = received(cast)
    assert dossier.due_at is not None
    assert due_band(dossier, dossier.due_at - dt.timedelta(hours=1), calendar_load()) == "due_soon"


def test_assigning_offers_a_choice_of_the_agencys_officers_only(cast: Cast) -> None:
    dossier = received(cast)
    client = logged_in(cast.head)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    select = re.search(r'<select id="assign-assignee" name="assignee"[^>]*>.*?</select>', page, re.S)
    assert select, "the assignee is chosen from a list"
    options = re.findall(r'<option value="([^"]*)"', select.group(0))
    assert options == ["", "officer"]
    assert "Trần Văn Minh" in select.group(0)
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "assign", "assignee": "officer"})
    assert response.status_code == 302
    assert dossier.tasks.get(finished_at__isnull=True).assignee == cast.officer


def _due_in(cast: Cast, working_days: float) -> Dossier:
    """A dossier of a 10-working-day procedure due ``working_days`` from now."""
    from django.utils import timezone

    from motcua.workdays.services import calendar_load

    cal = calendar_load()
    ordinal = cal.working_ordinal(timezone.now()) - int((10 - working_days) * cal.minutes_per_day)
    start = cal.from_working_ordinal(ordinal, end=False, aware=True)
    return received(cast, start.strftime("%Y-%m-%d %H:%M"))


def test_near_the_last_day_for_an_apology_the_head_is_offered_it_first_and_once(cast: Cast) -> None:
    dossier = _due_in(cast, 1.5)
    page = logged_in(cast.head).get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "The last day for an apology is near" in page
    assert page.count('name="action" value="apologise"') == 1
    assert page.index('value="apologise"') < page.index('value="assign"')


def test_an_overdue_dossier_is_past_the_last_day_for_an_apology(cast: Cast) -> None:
    dossier = received(cast, "2026-10-01 08:00")
    page = logged_in(cast.head).get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "The last day for an apology is near" not in page
    assert 'value="apologise"' not in page


def test_a_dossier_on_time_has_no_apology_box(cast: Cast) -> None:
    dossier = received(cast)
    page = logged_in(cast.head).get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "The last day for an apology is near" not in page
    assert page.count('name="action" value="apologise"') == 1


def test_an_officer_is_not_offered_the_apology(cast: Cast) -> None:
    page = logged_in(cast.officer).get(f"/backoffice/ho-so/{received(cast).code}/").content.decode()
    assert 'value="apologise"' not in page


def test_the_actions_come_in_groups_with_the_usual_next_action_first(cast: Cast) -> None:
    from motcua.organisation.models import StaffRole

    StaffRole.objects.create(user=cast.officer, agency=cast.agency, role=StaffRole.Role.AGENCY_HEAD)
    dossier = received(cast)
    page = logged_in(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    headings = ["Move forward", "Send back or ask the applicant", "Consultation", "Exceptional"]
    positions = [page.index(h) for h in headings]
    assert positions == sorted(positions)
    first_action = re.search(r'name="action" value="([a-z_]+)"', page)
    assert first_action and first_action.group(1) == "forward"
    assert page.index('value="forward"') < page.index('value="request_supplement"') < page.index('value="consult"')
    assert page.index('value="consult"') < page.index('value="apologise"')


def test_forwarding_from_appraisal_asks_for_the_appraisal_opinion(cast: Cast) -> None:
    dossier = received(cast)
    client = logged_in(cast.officer)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "Appraisal opinion" in page
    assert re.search(r'<textarea id="forward-note" name="note" rows="2" required>', page)
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "forward"}, follow=True)
    assert "Give the appraisal opinion before forwarding." in response.content.decode()
    assert not dossier.transitions.filter(action="forwarded").exists()
    client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "forward", "note": "Đủ điều kiện cấp"})
    assert dossier.transitions.get(action="forwarded").note == "Đủ điều kiện cấp"


def test_every_action_belongs_to_one_group() -> None:
    from motcua.backoffice.views import ACTION_GROUPS
    from motcua.dossiers.actions import ACTIONS

    grouped = [name for _key, names in ACTION_GROUPS for name in names]
    assert sorted(grouped) == sorted(ACTIONS)


def test_a_clerk_lands_on_the_submissions_and_supplements_waiting(cast: Cast) -> None:
    from motcua.dossiers.services import dossier_request_supplement, dossier_submit
    from tests.dossiers.factories import applicant

    version = procedure_for(cast)
    waiting = dossier_submit(version=version, agency=cast.agency, applicant=applicant())
    supplement = dossier_submit(version=version, agency=cast.agency, applicant=applicant(name="Lê Thị Mai"))
    dossier_request_supplement(actor=cast.clerk, dossier=supplement, missing="Bản sao giấy khai sinh")
    page = logged_in(cast.clerk).get("/backoffice/").content.decode()
    assert waiting.code in page and supplement.code in page
    assert 'aria-current="page">Submissions and supplements to receive' in page


def test_a_supervisor_lands_on_supervision_and_leaders_on_approvals(cast: Cast) -> None:
    from motcua.dossiers.services import dossier_forward

    page = logged_in(cast.supervisor).get("/backoffice/").content.decode()
    assert "<h1>Supervision of all agencies</h1>" in page
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast))
    page = logged_in(cast.head).get("/backoffice/").content.decode()
    assert dossier.code in page
    assert 'aria-current="page">Awaiting approval' in page


def test_the_staff_menu_shows_only_pages_the_role_can_use(cast: Cast) -> None:
    officer = logged_in(cast.officer).get("/backoffice/tim-kiem/").content.decode()
    assert 'href="/backoffice/tiep-nhan/"' not in officer
    assert 'href="/backoffice/giam-sat/"' not in officer
    clerk = logged_in(cast.clerk).get("/backoffice/tim-kiem/").content.decode()
    assert 'href="/backoffice/tiep-nhan/"' in clerk
    supervisor = logged_in(cast.supervisor).get("/backoffice/tim-kiem/").content.decode()
    assert 'href="/backoffice/giam-sat/"' in supervisor
    assert 'href="/backoffice/tiep-nhan/"' not in supervisor
