"""Reads of the floor's records: sessions by channel and topic, transfers per request, the requests a
staff member owns or is offered, overdue callbacks, survey results per agency and per officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from motcua.engagement.models import GuidanceRequest, GuidanceSession, GuidanceTopic, GuidanceTransfer, Survey

# The usual topics (the seed of migration 0002 and the list while none is configured).
DEFAULT_TOPICS = ["Căn cước", "Đất đai", "Giấy phép lái xe", "Hộ chiếu", "Hộ tịch", "Đăng ký kinh doanh", "Khác"]


def topic_names() -> list[str]:
    """The configurable topic list, in its order (active ones only); the usual topics while the list is
    empty."""
    if not GuidanceTopic.objects.exists():
        return list(DEFAULT_TOPICS)
    return list(GuidanceTopic.objects.filter(is_active=True).values_list("name", flat=True))


def sessions_by_channel_and_topic(since: dt.datetime, until: dt.datetime) -> list[dict[str, Any]]:
    """Guidance sessions in ``[since, until)`` counted per channel and topic, largest first."""
    rows = (
        GuidanceSession.objects.filter(at__gte=since, at__lt=until)
        .values("channel", "topic")
        .annotate(sessions=Count("id"))
        .order_by("-sessions", "channel", "topic")
    )
    return list(rows)


def transfers_per_request(since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    """Requests opened in ``[since, until)`` with their number of accepted transfers: the rows (id,
    transfers) and the totals (requests, transfers, most, requests transferred at least once)."""
    rows = list(
        GuidanceRequest.objects.filter(opened_at__gte=since, opened_at__lt=until)
        .annotate(n=Count("transfers", filter=Q(transfers__status=GuidanceTransfer.Status.ACCEPTED)))
        .values("id", "n")
        .order_by("id")
    )
    counts = [r["n"] for r in rows]
    return {
        "rows": rows,
        "requests": len(rows),
        "transfers": sum(counts),
        "most": max(counts, default=0),
        "transferred": sum(1 for n in counts if n),
    }


def requests_owned_by(user: Any) -> QuerySet[GuidanceRequest]:
    """The user's open requests, the earliest callback first."""
    return (
        GuidanceRequest.objects.filter(owner=user, status=GuidanceRequest.Status.OPEN)
        .select_related("session", "call")
        .prefetch_related("transfers__to_user")
        .order_by("callback_due_at", "id")
    )


def transfers_offered_to(user: Any) -> QuerySet[GuidanceTransfer]:
    """Transfers waiting for the user's acceptance."""
    return (
        GuidanceTransfer.objects.filter(to_user=user, status=GuidanceTransfer.Status.PENDING)
        .select_related("request", "from_user")
        .order_by("at", "id")
    )


def callbacks_overdue(now: dt.datetime | None = None) -> QuerySet[GuidanceRequest]:
    """Open requests whose callback is past due, the most overdue first (the supervisor's page)."""
    return (
        GuidanceRequest.objects.filter(status=GuidanceRequest.Status.OPEN, callback_due_at__lt=now or timezone.now())
        .select_related("owner", "session", "call")
        .order_by("callback_due_at", "id")
    )


@dataclass
class SurveyResult:
    """The answers of one group (an agency or an officer)."""

    key: Any
    label: str
    answers: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)
    attitude: dict[str, int] = field(default_factory=dict)

    @property
    def satisfied_share(self) -> float:
        """Share of very satisfied + satisfied answers, 0–100."""
        good = self.satisfaction.get("very_satisfied", 0) + self.satisfaction.get("satisfied", 0)
        return round(100 * good / self.answers, 1) if self.answers else 0.0

    @property
    def impolite(self) -> int:
        return self.attitude.get(Survey.Attitude.IMPOLITE, 0)


def survey_results(since: dt.datetime, until: dt.datetime, *, by: str = "agency") -> list[SurveyResult]:
    """Survey answers in ``[since, until)`` per agency (``by="agency"``) or per officer (``"officer"``):
    the count of each satisfaction and attitude answer."""
    if by not in {"agency", "officer"}:
        raise ValueError(by)
    names: tuple[str, ...]
    if by == "agency":
        group, names = "agency_id", ("agency__name",)
    else:
        group, names = "officer_id", ("officer__first_name", "officer__last_name", "officer__username")
    rows = (
        Survey.objects.filter(at__gte=since, at__lt=until)
        .values(group, *names, "satisfaction", "attitude")
        .annotate(n=Count("id"))
        .order_by()
    )
    results: dict[Any, SurveyResult] = {}
    for row in rows:
        key = row[group]
        if by == "agency":
            label = row["agency__name"] or ""
        else:
            label = " ".join(p for p in (row["officer__last_name"], row["officer__first_name"]) if p)  # family first
            label = label or row["officer__username"] or ""
        result = results.setdefault(key, SurveyResult(key=key, label=label))
        result.answers += row["n"]
        result.satisfaction[row["satisfaction"]] = result.satisfaction.get(row["satisfaction"], 0) + row["n"]
        result.attitude[row["attitude"]] = result.attitude.get(row["attitude"], 0) + row["n"]
    return sorted(results.values(), key=lambda r: (r.key is None, r.label))
