"""The back office's staff supervision and catalogue governance pages (#13), and the role × page matrix
of who may open them (who may see a scorecard)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.organisation.models import Counter, ServicePoint, StaffRole
from motcua.staffing.models import Inspection, Violation
from tests.conftest import Cast, make_agency, make_procedure, make_user

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
VIEWERS = ["clerk", "officer", "leader", "head", "supervisor", "other_clerk", "other_head", "administrator"]


@pytest.fixture
def world(cast: Cast) -> Cast:
    make_user("other_head", cast.other_agency, Role.AGENCY_HEAD)
    make_user("administrator", make_agency("000.00.01.H49", "Trung tâm PVHCC"), Role.ADMINISTRATOR)
    return cast


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


PAGES: dict[str, tuple[Any, set[str]]] = {
    "staff home": (lambda c: "/backoffice/can-bo/", {"supervisor"}),
    "officer card": (lambda c: f"/backoffice/can-bo/{c.officer.pk}/", {"supervisor", "head"}),
    "officer card xlsx": (lambda c: f"/backoffice/can-bo/{c.officer.pk}/?download=xlsx", {"supervisor", "head"}),
    "agency card": (lambda c: f"/backoffice/can-bo/don-vi/{c.agency.pk}/", {"supervisor", "head"}),
    "other agency card": (lambda c: f"/backoffice/can-bo/don-vi/{c.other_agency.pk}/", {"supervisor", "other_head"}),
    "counter roster": (lambda c: "/backoffice/can-bo/lich-truc/", {"supervisor"}),
    "catalogue governance": (lambda c: "/backoffice/danh-muc/", {"supervisor", "administrator"}),
    "timeliness report": (lambda c: "/backoffice/danh-muc/dung-han/", {"supervisor", "administrator"}),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_role_by_page_matrix(world: Cast, page: str, viewer: str) -> None:
    url, allowed = PAGES[page]
    response = _client(viewer).get(url(world))
    assert response.status_code == (200 if viewer in allowed else 403), (page, viewer)


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitors_are_sent_to_the_login_page(world: Cast, page: str) -> None:
    response = Client().get(PAGES[page][0](world))
    assert response.status_code == 302 and "/backoffice/dang-nhap/" in response["Location"]


def test_a_supervisor_records_an_inspection_and_a_violation_then_sees_them_on_the_card(world: Cast) -> None:
    client = _client("supervisor")
    response = client.post("/backoffice/can-bo/kiem-tra/", {"on": "2027-03-02", "findings": "Quầy 3 vắng"})
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    response = client.post(
        "/backoffice/can-bo/vi-pham/",
        {
            "officer": world.officer.pk,
            "on": "2027-03-02",
            "kind": "attitude",
            "severity": "minor",
            "description": "Không đeo thẻ",
            "inspection": inspection.pk,
        },
    )
    assert response.status_code == 302
    violation = Violation.objects.get()
    assert violation.inspection == inspection and violation.recorded_by == world.supervisor
    page = client.get(f"/backoffice/can-bo/{world.officer.pk}/?from=2027-03-01&to=2027-03-31").content.decode()
    assert "Không đeo thẻ" in page
    client.post(f"/backoffice/can-bo/vi-pham/{violation.pk}/dong/", {"follow_up": "Đã nhắc nhở"})
    violation.refresh_from_db()
    assert violation.closed_at is not None


@pytest.mark.parametrize(
    "data",
    [
        {"on": "2027-13-45", "findings": "x"},
        {"on": "1800-01-01", "findings": "x"},
        {"on": "2027-03-02", "findings": ""},
    ],
)
def test_a_bad_inspection_is_a_400_not_a_500(world: Cast, data: dict[str, str]) -> None:
    assert _client("supervisor").post("/backoffice/can-bo/kiem-tra/", data).status_code == 400
    assert not Inspection.objects.exists()


def test_a_bad_period_is_a_400(world: Cast) -> None:
    response = _client("supervisor").get(f"/backoffice/can-bo/{world.officer.pk}/?from=2027-03-31&to=2027-03-01")
    assert response.status_code == 400


def test_the_officer_card_downloads_as_xlsx(world: Cast) -> None:
    response = _client("head").get(f"/backoffice/can-bo/{world.officer.pk}/?download=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_only_supervisors_record_inspections(world: Cast) -> None:
    response = _client("head").post("/backoffice/can-bo/kiem-tra/", {"on": "2027-03-02", "findings": "x"})
    assert response.status_code == 403


def test_an_administrator_amends_a_legal_basis_reviews_and_publishes(world: Cast) -> None:
    make_procedure()
    draft = make_procedure("1.9", "Thủ tục mới", status="draft", decision_number="")
    client = _client("administrator")
    response = client.post(
        "/backoffice/danh-muc/sua-doi/",
        {"number": "60/2014/QH13", "kind": "replaced", "new_number": "1/2026/QH15", "decided_on": "2026-06-01"},
    )
    assert response.status_code == 302
    page = client.get("/backoffice/danh-muc/").content.decode()
    assert Procedure.objects.filter(needs_review=True).count() == 2  # the published and the draft one cite it
    assert "1.001193" in page and "60/2014/QH13" in page and "1/2026/QH15" in page
    assert (
        client.post(
            "/backoffice/danh-muc/sua-doi/", {"number": "x", "new_number": "y", "decided_on": "bad", "kind": "amended"}
        ).status_code
        == 400
    )
    url = f"/backoffice/danh-muc/phien-ban/{draft.pk}/"
    decision = {"step": "decision", "decision_number": "5/QĐ-UBND", "decision_date": timezone.localdate().isoformat()}
    assert client.post(url, decision).status_code == 302
    assert client.post(url, {"step": "updated"}).status_code == 302
    assert client.post(url, {"step": "publish"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProcedureVersion.Status.PUBLISHED and draft.listed_on is not None
    assert client.post(url, {"step": "publish"}).status_code == 400
    assert client.post(url, {"step": "explode"}).status_code == 400
    report = client.get("/backoffice/danh-muc/dung-han/").content.decode()
    assert "<td>1</td>" in report


def test_the_counter_listing_is_a_public_page_and_an_a4_pdf(world: Cast) -> None:
    make_procedure("2.000488", "Cấp phiếu lý lịch tư pháp", agency_identifiers=[world.agency.identifier])
    point = ServicePoint.objects.create(name="Trung tâm", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=world.agency)
    counter = Counter.objects.create(service_point=point, number=4, agency=world.agency)
    page = Client().get(f"/niem-yet/{counter.pk}/")
    assert page.status_code == 200 and "Cấp phiếu lý lịch tư pháp" in page.content.decode()
    assert "Thủ tục đăng ký khai sinh" not in page.content.decode()
    pdf = Client().get(f"/niem-yet/{counter.pk}/in.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert Client().get("/niem-yet/999999/").status_code == 404


def test_the_new_pages_label_every_control(world: Cast) -> None:
    from tests.accessibility.test_labels import check

    make_procedure("1.9", "Thủ tục mới", status="draft", decision_number="")
    point = ServicePoint.objects.create(name="Trung tâm", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=world.agency)
    counter = Counter.objects.create(service_point=point, number=4, agency=world.agency)
    client = _client("supervisor")
    client.post(
        "/backoffice/can-bo/vi-pham/",
        {"officer": world.officer.pk, "on": "2027-03-02", "kind": "process", "severity": "minor", "description": "x"},
    )
    for url in (
        "/backoffice/can-bo/",
        f"/backoffice/can-bo/{world.officer.pk}/",
        f"/backoffice/can-bo/don-vi/{world.agency.pk}/",
        "/backoffice/danh-muc/",
        "/backoffice/danh-muc/dung-han/",
        "/backoffice/can-bo/lich-truc/",
        "/backoffice/nhap-mon/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url
    assert check(Client().get(f"/niem-yet/{counter.pk}/").content.decode()) == []


def test_a_supervisor_keeps_the_weekly_roster_of_a_counter(world: Cast) -> None:
    point = ServicePoint.objects.create(name="Trung tâm", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=world.agency)
    counter = Counter.objects.create(service_point=point, number=4, agency=world.agency)
    client = _client("supervisor")
    response = client.post(
        "/backoffice/can-bo/lich-truc/", {"counter": counter.pk, "officer": world.clerk.pk, "day": "2027-03-03"}
    )
    assert response.status_code == 302
    page = client.get("/backoffice/can-bo/lich-truc/?tuan=2027-03-01").content.decode()
    assert "Nguyễn Thị Lan" in page
    assert counter.roster.get().day.isoformat() == "2027-03-03"
    bad = {"counter": counter.pk, "officer": world.supervisor.pk, "day": "2027-03-03"}  # not an officer
    assert client.post("/backoffice/can-bo/lich-truc/", bad).status_code == 400
    assert client.post("/backoffice/can-bo/lich-truc/", {"counter": "x", "officer": "1", "day": "d"}).status_code == 400
    assert _client("head").post("/backoffice/can-bo/lich-truc/", bad).status_code == 403


def test_an_officer_acknowledges_the_onboarding_items_once(world: Cast) -> None:
    from motcua.staffing.models import Acknowledgement, OnboardingItem

    item = OnboardingItem.objects.create(title="Quy tắc ứng xử", body="Đeo thẻ công chức.")
    client = _client("officer")
    assert 'href="/backoffice/nhap-mon/"' in client.get("/backoffice/tim-kiem/").content.decode()
    assert client.post("/backoffice/nhap-mon/", {"item": item.pk}).status_code == 302
    assert client.post("/backoffice/nhap-mon/", {"item": item.pk}).status_code == 302
    assert Acknowledgement.objects.filter(user=world.officer, item=item).count() == 1
    assert client.post("/backoffice/nhap-mon/", {"item": "abc"}).status_code == 400
    assert client.post("/backoffice/nhap-mon/", {"item": 99999}).status_code == 404


def test_the_officer_card_lists_the_survey_answers_about_the_officer(world: Cast) -> None:
    from motcua.engagement.services import survey_record
    from tests.dossiers.factories import at

    survey_record(at=at("2027-03-02 10:00"), satisfaction="dissatisfied", attitude="impolite", officer=world.officer)
    page = _client("supervisor").get(f"/backoffice/can-bo/{world.officer.pk}/?from=2027-03-01&to=2027-03-31")
    assert "02/03/2027" in page.content.decode()
