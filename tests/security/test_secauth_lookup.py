"""Attacks on the public dossier lookup (issue #8, finding 10): limits counted atomically and per client
(an IPv6 client per /64), never per code; the identity secret is exactly 4 ASCII digits; a deploy check
warns when the counters are per process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import Client, RequestFactory

from motcua.core.ratelimit import FAILURES_PER_CLIENT, client_network, hit, lookup_begin
from motcua.dossiers.models import Dossier
from tests.conftest import Cast
from tests.dossiers.factories import applicant, received

RIGHT_PHONE = "0912 345 678"
WRONG_PHONE = "0987 654 321"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def look_up(code: str, secret: str, address: str) -> Any:
    return Client(HTTP_ACCEPT_LANGUAGE="en").post("/tra-cuu/", {"code": code, "secret": secret}, REMOTE_ADDR=address)


def api_look_up(code: str, secret: str, address: str) -> Any:
    return Client().get("/api/v1/lookup", {"code": code, "secret": secret}, REMOTE_ADDR=address)


def run_together(count: int, work: Any) -> None:
    start = threading.Barrier(count)

    def run() -> None:
        start.wait()
        work()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --- atomic counting --------------------------------------------------------------------------------


def test_parallel_guesses_get_no_more_answers_than_the_limit() -> None:
    request = RequestFactory().post("/tra-cuu/", REMOTE_ADDR="198.51.100.7")
    answered: list[str] = []

    def guess() -> None:
        if (attempt := lookup_begin(request)) is not None:  # then the (wrong) secret is checked
            answered.append(attempt)

    run_together(60, guess)
    assert len(answered) == FAILURES_PER_CLIENT


def test_each_parallel_hit_gets_its_own_count() -> None:
    counts: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        mine = [hit("test:parallel", 60) for _ in range(50)]
        with lock:
            counts.extend(mine)

    run_together(8, work)
    assert sorted(counts) == list(range(1, 401))


def test_parallel_wrong_lookups_through_the_page_are_limited(cast: Cast) -> None:
    dossier = received(cast)
    statuses: list[int] = []

    def guess() -> None:
        statuses.append(look_up(dossier.code, WRONG_PHONE, "198.51.100.7").status_code)

    run_together(20, guess)
    assert sorted(statuses) == [200] * FAILURES_PER_CLIENT + [429] * (20 - FAILURES_PER_CLIENT)


# --- per client, not per code -----------------------------------------------------------------------


def test_the_applicant_gets_in_from_another_address_while_their_code_is_attacked(cast: Cast) -> None:
    dossier = received(cast)
    for attempt in range(FAILURES_PER_CLIENT * 3):
        look_up(dossier.code, f"{1000 + attempt}", f"198.51.100.{attempt}")
        api_look_up(dossier.code, f"{2000 + attempt}", f"198.51.100.{attempt}")
    assert look_up(dossier.code, RIGHT_PHONE, "192.0.2.44").status_code == 302
    assert api_look_up(dossier.code, "2345", "192.0.2.45").status_code == 200


def test_an_ipv6_client_is_counted_per_64_network(cast: Cast) -> None:
    dossier = received(cast)
    for attempt in range(FAILURES_PER_CLIENT):
        assert look_up(dossier.code, WRONG_PHONE, f"2001:db8:1:2::{attempt + 1:x}").status_code == 200
    # Another address in the same /64 is the same client…
    assert look_up(dossier.code, RIGHT_PHONE, "2001:db8:1:2:ffff:ffff:ffff:fffe").status_code == 429
    # …another /64 is not.
    assert look_up(dossier.code, RIGHT_PHONE, "2001:db8:1:3::1").status_code == 302


def test_client_networks() -> None:
    assert client_network("2001:db8:1:2:abcd::9") == "2001:db8:1:2::/64"
    assert client_network("::ffff:198.51.100.7") == "198.51.100.7"
    assert client_network("198.51.100.7") == "198.51.100.7"
    assert client_network("not an address") == "not an address"


def test_behind_a_trusted_proxy_the_forwarded_ipv6_client_is_counted(cast: Cast, settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    dossier = received(cast)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for attempt in range(FAILURES_PER_CLIENT):
        client.post(
            "/tra-cuu/",
            {"code": dossier.code, "secret": WRONG_PHONE},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"2001:db8:9:9::{attempt + 1}",
        )
    blocked = client.post(
        "/tra-cuu/",
        {"code": dossier.code, "secret": RIGHT_PHONE},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="2001:db8:9:9::99",
    )
    other = client.post(
        "/tra-cuu/",
        {"code": dossier.code, "secret": RIGHT_PHONE},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.9",
    )
    assert blocked.status_code == 429 and other.status_code == 302


# --- the identity digits ----------------------------------------------------------------------------


def branch(cast: Cast) -> Dossier:
    return received(
        cast,
        applicant=applicant(
            name="Công ty TNHH An Phát - Chi nhánh Hạ Long", id_number="0101234567-001", kind="organisation"
        ),
    )


def test_a_branch_suffix_is_not_a_secret(cast: Cast) -> None:
    dossier = branch(cast)
    for secret in ["-001", "- 001", "7001", "0001", "001"]:
        assert look_up(dossier.code, secret, "192.0.2.1").status_code == 200
        assert api_look_up(dossier.code, secret, "192.0.2.2").status_code == 404
    assert look_up(dossier.code, RIGHT_PHONE, "192.0.2.3").status_code == 302


def test_the_last_four_digits_of_a_tax_code_or_passport_are_accepted(cast: Cast) -> None:
    company = received(cast, applicant=applicant(id_number="0101234567", kind="organisation"))
    traveller = received(cast, applicant=applicant(id_number="B1234567"))
    assert look_up(company.code, "4567", "192.0.2.1").status_code == 302
    assert look_up(traveller.code, "4567", "192.0.2.1").status_code == 302


@pytest.mark.parametrize("secret", ["２３４５", "٢٣٤٥", "éééé", "23 4５", "٠٩١٢٣٤٥٦٧٨", "０９１２３４５６７８"])
def test_non_ascii_secrets_are_ordinary_failures(cast: Cast, secret: str) -> None:
    dossier = received(cast)  # ID ends in 2345, phone 0912 345 678
    assert look_up(dossier.code, secret, "192.0.2.1").status_code == 200
    assert api_look_up(dossier.code, secret, "192.0.2.2").status_code == 404


# --- the deploy check -------------------------------------------------------------------------------


def deploy_warnings() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True) if message.id}


def test_check_deploy_warns_when_the_counters_are_per_process(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "motcua.W001" in deploy_warnings()
    assert "motcua.W001" not in {message.id for message in run_checks()}  # only with --deploy


def test_check_deploy_is_quiet_with_a_shared_cache(settings: Any) -> None:
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/1"}
    }
    assert "motcua.W001" not in deploy_warnings()
