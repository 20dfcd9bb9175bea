"""Background tasks of the national sync (``motcua worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from motcua.sync.services import sync_push


@task()
def sync_push_task() -> int:
    """Send the due events in batches; safe to run in parallel (rows are claimed skip-locked)."""
    return sync_push()
