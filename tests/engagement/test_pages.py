"""The guidance, hotline, supervisor and survey pages: who may use them, what they write, bad input → 400."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_receive, dossier_return_result
from motcua.engagement.models import GuidanceRequest, GuidanceSession, GuidanceTransfer, HotlineCall, Survey
from motcua.engagement.services import guidance_request_open, survey_token
from motcua.organisation.models import Counter, ServicePoint
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for

SURVEY = {"satisfaction": "very_satisfied", "attitude": "very_polite", "time": "on_time", "costs": "as_listed"}


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def returned_today(cast: Cast) -> Dossier:
    dossier = dossier_receive(
        actor=cast.clerk, version=procedure_for(cast), agency=cast.agency, applicant=applicant(), received_at=None
    )
    dossier = dossier_forward(actor=cast.officer, dossier=dossier)
    dossier = dossier_approve(actor=cast.head, dossier=dossier)
    return dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="An")


def test_a_clerk_logs_a_session_that_opens_a_request_they_own(cast: Cast) -> None:
    response = staff(cast.clerk).post(
        "/backoffice/huong-dan/",
        {
            "channel": "phone",
            "topic": "Đất đai",
            "outcome": "request",
            "minutes": "7",
            "question": "Tách thửa cần gì?",
            "contact_phone": "0912345678",
        },
    )
    assert response.status_code == 302
    session = GuidanceSession.objects.get()
    assert (session.channel, session.topic, session.duration_seconds, session.staff) == (
        "phone",
        "Đất đai",
        420,
        cast.clerk,
    )
    assert GuidanceRequest.objects.get().owner == cast.clerk


def test_a_request_outcome_without_a_question_is_a_400(cast: Cast) -> None:
    response = staff(cast.clerk).post(
        "/backoffice/huong-dan/", {"channel": "phone", "topic": "Đất đai", "outcome": "request", "minutes": "1"}
    )
    assert response.status_code == 400
    assert b"Write down the question to answer later." in response.content
    assert not GuidanceSession.objects.exists()


def test_an_unknown_topic_or_procedure_code_is_a_400(cast: Cast) -> None:
    client = staff(cast.clerk)
    base = {"channel": "counter", "outcome": "answered", "minutes": "1"}
    assert client.post("/backoffice/huong-dan/", {**base, "topic": "Nope"}).status_code == 400
    response = client.post("/backoffice/huong-dan/", {**base, "topic": "Hộ tịch", "procedure_code": "9.999"})
    assert response.status_code == 400 and b"No procedure has this code." in response.content


def test_transfer_accept_and_close_through_the_pages(cast: Cast) -> None:
    request = guidance_request_open(actor=cast.clerk, question="Hỏi lệ phí")
    clerk, officer = staff(cast.clerk), staff(cast.officer)
    prefix = f"r{request.pk}"
    response = clerk.post(
        f"/backoffice/huong-dan/yeu-cau/{request.pk}/",
        {"action": "transfer", f"{prefix}-to": cast.officer.pk, f"{prefix}-reason": "Thuộc chuyên môn"},
    )
    assert response.status_code == 302
    transfer = GuidanceTransfer.objects.get()
    assert "Hỏi lệ phí" in officer.get("/backoffice/huong-dan/").content.decode()
    # the colleague may not close it before accepting: it is still the clerk's
    assert (
        officer.post(f"/backoffice/huong-dan/yeu-cau/{request.pk}/", {"action": "close", "answer": "x"}).status_code
        == 403
    )
    assert officer.post(f"/backoffice/huong-dan/chuyen/{transfer.pk}/", {"action": "accept"}).status_code == 302
    response = officer.post(f"/backoffice/huong-dan/yeu-cau/{request.pk}/", {"action": "close", "answer": "Đã gọi lại"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.owner, request.status) == (cast.officer, GuidanceRequest.Status.CLOSED)


def test_a_transfer_without_a_reason_is_a_400(cast: Cast) -> None:
    request = guidance_request_open(actor=cast.clerk, question="Hỏi")
    response = staff(cast.clerk).post(
        f"/backoffice/huong-dan/yeu-cau/{request.pk}/", {"action": "transfer", f"r{request.pk}-to": cast.officer.pk}
    )
    assert response.status_code == 400
    assert not GuidanceTransfer.objects.exists()


def test_a_hotline_call_with_a_question_opens_a_callback_request(cast: Cast) -> None:
    response = staff(cast.clerk).post(
        "/backoffice/tong-dai/",
        {"caller_phone": "0912345678", "topic": "Hộ chiếu", "minutes": "2", "question": "Hộ chiếu trẻ em?"},
    )
    assert response.status_code == 302
    call = HotlineCall.objects.get()
    assert call.staff == cast.clerk and call.duration_seconds == 120
    assert GuidanceRequest.objects.get().call == call
    assert staff(cast.clerk).post("/backoffice/tong-dai/", {"topic": "Hộ chiếu", "minutes": "-3"}).status_code == 400


def test_the_supervisor_sees_overdue_callbacks_and_survey_results(cast: Cast) -> None:
    guidance_request_open(actor=cast.clerk, question="Câu hỏi quá hạn", at=at("2027-03-01 08:00"))
    page = staff(cast.supervisor).get("/backoffice/giam-sat/huong-dan/")
    assert page.status_code == 200  # the request is due in 2027: not overdue yet
    assert "Câu hỏi quá hạn" not in page.content.decode()
    GuidanceRequest.objects.update(callback_due_at=timezone.now() - timezone.timedelta(hours=1))
    assert "Câu hỏi quá hạn" in staff(cast.supervisor).get("/backoffice/giam-sat/huong-dan/").content.decode()
    assert staff(cast.clerk).get("/backoffice/giam-sat/huong-dan/").status_code == 403
    assert staff(cast.supervisor).get("/backoffice/giam-sat/huong-dan/?tu=x").status_code == 400


def test_the_counter_tablet_shows_the_dossier_just_returned_and_takes_one_answer(cast: Cast) -> None:
    point = ServicePoint.objects.create(name="TT", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=cast.agency)
    counter = Counter.objects.create(service_point=point, number=4, agency=cast.agency)
    client = staff(cast.clerk)
    url = f"/backoffice/quay/{counter.pk}/khao-sat/"
    assert b"No returned dossier is waiting" in client.get(url).content
    dossier = returned_today(cast)
    page = client.get(url)
    assert (dossier.code or "") in page.content.decode()
    assert client.post(url, {"dossier": dossier.pk, "attitude": "normal"}).status_code == 400
    assert client.post(url, {"dossier": dossier.pk, **SURVEY}).status_code == 302
    survey = Survey.objects.get()
    assert (survey.source, survey.counter, survey.officer, survey.dossier) == ("counter", counter, cast.clerk, dossier)
    assert client.post(url, {"dossier": dossier.pk, **SURVEY}).status_code == 400
    assert staff(cast.other_clerk).get(url).status_code == 403


def test_a_citizen_rates_the_dossier_once_after_lookup(cast: Cast) -> None:
    dossier = returned_today(cast)
    citizen = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert citizen.post(f"/tra-cuu/{dossier.code}/khao-sat/", SURVEY).status_code == 302
    assert not Survey.objects.exists()  # not looked up: sent to the lookup form
    assert citizen.post("/tra-cuu/", {"code": dossier.code, "secret": "0912 345 678"}).status_code == 302
    assert b"How did we do?" in citizen.get(f"/tra-cuu/{dossier.code}/").content
    assert citizen.post(f"/tra-cuu/{dossier.code}/khao-sat/", {"attitude": "normal"}).status_code == 400
    assert citizen.post(f"/tra-cuu/{dossier.code}/khao-sat/", SURVEY).status_code == 302
    assert Survey.objects.get().source == "online"
    assert b"How did we do?" not in citizen.get(f"/tra-cuu/{dossier.code}/").content


def test_the_notice_link_opens_the_survey_of_its_dossier(cast: Cast) -> None:
    dossier = returned_today(cast)
    citizen = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = f"/khao-sat/{survey_token(dossier)}/"
    page = citizen.get(url)
    assert page.status_code == 200 and dossier.applicant_name not in page.content.decode()
    assert citizen.post(url, SURVEY).status_code == 302
    assert Survey.objects.get().source == "link"
    assert b"the answer for this dossier is recorded" in citizen.get(url).content
    assert citizen.get("/khao-sat/forged:token/").status_code == 404


def test_the_guidance_and_survey_pages_label_every_control(cast: Cast) -> None:
    from tests.accessibility.test_labels import check

    guidance_request_open(actor=cast.clerk, question="Hỏi")
    point = ServicePoint.objects.create(name="TT", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=cast.agency)
    counter = Counter.objects.create(service_point=point, number=4, agency=cast.agency)
    dossier = returned_today(cast)
    pages = [
        (staff(cast.clerk), "/backoffice/huong-dan/"),
        (staff(cast.clerk), "/backoffice/tong-dai/"),
        (staff(cast.supervisor), "/backoffice/giam-sat/huong-dan/"),
        (staff(cast.clerk), f"/backoffice/quay/{counter.pk}/khao-sat/"),
        (Client(), f"/khao-sat/{survey_token(dossier)}/"),
    ]
    for client, url in pages:
        html = client.get(url).content.decode()
        assert "survey-choice" in html or "khao-sat" not in url, url
        problems = [p for p in check(html) if p != "no skip link" or "/backoffice/quay/" not in url]
        assert problems == [], url
