"""Feedback in a real browser: a citizen sends it, a handler answers and publishes it, the public page
shows the answer without the citizen's name or phone."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.feedback.models import Feedback
from tests.browser.conftest import login
from tests.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def test_feedback_sent_answered_and_published_without_personal_data(cast: Cast, live_server: Any, browser: Any) -> None:
    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server.url}/phan-anh/")
    citizen.get_by_label("Subject").fill("Hướng dẫn chưa rõ")
    citizen.get_by_label("Your feedback or petition").fill("Cán bộ quầy hướng dẫn chưa rõ về lệ phí.")
    citizen.get_by_label("Agency it is about").select_option(label=cast.agency.name)
    citizen.get_by_label("Your name").fill("Đỗ Thị Mai")
    citizen.get_by_label("Phone").fill("0934 567 890")
    citizen.get_by_role("button", name="Send").click()
    citizen.wait_for_url(f"{live_server.url}/phan-anh/theo-doi/**")
    follow_url = citizen.url
    item = Feedback.objects.get()
    citizen.get_by_role("heading", name=f"Your feedback {item.number}").wait_for()

    handler = login(browser.new_context(), live_server, "officer")
    handler.get_by_role("link", name="Feedback").click()
    handler.get_by_role("link", name=item.number).click()
    handler.get_by_label("Classification").select_option("staff_behaviour")
    handler.get_by_role("button", name="Classify").click()
    handler.get_by_label("Answer").fill("Trung tâm đã nhắc nhở cán bộ; lệ phí là 200.000 đồng.")
    handler.get_by_role("button", name="Send the answer").click()
    handler.get_by_label("The question as published (no name, phone or e-mail)").fill(
        "Công dân phản ánh cán bộ hướng dẫn chưa rõ về lệ phí."
    )
    handler.get_by_role("button", name="Publish on the portal").click()
    handler.get_by_text("answer published").first.wait_for()

    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}/phan-anh/cong-khai/")
    public.get_by_role("link", name="Hướng dẫn chưa rõ").click()
    public.get_by_text("lệ phí là 200.000 đồng").wait_for()
    body = public.content()
    assert "Đỗ Thị Mai" not in body and "934" not in body

    citizen.goto(follow_url)
    citizen.get_by_label("satisfied", exact=True).check()
    citizen.get_by_role("button", name="Rate the answer").click()
    citizen.get_by_text("Your rating").wait_for()
    item.refresh_from_db()
    assert item.rating == "satisfied"
