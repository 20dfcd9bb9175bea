"""Feedback pages: the portal form (rate-limited per client), the citizen's link, the published answers
without personal data; the back office's inbox, intake and actions, isolated by agency."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from motcua.feedback.models import Feedback, FeedbackTransfer
from motcua.feedback.services import feedback_answer, feedback_classify, feedback_publish, feedback_receive
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

FORM = {
    "subject": "Thái độ cán bộ tiếp nhận",
    "content": "Cán bộ quầy số 3 không hướng dẫn rõ ràng.",
    "name": "Trần Thị Cúc",
    "phone": "0987 654 321",
    "email": "",
    "dossier_code": "",
    "agency": "",
}


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def item(cast: Cast, agency: Any = None, **fields: Any) -> Feedback:
    data: dict[str, Any] = {
        "channel": Feedback.Channel.PORTAL,
        "subject": "Chậm trả kết quả",
        "content": "Hồ sơ quá hạn.",
        "name": "Nguyễn Văn Bình",
        "phone": "0912 345 678",
        "agency": agency or cast.agency,
    }
    data.update(fields)
    return feedback_receive(**data)


def published(cast: Cast) -> Feedback:
    fb = feedback_classify(actor=cast.officer, feedback=item(cast), kind=Feedback.Kind.WITHIN_COMPETENCE)
    fb = feedback_answer(actor=cast.officer, feedback=fb, answer="Kết quả đã được trả ngày 05/03.")
    return feedback_publish(actor=cast.officer, feedback=fb, public_question="Công dân hỏi vì sao hồ sơ quá hạn.")


def test_a_citizen_sends_feedback_and_gets_the_follow_link(cast: Cast) -> None:
    response = Client().post("/phan-anh/", {**FORM, "agency": cast.agency.pk})
    assert response.status_code == 302
    fb = Feedback.objects.get()
    assert response["Location"] == f"/phan-anh/theo-doi/{fb.rating_token}/"
    assert (fb.channel, fb.agency, fb.phone) == (Feedback.Channel.PORTAL, cast.agency, "+84987654321")
    page = Client().get(response["Location"])
    assert fb.number in page.content.decode()


def test_bad_input_on_the_portal_form_is_a_400_in_vietnamese(cast: Cast) -> None:
    response = Client().post("/phan-anh/", {**FORM, "phone": "123", "content": ""})
    assert response.status_code == 400
    assert "Số điện thoại" in response.content.decode() or "số điện thoại" in response.content.decode()
    assert not Feedback.objects.exists()


@override_settings(FEEDBACK_PER_CLIENT_PER_HOUR=2)
def test_the_portal_form_is_rate_limited_per_client(cast: Cast) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/phan-anh/", FORM).status_code == 302
    assert client.post("/phan-anh/", FORM).status_code == 302
    refused = client.post("/phan-anh/", FORM)
    assert refused.status_code == 429
    assert "Too much feedback" in refused.content.decode()
    assert Feedback.objects.count() == 2
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post("/phan-anh/", FORM).status_code == 302


def test_the_public_pages_show_published_answers_without_personal_data(cast: Cast) -> None:
    fb = published(cast)
    hidden = item(cast, subject="Chưa công bố")
    listing = Client().get("/phan-anh/cong-khai/").content.decode()
    assert fb.subject in listing and "Chưa công bố" not in listing
    detail = Client().get(f"/phan-anh/cong-khai/{fb.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    assert "Kết quả đã được trả" in body and "Công dân hỏi" in body
    assert "Nguyễn Văn Bình" not in body and "912" not in body and "Hồ sơ quá hạn." not in body
    assert Client().get(f"/phan-anh/cong-khai/{hidden.pk}/").status_code == 404


def test_the_citizen_rates_the_answer_on_the_follow_page(cast: Cast) -> None:
    fb = published(cast)
    url = f"/phan-anh/theo-doi/{fb.rating_token}/"
    assert Client().post(url, {"rating": "bad"}).status_code == 400
    assert Client().post(url, {"rating": "satisfied", "comment": "Tốt"}).status_code == 302
    fb.refresh_from_db()
    assert fb.rating == "satisfied"
    assert Client().get("/phan-anh/theo-doi/not-a-token/").status_code == 404


def test_an_agency_sees_only_its_own_feedback_and_a_supervisor_sees_all(cast: Cast) -> None:
    mine = item(cast)
    theirs = item(cast, agency=cast.other_agency, subject="Việc của Sở Xây dựng")
    unrouted = feedback_receive(channel="portal", subject="Không rõ cơ quan", content="Nội dung")
    inbox = staff(cast.officer).get("/backoffice/phan-anh/").content.decode()
    assert mine.number in inbox and theirs.number not in inbox and unrouted.number not in inbox
    assert staff(cast.officer).get(f"/backoffice/phan-anh/{theirs.pk}/").status_code == 404
    refused = staff(cast.officer).post(f"/backoffice/phan-anh/{theirs.pk}/thao-tac/", {"action": "take"})
    assert refused.status_code == 404
    theirs.refresh_from_db()
    assert theirs.owner is None
    supervisor = staff(cast.supervisor).get("/backoffice/phan-anh/").content.decode()
    assert all(f.number in supervisor for f in (mine, theirs, unrouted))
    assert staff(cast.other_officer).get(f"/backoffice/phan-anh/{theirs.pk}/").status_code == 200


def test_a_transferred_item_leaves_the_first_agency(cast: Cast) -> None:
    fb = item(cast)
    response = staff(cast.officer).post(
        f"/backoffice/phan-anh/{fb.pk}/thao-tac/",
        {"action": "classify", "kind": "outside_competence", "to_agency": cast.other_agency.pk, "reason": "Xây dựng"},
    )
    assert response.status_code == 302 and response["Location"] == "/backoffice/phan-anh/"
    assert FeedbackTransfer.objects.filter(feedback=fb, to_agency=cast.other_agency).exists()
    assert staff(cast.officer).get(f"/backoffice/phan-anh/{fb.pk}/").status_code == 404
    assert staff(cast.other_officer).get(f"/backoffice/phan-anh/{fb.pk}/").status_code == 200


def test_a_clerk_registers_hotline_feedback_classified_on_intake(cast: Cast) -> None:
    response = staff(cast.clerk).post(
        "/backoffice/phan-anh/moi/",
        {
            "channel": "hotline",
            "name": "",
            "phone": "",
            "email": "",
            "subject": "Hỏi về lệ phí",
            "content": "Lệ phí lý lịch tư pháp bao nhiêu?",
            "dossier_code": "",
            "agency": cast.agency.pk,
            "kind": "within_competence",
            "reason": "",
        },
    )
    fb = Feedback.objects.get()
    assert response.status_code == 302
    assert (fb.channel, fb.status, fb.received_by) == ("hotline", Feedback.Status.IN_PROGRESS, cast.clerk)


def test_a_clerk_cannot_register_feedback_for_another_agency(cast: Cast) -> None:
    response = staff(cast.clerk).post(
        "/backoffice/phan-anh/moi/",
        {"channel": "counter", "subject": "S", "content": "C", "agency": cast.other_agency.pk},
    )
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_handler_answers_and_publishes_from_the_item_page(cast: Cast) -> None:
    fb = item(cast)
    client = staff(cast.officer)
    act = f"/backoffice/phan-anh/{fb.pk}/thao-tac/"
    assert client.post(act, {"action": "classify", "kind": "within_competence"}).status_code == 302
    assert client.post(act, {"action": "answer", "answer": ""}).status_code == 400
    assert client.post(act, {"action": "answer", "answer": "Đã xử lý."}).status_code == 302
    leaked = client.post(act, {"action": "publish", "public_question": "Ông Nguyễn Văn Bình hỏi"})
    assert leaked.status_code == 400 and "personal data" in leaked.content.decode()
    assert client.post(act, {"action": "publish", "public_question": "Công dân hỏi"}).status_code == 302
    fb.refresh_from_db()
    assert fb.status == Feedback.Status.PUBLISHED
    page = client.get(f"/backoffice/phan-anh/{fb.pk}/")
    assert page.status_code == 200 and "Nguyễn Văn Bình" in page.content.decode()


def test_the_inbox_shows_overdue_items_with_their_band_and_the_supervisor_counts_them(cast: Cast) -> None:
    from tests.dossiers.factories import at

    late = item(cast, subject="Quá hạn phân loại", at=at("2026-11-02 08:00"))
    fresh = item(cast, subject="Mới nhận")
    overdue = staff(cast.officer).get("/backoffice/phan-anh/?xem=overdue").content.decode()
    assert late.number in overdue and fresh.number not in overdue
    assert 'class="band-overdue"' in overdue
    open_items = staff(cast.officer).get("/backoffice/phan-anh/").content.decode()
    assert open_items.index(late.number) < open_items.index(fresh.number)  # the earliest deadline first
    supervisor = staff(cast.supervisor).get("/backoffice/phan-anh/").content.decode()
    assert "Overdue feedback by agency" in supervisor and cast.agency.name in supervisor


def test_the_citizen_gives_the_information_asked_for_on_the_follow_page(cast: Cast) -> None:
    fb = item(cast)
    client = staff(cast.officer)
    assert (
        client.post(f"/backoffice/phan-anh/{fb.pk}/thao-tac/", {"action": "ask", "question": "Mã hồ sơ?"}).status_code
        == 302
    )
    url = f"/phan-anh/theo-doi/{fb.rating_token}/"
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()
    assert "Mã hồ sơ?" in page and "Send the information" in page
    assert Client().post(url, {"reply": ""}).status_code == 400
    assert Client().post(url, {"reply": "000.00.20.H49-270301-0001"}).status_code == 302
    fb.refresh_from_db()
    assert fb.status == Feedback.Status.RECEIVED and fb.info_reply.startswith("000.00.20")
