"""Reads of the national sync."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from motcua.sync.models import SyncEvent


def sync_log(dossier: Any) -> QuerySet[SyncEvent]:
    """The dossier's sync log: every event sent or to send, oldest first."""
    return SyncEvent.objects.filter(dossier=dossier).order_by("occurred_at", "id")


def sync_backlog() -> dict[str, int]:
    """Events by state (the back office's and the admin's overview)."""
    counts = dict(SyncEvent.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    return {state: int(counts.get(state, 0)) for state in SyncEvent.State.values}
