"""Reads of shipments: the day's hand-over list for the postal worker, and a dossier's shipments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossiers_visible_to
from motcua.postal.models import Shipment


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def shipments_visible_to(user: Any) -> QuerySet[Shipment]:
    """Shipments of the dossiers the user may open."""
    return Shipment.objects.filter(dossier__in=dossiers_visible_to(user).values("pk"))


def handover_list(user: Any, day: dt.date) -> list[Shipment]:
    """The shipments to the applicants handed to the post on ``day`` (local), of the dossiers the user may
    open, in the order they were handed over: what the postal worker signs for."""
    start, end = _day_bounds(day)
    return list(
        shipments_visible_to(user)
        .filter(direction=Shipment.Direction.TO_APPLICANT, handed_over_at__gte=start, handed_over_at__lt=end)
        .select_related("dossier__version", "dossier__agency")
        .order_by("handed_over_at", "id")
    )


def shipments_of(dossier: Dossier) -> list[Shipment]:
    return list(dossier.shipments.prefetch_related("events").order_by("handed_over_at", "id"))
