"""Background work goes through a real queue and `motcua worker` runs it."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from django.core.management import call_command
from django.db import transaction

from motcua.core.models import AuditLog
from motcua.core.tasks import audit_note

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_task_queued_in_the_database_runs_when_the_worker_bursts() -> None:
    with transaction.atomic():
        audit_note.enqueue(action="worker.checked", note="database")
    assert not AuditLog.objects.filter(action="worker.checked").exists()
    call_command("worker", "--burst", verbosity=0)
    assert AuditLog.objects.get(action="worker.checked").data["note"] == "database"


def test_a_task_queued_in_a_rolled_back_transaction_never_runs() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_note.enqueue(action="worker.checked", note="rolled back")
        raise RuntimeError
    call_command("worker", "--burst", verbosity=0)
    assert not AuditLog.objects.filter(action="worker.checked").exists()


def test_a_task_queued_in_redis_runs_when_the_rq_worker_bursts(settings: Any) -> None:
    settings.TASKS_BACKEND = "rq"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}}
    settings.RQ_QUEUES = {q: {"URL": "redis://127.0.0.1:6379/15"} for q in settings.TASK_QUEUES}
    redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    audit_note.enqueue(action="worker.checked", note="redis")
    call_command("worker", "--burst", "--worker-class", "rq.worker.SimpleWorker", verbosity=0)
    assert AuditLog.objects.get(action="worker.checked").data["note"] == "redis"
