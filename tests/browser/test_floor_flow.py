"""The centre floor in a real browser: a kiosk ticket, called at a counter, appears on the display board
without a page reload."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import login
from tests.conftest import Cast
from tests.floor.conftest import Floor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_kiosk_ticket_called_at_the_counter_shows_on_the_display_board(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    floor = Floor(cast)
    context = browser.new_context()
    board = context.new_page()
    board.goto(f"{live_server.url}/man-hinh/{floor.point.pk}/")
    board.get_by_text("Nobody is being called yet.").wait_for()

    kiosk = context.new_page()
    kiosk.goto(f"{live_server.url}/lay-so/{floor.point.pk}/")
    kiosk.get_by_role("button", name="A Hộ tịch").click()
    kiosk.locator("#ticket-number").get_by_text("A001").wait_for()

    clerk = login(browser.new_context(), live_server, "clerk")
    clerk.get_by_role("link", name="Counter queue").click()
    clerk.get_by_role("button", name="Call the next number").click()
    clerk.get_by_text("Called A001.").wait_for()

    board.locator("#calls tr.latest").get_by_text("A001").wait_for(timeout=10_000)
    assert board.locator("#announce").inner_text() == "Number A001, please go to counter 1"
