"""Exactly once under faults: a gateway failing 30 % of requests and down for a while, with the database
task backend and with Redis (RQ), and a worker killed with SIGKILL in the middle of a batch.

"Duplicate" = the gateway answering 2xx twice for one notice id (the system posted a notice again after it
had been accepted). The gateway de-duplicates by id as the contract requires, so even the one post that can
repeat after a kill -9 (accepted by the gateway, the worker killed before it wrote "accepted") reaches the
phone once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.management import call_command
from django.db import connection

import motcua
from motcua.notices.models import Notice
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received
from tests.notices.gateway import Gateway

pytestmark = pytest.mark.django_db(transaction=True)

COUNT = 30
DOWN_SECONDS = 3.0  # the 20 s outage, scaled down: the backoff is scaled down the same way


def _receive_many(cast: Cast, count: int = COUNT) -> None:
    version = procedure_for(cast)
    for n in range(count):
        received(cast, f"2027-03-01 {8 + n // 60:02d}:{n % 60:02d}", version=version)


def _drain(burst: list[str], deadline: float = 180.0) -> None:
    """Run the worker in bursts and the requeue sweep (as cron would) until no notice is left queued or
    sending."""
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        call_command("worker", "--burst", *burst, verbosity=0)
        call_command("notices-requeue", verbosity=0)
        if not Notice.objects.filter(state__in=["queued", "sending"]).exists():
            return
        time.sleep(0.1)
    raise AssertionError(sorted(Notice.objects.values_list("state", "attempts", "next_attempt_at")))


def _flaky_run(cast: Cast, gateway: Gateway, settings: Any, burst: list[str]) -> None:
    settings.NOTICE_MAX_ATTEMPTS = 100
    settings.NOTICE_RETRY_BASE_SECONDS = 0.05
    settings.NOTICE_RETRY_MAX_SECONDS = 1.0
    settings.NOTICE_REQUEUE_AFTER_SECONDS = 3.0
    gateway.fail_rate = 0.3
    gateway.down()
    _receive_many(cast)
    threading.Timer(DOWN_SECONDS, gateway.up).start()
    _drain(burst)
    notices = list(Notice.objects.all())
    assert len(notices) == COUNT
    assert {n.state for n in notices} == {Notice.State.ACCEPTED}
    assert gateway.duplicates() == 0
    assert set(gateway.acks) == {str(n.uuid) for n in notices}  # every notice accepted, each once
    assert len(gateway.messages) == COUNT
    assert sum(n.attempts for n in notices) > COUNT  # the faults really happened
    assert all({r["id"] for r in gateway.requests if r["to"] == n.recipient} for n in notices)


def test_flaky_gateway_every_notice_accepted_exactly_once_with_the_database_backend(
    cast: Cast, gateway: Gateway, settings: Any
) -> None:
    _flaky_run(cast, gateway, settings, burst=[])


def test_flaky_gateway_every_notice_accepted_exactly_once_with_redis(
    cast: Cast, gateway: Gateway, settings: Any
) -> None:
    settings.TASKS_BACKEND = "rq"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    settings.RQ_QUEUES = {q: {"URL": "redis://127.0.0.1:6379/14"} for q in settings.TASK_QUEUES}
    redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()
    _flaky_run(cast, gateway, settings, burst=["--worker-class", "tests.notices.rqworker.BurstWorker"])


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(gateway: Gateway, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(motcua.__file__).parent.parent),
        "MOTCUA_DATABASE_URL": _database_url(),
        "MOTCUA_TASKS_BACKEND": "database",
        "MOTCUA_SMS_GATEWAY_URL": gateway.url,
        "MOTCUA_SMS_QUIET_HOURS": "",
        "MOTCUA_NOTICE_SENDING_TIMEOUT_SECONDS": "1",
        "MOTCUA_NOTICE_RETRY_BASE_SECONDS": "0.05",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "motcua.cli", "worker", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(cast: Cast, gateway: Gateway, settings: Any) -> None:
    gateway.delay = 0.05  # a slow gateway: the kill lands while notices are being sent
    _receive_many(cast)
    worker = _worker(gateway)
    try:
        deadline = time.monotonic() + 60
        while len(gateway.requests) < COUNT // 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert 0 < len(gateway.messages) < COUNT  # killed mid-batch
    time.sleep(1.2)  # the lease of the attempt in hand runs out
    settings.NOTICE_SENDING_TIMEOUT_SECONDS = 1
    call_command("notices-requeue", verbosity=0)  # what cron does: the killed worker's task is gone
    for _round in range(10):  # a worker run by cron, and the sweep between runs, until nothing waits
        survivor = _worker(gateway, "--burst")
        assert survivor.wait(120) == 0
        if not Notice.objects.filter(state__in=["queued", "sending"]).exists():
            break
        time.sleep(1.2)  # a retry's backoff or a lease runs out
        call_command("notices-requeue", verbosity=0)
    notices = list(Notice.objects.all())
    assert {n.state for n in notices} == {Notice.State.ACCEPTED}
    assert len(gateway.messages) == COUNT  # nothing lost, each notice sent to a phone once
    assert gateway.duplicates() <= 1  # at most the one post in flight at the kill was repeated (same id)
