"""Attacks on the staff login (issue #8, findings 3 and 4): throttling must stop guessing without letting
an attacker lock the office, or one named person, out."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory

from motcua.backoffice.auth import (
    CLIENT_FAILURES,
    FREE_FAILURES,
    MAX_WAIT_SECONDS,
    ThrottledAdminLoginForm,
    ThrottledLoginForm,
    wait_after,
)
from tests.conftest import Cast

LOGIN = "/backoffice/dang-nhap/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "right-password-123"
THROTTLED = "Too many failed attempts"
ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(cast: Cast) -> Cast:
    for user in (cast.clerk, cast.head):
        user.set_password(PASSWORD)
        user.save()
    return cast


def log_in(username: str, password: str, address: str, url: str = LOGIN, **headers: Any) -> tuple[Client, Any]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)
    return client, response


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_an_attacker_guessing_one_password_locks_out_neither_its_owner_elsewhere_nor_colleagues(staff: Cast) -> None:
    for _ in range(40):
        log_in("head", "guess", ATTACKER)
    # The attacker's own attempts for "head" are held back, even with the right password…
    client, response = log_in("head", PASSWORD, ATTACKER)
    assert THROTTLED in response.content.decode() and not logged_in(client)
    # …but the head, from the office, gets in,
    client, response = log_in("head", PASSWORD, OFFICE)
    assert response.status_code == 302 and logged_in(client)
    # and so does a colleague from the attacker's address (a shared office address): only FREE_FAILURES
    # of the 40 guesses were checked, far below the address's limit.
    client, response = log_in("clerk", PASSWORD, ATTACKER)
    assert response.status_code == 302 and logged_in(client)


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for(staff: Cast, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for attempt in range(FREE_FAILURES + 1):
        log_in(f"nobody{attempt}", "guess", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
        log_in("clerk", "guess", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    client, response = log_in("clerk", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    assert response.status_code == 302 and logged_in(client)
    client, response = log_in("clerk", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert THROTTLED in response.content.decode()


def test_guesses_from_many_addresses_never_lock_out_the_right_password_from_a_fresh_one(staff: Cast) -> None:
    for attempt in range(60):
        log_in("head", "guess", f"198.51.100.{attempt}")
    client, response = log_in("head", PASSWORD, "192.0.2.200")
    assert response.status_code == 302 and logged_in(client)


def test_the_wait_doubles_with_every_failure_up_to_a_cap() -> None:
    assert [wait_after(k) for k in range(FREE_FAILURES)] == [0] * FREE_FAILURES
    assert wait_after(FREE_FAILURES) == 2**FREE_FAILURES
    assert wait_after(FREE_FAILURES + 1) == 2 * wait_after(FREE_FAILURES)
    assert wait_after(100) == MAX_WAIT_SECONDS


def test_after_the_wait_one_more_attempt_is_checked_and_the_wait_grows(staff: Cast, monkeypatch: Any) -> None:
    start = time.time()
    clock = {"now": start}
    monkeypatch.setattr(time, "time", lambda: clock["now"])  # the cache's clock
    for _ in range(FREE_FAILURES):
        log_in("clerk", "guess", ATTACKER)
    assert THROTTLED in log_in("clerk", PASSWORD, ATTACKER)[1].content.decode()
    clock["now"] = start + wait_after(FREE_FAILURES) + 1
    assert THROTTLED not in log_in("clerk", "guess", ATTACKER)[1].content.decode()  # checked: failure 6
    clock["now"] += wait_after(FREE_FAILURES) + 1  # not long enough any more
    assert THROTTLED in log_in("clerk", PASSWORD, ATTACKER)[1].content.decode()
    clock["now"] += wait_after(FREE_FAILURES + 1)
    client, response = log_in("clerk", PASSWORD, ATTACKER)
    assert response.status_code == 302 and logged_in(client)
    # A success clears the pair's count: the next typo is free again.
    assert THROTTLED not in log_in("clerk", "typo", ATTACKER)[1].content.decode()
    assert log_in("clerk", PASSWORD, ATTACKER)[1].status_code == 302


def test_an_address_trying_many_user_names_is_held_back_but_others_are_not(staff: Cast) -> None:
    for attempt in range(CLIENT_FAILURES):
        log_in(f"user{attempt}", "guess", ATTACKER)
    client, response = log_in("clerk", PASSWORD, ATTACKER)
    assert THROTTLED in response.content.decode() and not logged_in(client)
    client, response = log_in("clerk", PASSWORD, OFFICE)
    assert response.status_code == 302 and logged_in(client)


def test_a_post_without_a_password_does_not_reset_the_count(staff: Cast) -> None:
    for _ in range(FREE_FAILURES):
        log_in("clerk", "guess", ATTACKER)
    log_in("clerk", "", ATTACKER)
    assert THROTTLED in log_in("clerk", PASSWORD, ATTACKER)[1].content.decode()


def test_the_user_name_is_counted_whatever_its_case_or_spaces(staff: Cast) -> None:
    for name in ["clerk", "CLERK", " Clerk ", "clerK", "cLerk"][:FREE_FAILURES]:
        log_in(name, "guess", ATTACKER)
    assert THROTTLED in log_in("clerk", PASSWORD, ATTACKER)[1].content.decode()


class CountingBackend:
    """An authentication backend that refuses everyone and counts how many passwords it was asked to check."""

    checked = 0
    lock = threading.Lock()

    def authenticate(self, request: Any, username: str | None = None, password: str | None = None) -> None:
        with CountingBackend.lock:
            CountingBackend.checked += 1
        time.sleep(0.01)  # a password hash takes time: the window the parallel guesses aim at

    def get_user(self, user_id: int) -> None:
        return None


def test_parallel_guesses_cannot_overtake_the_count(settings: Any) -> None:
    settings.AUTHENTICATION_BACKENDS = [f"{__name__}.CountingBackend"]
    CountingBackend.checked = 0
    factory = RequestFactory()
    start = threading.Barrier(40)

    def guess() -> None:
        request = factory.post(LOGIN, REMOTE_ADDR=ATTACKER)
        form = ThrottledLoginForm(request, data={"username": "head", "password": "guess"})
        start.wait()
        assert not form.is_valid()

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # FREE_FAILURES free attempts, then one at a time (the one holding the wait).
    assert CountingBackend.checked <= FREE_FAILURES + 1


# --- the Django admin -------------------------------------------------------------------------------


def test_the_admin_login_uses_the_throttled_form() -> None:
    from django.contrib import admin

    assert admin.site.login_form is ThrottledAdminLoginForm


def test_the_admin_login_is_throttled_and_a_fresh_client_still_gets_in(db: Any) -> None:
    get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)
    for _ in range(FREE_FAILURES):
        response = log_in("root", "guess", ATTACKER, url=ADMIN_LOGIN)[1]
        assert response.status_code == 200
    client, response = log_in("root", PASSWORD, ATTACKER, url=ADMIN_LOGIN)
    assert THROTTLED in response.content.decode() and not logged_in(client)
    client, response = log_in("root", PASSWORD, OFFICE, url=ADMIN_LOGIN)
    assert response.status_code == 302 and logged_in(client)


def test_the_admin_login_still_refuses_staff_without_admin_access(staff: Cast) -> None:
    client, response = log_in("clerk", PASSWORD, OFFICE, url=ADMIN_LOGIN)
    assert response.status_code == 200 and not logged_in(client)
