"""Background tasks of the core app (django.tasks API; `motcua worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from motcua.core.audit import audit_log


@task()
def audit_note(*, action: str, note: str) -> None:
    """Write an audit entry from a worker: the smallest real task, used to check that a deployment's
    worker and queue work end to end (`motcua worker --burst` after `motcua check-worker`)."""
    audit_log(action=action, note=note)
