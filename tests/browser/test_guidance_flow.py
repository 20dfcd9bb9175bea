"""Guidance and surveys in a real browser: a clerk logs a guidance request and transfers it, the colleague
accepts and closes it; a citizen answers the survey after looking the dossier up."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_receive, dossier_return_result
from motcua.engagement.models import GuidanceRequest, Survey
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.dossiers.factories import applicant, procedure_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_transfers_a_guidance_request_and_the_colleague_accepts_and_closes_it(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.get_by_role("link", name="Guidance", exact=True).click()
    clerk.get_by_label("Channel").select_option("phone")
    clerk.get_by_label("Topic").select_option("Đất đai")
    clerk.get_by_label("Outcome").select_option("request")
    clerk.get_by_label("Question to answer later (opens a request you own)").fill("Tách thửa đất cần giấy tờ gì?")
    clerk.get_by_label("Phone for the callback").fill("0912345678")
    clerk.get_by_role("button", name="Save").click()
    clerk.get_by_text("Saved.").wait_for()
    request = clerk.locator("article.guidance-request")
    request.get_by_text("Tách thửa đất cần giấy tờ gì?").wait_for()
    request.get_by_label("Transfer to").select_option(label="Trần Văn Minh")
    request.get_by_label("Why").fill("Thuộc lĩnh vực đất đai")
    request.get_by_role("button", name="Transfer", exact=True).click()
    clerk.get_by_text("Transferred to Trần Văn Minh: waiting for acceptance.").wait_for()
    assert GuidanceRequest.objects.get().owner == cast.clerk

    officer = login(browser.new_context(), live_server, "officer")
    officer.get_by_role("link", name="Guidance", exact=True).click()
    offered = officer.locator("section[aria-labelledby=offered-title]")
    offered.get_by_text("Thuộc lĩnh vực đất đai").wait_for()
    offered.get_by_role("button", name="Accept").click()
    officer.get_by_text("You own this request now.").wait_for()
    officer.get_by_label("Answer given").fill("Đã gọi lại, hướng dẫn hồ sơ tách thửa")
    officer.get_by_role("button", name="Close the request").click()
    officer.get_by_text("The request is closed.").wait_for()
    item = GuidanceRequest.objects.get()
    assert (item.owner, item.status) == (cast.officer, "closed")


def test_a_citizen_answers_the_survey_after_looking_the_dossier_up(cast: Cast, live_server: Any, browser: Any) -> None:
    dossier = dossier_receive(
        actor=cast.clerk, version=procedure_for(cast), agency=cast.agency, applicant=applicant(), received_at=None
    )
    dossier = dossier_approve(actor=cast.head, dossier=dossier_forward(actor=cast.officer, dossier=dossier))
    dossier = dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="An")

    tracker = browser.new_context().new_page()
    tracker.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    tracker.get_by_label("Phone number or the last 4 digits of your identity number").fill("0912345678")
    tracker.get_by_role("button", name="Look up").click()
    tracker.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")
    survey = tracker.locator("section.pt-survey")
    survey.get_by_text("Very satisfied", exact=True).click()
    survey.get_by_text("Very polite", exact=True).click()
    survey.get_by_text("On the promised date", exact=True).click()
    survey.get_by_text("Only the listed fees", exact=True).click()
    survey.get_by_role("button", name="Send the answers").click()
    tracker.get_by_text("Thank you: the answer for this dossier is recorded.").wait_for()
    answer = Survey.objects.get()
    assert (answer.satisfaction, answer.attitude, answer.time, answer.costs, answer.source) == (
        "very_satisfied",
        "very_polite",
        "on_time",
        "as_listed",
        "online",
    )
    assert answer.officer == cast.clerk


def test_the_citizen_rates_the_dossier_on_the_counter_tablet_right_after_return(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    from motcua.organisation.models import Counter, ServicePoint

    point = ServicePoint.objects.create(name="Trung tâm", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=cast.agency)
    counter = Counter.objects.create(service_point=point, number=2, agency=cast.agency)
    dossier = dossier_receive(
        actor=cast.clerk, version=procedure_for(cast), agency=cast.agency, applicant=applicant(), received_at=None
    )
    dossier = dossier_approve(actor=cast.head, dossier=dossier_forward(actor=cast.officer, dossier=dossier))
    dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="An")

    tablet = login(browser.new_context(), live_server, "clerk")
    tablet.goto(f"{live_server.url}/backoffice/quay/{counter.pk}/khao-sat/")
    tablet.get_by_text(dossier.code or "").wait_for()
    tablet.get_by_text("Satisfied", exact=True).click()
    tablet.get_by_text("Normal", exact=True).click()
    tablet.get_by_text("Once", exact=True).click()
    tablet.get_by_role("button", name="Send the answers").click()
    tablet.get_by_text("Thank you: the answer for this dossier is recorded.").wait_for()
    tablet.get_by_text("No returned dossier is waiting for an answer at this counter.").wait_for()
    answer = Survey.objects.get()
    assert (answer.source, answer.counter, answer.officer, answer.contacts) == ("counter", counter, cast.clerk, "one")
