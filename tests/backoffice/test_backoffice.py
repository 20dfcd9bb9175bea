from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from motcua.catalogue.records import DocumentRecord
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_forward
from tests.conftest import Cast
from tests.dossiers.factories import applicant, procedure_for, received


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def test_login_is_throttled_after_five_failures(cast: Cast) -> None:
    cast.clerk.set_password("right-password-123")
    cast.clerk.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        response = client.post("/backoffice/dang-nhap/", {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/backoffice/dang-nhap/", {"username": "clerk", "password": "right-password-123"})
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_clerk_logs_in_and_lands_on_the_inbox(cast: Cast) -> None:
    cast.clerk.set_password("right-password-123")
    cast.clerk.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/backoffice/dang-nhap/", {"username": "clerk", "password": "right-password-123"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(db: Any) -> None:
    response = Client().get("/backoffice/")
    assert response.status_code == 302
    assert "/backoffice/dang-nhap/" in response["Location"]


def test_reception_desk_receives_a_dossier_and_serves_the_receipt(cast: Cast) -> None:
    version = procedure_for(cast, documents=[DocumentRecord(name="Tờ khai", originals=1)])
    client = logged_in(cast.clerk)
    assert version.name in client.get("/backoffice/tiep-nhan/", {"q": "ly lich"}).content.decode()
    doc = version.documents.get()
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        {
            "kind": "person",
            "name": "Trần Thị Bích",
            "id_number": "001190012345",
            "phone": "0987 654 321",
            "channel": "in_person",
            "result_delivery": "counter",
            "fee_paid": "on",
            f"doc_{doc.pk}_received": "1",
            f"doc_{doc.pk}_originals": "1",
            f"doc_{doc.pk}_copies": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert dossier.applicant_phone == "+84987654321"
    pdf = client.get(f"/backoffice/ho-so/{dossier.code}/phieu/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf"


def test_reception_shows_errors_and_creates_nothing(cast: Cast) -> None:
    version = procedure_for(cast)
    client = logged_in(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        {
            "kind": "person",
            "name": "A",
            "id_number": "123",
            "phone": "0987654321",
            "channel": "in_person",
            "result_delivery": "counter",
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_the_dossier_page_offers_only_the_users_actions_and_they_work(cast: Cast) -> None:
    dossier = received(cast)
    officer = logged_in(cast.officer)
    page = officer.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert 'value="forward"' in page
    assert 'value="return_result"' not in page
    response = officer.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "forward", "note": "Đạt"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.transitions.filter(action="forwarded").exists()


def test_an_illegal_action_is_explained_not_applied(cast: Cast) -> None:
    dossier = received(cast)
    client = logged_in(cast.clerk)
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "return_result"}, follow=True)
    assert "cannot be" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.RECEIVED


def test_a_clerk_of_another_agency_cannot_open_the_dossier_even_by_url(cast: Cast) -> None:
    dossier = received(cast)
    other = logged_in(cast.other_clerk)
    assert other.get(f"/backoffice/ho-so/{dossier.code}/").status_code == 404
    assert other.get(f"/backoffice/ho-so/{dossier.code}/phieu/receipt.pdf").status_code == 404
    assert other.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "withdraw"}).status_code == 404
    assert dossier.code not in other.get("/backoffice/hop-thu/agency/").content.decode()


def test_inboxes_show_work_with_due_bands(cast: Cast) -> None:
    from django.utils import timezone

    late = received(cast, "2026-10-01 08:00")
    fresh = dossier_receive_now(cast)
    page = logged_in(cast.officer).get("/backoffice/").content.decode()
    assert late.code in page and fresh.code in page
    assert page.index(late.code) < page.index(fresh.code)  # earliest due first
    assert '<tr class="band-overdue">' in page
    assert '<tr class="band-on_track">' in page
    assert timezone.now() > late.due_at


def dossier_receive_now(cast: Cast) -> Dossier:
    from motcua.dossiers.services import dossier_receive

    return dossier_receive(
        actor=cast.clerk, version=procedure_for(cast, code="1.000001"), agency=cast.agency, applicant=applicant()
    )


def test_search_finds_by_name_without_diacritics_by_id_and_by_phone(cast: Cast) -> None:
    dossier = received(cast, applicant=applicant(name="Đặng Thùy Dương", id_number="079301001234", phone="0901234567"))
    client = logged_in(cast.clerk)
    for q in ("dang thuy duong", "079301001234", "0901234567", dossier.code):
        assert dossier.code in client.get("/backoffice/tim-kiem/", {"q": q}).content.decode(), q


def test_leaders_see_the_approval_queue(cast: Cast) -> None:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast))
    assert dossier.code in logged_in(cast.head).get("/backoffice/hop-thu/approval/").content.decode()
    assert logged_in(cast.officer).get("/backoffice/hop-thu/approval/").status_code == 200


def test_only_the_supervisor_sees_overdue_dossiers_of_every_agency(cast: Cast) -> None:
    received(cast, "2026-10-01 08:00")
    page = logged_in(cast.supervisor).get("/backoffice/giam-sat/").content.decode()
    assert "Sở Tư pháp" in page
    assert logged_in(cast.clerk).get("/backoffice/giam-sat/").status_code == 403


def test_the_inbox_query_count_does_not_grow_with_rows(cast: Cast, django_assert_max_num_queries: Any) -> None:
    for _ in range(20):
        received(cast)
    client = logged_in(cast.officer)
    client.get("/backoffice/")  # warm the calendar cache
    with django_assert_max_num_queries(12):
        client.get("/backoffice/")


def test_inbox_pages_forward_with_a_keyset_cursor(cast: Cast, settings: Any) -> None:
    import motcua.backoffice.views as views

    codes = [received(cast, f"2027-03-0{d} 08:00").code for d in range(1, 4)]
    original, views.PAGE = views.PAGE, 2
    try:
        client = logged_in(cast.officer)
        first = client.get("/backoffice/").content.decode()
        assert codes[0] in first and codes[2] not in first
        import re

        cursor = re.search(r'after=([^"]+)"', first).group(1).replace("&amp;", "&")
        from urllib.parse import unquote

        second = client.get("/backoffice/", {"after": unquote(cursor)}).content.decode()
        assert codes[2] in second and codes[0] not in second
    finally:
        views.PAGE = original


def test_the_inbox_filters_by_current_step(cast: Cast) -> None:
    appraising = received(cast)
    approving = dossier_forward(actor=cast.officer, dossier=received(cast))
    page = logged_in(cast.head).get("/backoffice/hop-thu/agency/", {"step": "approve"}).content.decode()
    assert approving.code in page
    assert appraising.code not in page


def test_a_counter_applicant_can_be_sent_back_with_everything_missing_and_a_printed_slip(cast: Cast) -> None:
    version = procedure_for(cast, documents=[DocumentRecord(name="Tờ khai", originals=1)])
    client = logged_in(cast.clerk)
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/",
        {
            "kind": "person",
            "name": "Trần Thị Bích",
            "id_number": "001190012345",
            "phone": "0987 654 321",
            "channel": "in_person",
            "result_delivery": "counter",
            "decision": "supplement",
            "decision_note": "Ảnh 4x6",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.status == Dossier.Status.SUPPLEMENT
    note = dossier.transitions.get(action="supplement_requested").note
    assert "missing: Tờ khai" in note and "Ảnh 4x6" in note
    assert response["Location"].endswith("?slip=supplement")
    assert client.get(f"/backoffice/ho-so/{dossier.code}/phieu/supplement.pdf").status_code == 200


def test_refusing_at_the_counter_needs_a_reason_and_keeps_a_record(cast: Cast) -> None:
    version = procedure_for(cast)
    client = logged_in(cast.clerk)
    form = {
        "kind": "person",
        "name": "Trần Thị Bích",
        "id_number": "001190012345",
        "phone": "0987 654 321",
        "channel": "in_person",
        "result_delivery": "counter",
        "decision": "refuse",
    }
    response = client.post(f"/backoffice/tiep-nhan/{version.procedure.code}/", form)
    assert response.status_code == 200
    assert Dossier.objects.count() == 0
    response = client.post(
        f"/backoffice/tiep-nhan/{version.procedure.code}/", {**form, "decision_note": "Không thuộc thẩm quyền"}
    )
    assert response.status_code == 302
    assert Dossier.objects.get().status == Dossier.Status.REFUSED


def test_the_dossier_page_writes_the_phone_and_fee_as_people_read_them(cast: Cast) -> None:
    dossier = received(cast)  # fee 200000, phone stored as +84912345678
    page = logged_in(cast.clerk).get(f"/backoffice/ho-so/{dossier.code}/", HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert "0912 345 678" in text and "+84912345678" not in text
    assert "200.000 đồng" in text


def test_a_clerk_finds_an_online_supplement_in_the_supplements_received_inbox(
    cast: Cast, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.dossiers.services import (
        SupplementFile,
        dossier_receive,
        dossier_request_supplement,
        dossier_resubmit_online,
        dossier_submit,
    )
    from tests.dossiers.factories import at

    settings.MEDIA_ROOT = tmp_path
    dossier = dossier_submit(version=procedure_for(cast), agency=cast.agency, applicant=applicant())
    dossier = dossier_receive(actor=cast.clerk, dossier=dossier, received_at=at("2027-03-01 09:00"))
    dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="CCCD", at=at("2027-03-02 09:00"))
    client = logged_in(cast.clerk)
    assert dossier.code not in client.get("/backoffice/hop-thu/supplements/").content.decode()
    pdf = SimpleUploadedFile("cccd.pdf", b"%PDF-1.4\n%%EOF\n")
    dossier_resubmit_online(dossier=dossier, files=[SupplementFile(upload=pdf, name="CCCD")], at=at("2027-03-05 09:00"))
    page = client.get("/backoffice/hop-thu/supplements/").content.decode()
    assert 'href="/backoffice/hop-thu/supplements/"' in page and "Supplements received" in page
    assert dossier.code in page
    assert dossier.code not in logged_in(cast.other_clerk).get("/backoffice/hop-thu/supplements/").content.decode()


def test_the_dossier_page_shows_step_budgets_in_working_hours_and_minutes(cast: Cast) -> None:
    dossier = received(cast)  # 10 working days: the default process gives reception 10 % = 8 h
    budgets = [t.budget_minutes for t in dossier.tasks.all()]
    page = logged_in(cast.clerk).get(f"/backoffice/ho-so/{dossier.code}/", HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert "Thời hạn (giờ làm việc)" in text
    for minutes in budgets:
        hours, rest = divmod(minutes, 60)
        assert f"{hours} giờ" + (f" {rest} phút" if rest else "") in text
