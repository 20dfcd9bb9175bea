"""Background tasks of the notices app (``motcua worker`` runs them)."""

from __future__ import annotations

from django_tasks import task

from motcua.notices.services import notice_deliver


@task()
def notice_send(*, notice_id: int) -> str:
    """One attempt to send one notice; safe to run twice (the row is claimed, the id is stable)."""
    return notice_deliver(notice_id=notice_id)
