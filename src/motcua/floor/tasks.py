"""Scheduled work of the centre floor (django.tasks; `motcua worker` runs them, cron enqueues them
through `motcua floor-purge --enqueue` and `motcua floor-no-shows --enqueue`)."""

from __future__ import annotations

from django_tasks import task

from motcua.floor.services import appointments_release_no_shows, visits_purge


@task()
def purge_visits() -> int:
    """Delete visitor check-ins past the retention period (daily)."""
    return visits_purge()


@task()
def release_no_shows() -> int:
    """Give back the places of appointments nobody checked in for (every few minutes in office hours)."""
    return appointments_release_no_shows()
