"""The floor's pages: kiosk, ticket, display board and its JSON, booking, self check-in, the counter
console (with the reception linked to the called ticket), times, visitors and the logged tracing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from motcua.core.models import AuditLog
from motcua.floor.models import Appointment, Ticket, Visit
from motcua.floor.services import ticket_call_next, ticket_issue, visit_check_in
from tests.dossiers.factories import procedure_for
from tests.floor.conftest import Floor

pytestmark = pytest.mark.django_db


def staff(floor: Floor, user: object) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_kiosk_issues_a_ticket_and_shows_it_with_a_qr(floor: Floor, client: Client) -> None:
    page = client.get(f"/lay-so/{floor.point.pk}/")
    assert page.status_code == 200 and "Hộ tịch" in page.content.decode()
    response = client.post(f"/lay-so/{floor.point.pk}/", {"area": floor.area_a.pk})
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lay-so/ve/{ticket.token}/"
    shown = client.get(response["Location"]).content.decode()
    assert "A001" in shown and "data:image/svg+xml" in shown


def test_the_kiosk_refuses_an_area_of_another_point_with_a_400(floor: Floor, client: Client) -> None:
    assert client.post(f"/lay-so/{floor.point.pk}/", {"area": "999"}).status_code == 400
    assert client.post(f"/lay-so/{floor.point.pk}/", {"code": "WRONG"}).status_code == 400
    assert not Ticket.objects.exists()


def test_the_display_board_json_and_page_show_the_call(floor: Floor, client: Client) -> None:
    ticket_issue(area=floor.area_a)
    ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1)
    data = client.get(f"/man-hinh/{floor.point.pk}/du-lieu.json").json()
    assert data["calls"][0]["ticket"] == "A001" and data["calls"][0]["counter"] == 1
    page = client.get(f"/man-hinh/{floor.point.pk}/").content.decode()
    assert "A001" in page and 'http-equiv="refresh"' in page and "board.js" in page


def test_booking_online_gives_a_confirmation_without_personal_data(floor: Floor, client: Client) -> None:
    from motcua.workdays.services import calendar_load

    day = calendar_load().next_working_day(timezone.localdate() + dt.timedelta(days=1))
    url = f"/dat-lich/{floor.point.pk}/?area={floor.area_a.pk}&day={day.isoformat()}"
    assert "09:00" in client.get(url).content.decode()
    response = client.post(url, {"start": "09:00", "name": "Nguyễn Văn An", "phone": "0912 345 678"})
    appointment = Appointment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dat-lich/xac-nhan/{appointment.code}/"
    shown = client.get(response["Location"]).content.decode()
    assert appointment.code in shown and "Nguyễn" not in shown
    bad = client.post(url, {"start": "09:00", "name": "An", "phone": "12"})
    assert bad.status_code == 400 and "số điện thoại" in bad.content.decode()  # Vietnamese by default


def test_booking_with_a_bad_day_is_a_400(floor: Floor, client: Client) -> None:
    assert client.get(f"/dat-lich/{floor.point.pk}/?area={floor.area_a.pk}&day=99999-01-01").status_code == 400


def test_self_check_in_only_in_epidemic_mode(floor: Floor, client: Client) -> None:
    assert client.get(f"/khai-bao/{floor.point.pk}/").status_code == 404


def test_self_check_in_records_a_visit(floor: Floor, client: Client, epidemic: None) -> None:
    url = f"/khai-bao/{floor.point.pk}/"
    assert "sốt" in client.get(url).content.decode()
    missing = client.post(url, {"name": "An", "phone": "0912345678", "purpose": "Nộp hồ sơ"})
    assert missing.status_code == 400 and not Visit.objects.exists()
    done = client.post(url, {"name": "An", "phone": "0912345678", "purpose": "Nộp hồ sơ", "q0": "no", "q1": "no"})
    assert done.status_code == 200 and Visit.objects.count() == 1


def test_a_clerk_calls_at_the_console_and_receives_a_dossier_linked_to_the_ticket(floor: Floor) -> None:
    version = procedure_for(floor.cast)
    ticket_issue(area=floor.area_a)
    clerk = staff(floor, floor.cast.clerk)
    response = clerk.post(f"/backoffice/quay/{floor.counter1.pk}/", {"action": "next"})
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.status == Ticket.Status.CALLED and ticket.counter == floor.counter1
    console = clerk.get(f"/backoffice/quay/?quay={floor.counter1.pk}").content.decode()
    assert "A001" in console and f"/backoffice/tiep-nhan/?ve={ticket.pk}" in console
    form_url = f"/backoffice/tiep-nhan/{version.procedure.code}/?ve={ticket.pk}"
    assert "ticket A001" in clerk.get(form_url).content.decode()
    documents = {f"doc_{r.pk}_{k}": "1" for r in version.documents.all() for k in ("received", "originals")}
    posted = clerk.post(
        form_url,
        {
            "kind": "person",
            "name": "Nguyễn Văn An",
            "id_number": "001090012345",
            "phone": "0912 345 678",
            "channel": "in_person",
            "result_delivery": "counter",
            "fee_paid": "on",
            **documents,
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:3000]
    ticket.refresh_from_db()
    assert ticket.dossier is not None and AuditLog.objects.filter(action="ticket.dossier_linked").exists()


def test_a_clerk_cannot_act_at_a_counter_of_another_agency(floor: Floor) -> None:
    clerk = staff(floor, floor.cast.clerk)
    assert clerk.post(f"/backoffice/quay/{floor.counter3.pk}/", {"action": "next"}).status_code == 403


def test_bad_console_input_is_a_400(floor: Floor) -> None:
    clerk = staff(floor, floor.cast.clerk)
    assert clerk.post(f"/backoffice/quay/{floor.counter1.pk}/", {"action": "skip", "ticket": "x"}).status_code == 400
    ticket = ticket_issue(area=floor.area_a)
    assert (
        clerk.post(f"/backoffice/quay/{floor.counter1.pk}/", {"action": "skip", "ticket": ticket.pk}).status_code == 400
    )


def test_the_times_page_shows_each_counter(floor: Floor) -> None:
    ticket_issue(area=floor.area_a)
    ticket_call_next(actor=floor.cast.clerk, counter=floor.counter1)
    page = staff(floor, floor.cast.supervisor).get(f"/backoffice/hang-doi/thoi-gian/?diem={floor.point.pk}")
    assert page.status_code == 200 and "By counter" in page.content.decode()
    bad = staff(floor, floor.cast.supervisor).get("/backoffice/hang-doi/thoi-gian/?tu=x")
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()


def test_reading_visitors_and_tracing_is_logged_and_only_supervisors_trace(floor: Floor, epidemic: None) -> None:
    index = visit_check_in(service_point=floor.point, name="Ca", phone="0912345678", purpose="Hồ sơ", answers=[])
    visit_check_in(service_point=floor.point, name="Khách", phone="0912345679", purpose="Hồ sơ", answers=[])
    clerk = staff(floor, floor.cast.clerk)
    assert "Khách" in clerk.get("/backoffice/khach/").content.decode()
    assert AuditLog.objects.filter(action="visit.listed", actor=floor.cast.clerk).exists()
    assert clerk.post(f"/backoffice/khach/{index.pk}/", {"temperature": "99"}).status_code == 400
    assert clerk.post(f"/backoffice/khach/{index.pk}/", {"temperature": "37.2"}).status_code == 302
    assert clerk.get(f"/backoffice/khach/{index.pk}/truy-vet/").status_code == 403
    supervisor = staff(floor, floor.cast.supervisor)
    assert "Khách" in supervisor.get(f"/backoffice/khach/{index.pk}/truy-vet/").content.decode()
    assert AuditLog.objects.filter(action="visit.traced", actor=floor.cast.supervisor).exists()
    assert supervisor.post(f"/backoffice/khach/{index.pk}/truy-vet/", {"reason": ""}).status_code == 400
    export = supervisor.post(f"/backoffice/khach/{index.pk}/truy-vet/", {"reason": "CDC", "window": "30"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    assert AuditLog.objects.get(action="visit.trace_exported").data["reason"] == "CDC"
    assert supervisor.get(f"/backoffice/khach/{index.pk}/truy-vet/?window=abc").status_code == 400
