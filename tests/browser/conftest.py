"""Real-browser tests: Playwright driving Debian's Chromium (never a downloaded browser) against
pytest-django's live server."""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

# The live server runs in a thread while Playwright's sync API holds an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # Staff flows run in English so that selectors read like the source strings; a citizen test checks
    # the Vietnamese default separately.
    return {**browser_context_args, "locale": "en-US", "accept_downloads": True}


@pytest.fixture(autouse=True)
def _browser_passwords(request: Any) -> None:
    """The cast logs in through the real form with a known password."""
    if "cast" not in request.fixturenames:
        return
    cast = request.getfixturevalue("cast")
    for user in (cast.clerk, cast.officer, cast.head, cast.leader, cast.other_clerk, cast.supervisor):
        user.set_password("pw-for-browser-tests")
        user.save()


def login(context: Any, live_server: Any, username: str, password: str = "pw-for-browser-tests") -> Any:
    """A new page of ``context`` logged in through the real login form."""
    page = context.new_page()
    page.goto(f"{live_server.url}/backoffice/dang-nhap/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/backoffice/**")
    return page
