"""Reads of feedback: who sees which item (an agency's staff see its own, a centre supervisor sees all),
the handlers' inbox with due bands, the portal's published answers (never personal data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Count, DateTimeField, F, Q, QuerySet, When
from django.utils import timezone

from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.feedback.models import Feedback

OPEN_STATUSES = (
    Feedback.Status.RECEIVED,
    Feedback.Status.IN_PROGRESS,
    Feedback.Status.AWAITING_INFO,
    Feedback.Status.ANSWERED,
)
PUBLIC_FIELDS = ("pk", "subject", "public_question", "answer", "answered_at", "published_at", "agency__name")


def feedback_visible_to(user: Any) -> QuerySet[Feedback]:
    """A centre supervisor sees every item (also those no agency holds yet); any staff member of an agency
    sees the items that agency holds now, and nobody else's."""
    if is_supervisor(user):
        return Feedback.objects.all()
    agency_ids = {agency_id for agency_id, _role in user_roles(user)}
    return Feedback.objects.filter(agency_id__in=agency_ids)


def _with_pending_due(qs: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """``pending_due``: the deadline of the pending step (classify, answer, publish); none once closed."""
    return qs.annotate(
        pending_due=Case(
            When(status=Feedback.Status.RECEIVED, then=F("decide_due_at")),
            When(status=Feedback.Status.IN_PROGRESS, then=F("answer_due_at")),
            When(status=Feedback.Status.ANSWERED, then=F("publish_due_at")),
            default=None,
            output_field=DateTimeField(),
        )
    )


def feedback_inbox(user: Any, *, scope: str = "open", now: dt.datetime | None = None) -> QuerySet[Feedback]:
    """Open items by the deadline of their pending step (``open``), the user's own (``mine``), the overdue
    ones (``overdue``), or all visible, newest first (``all``)."""
    qs = _with_pending_due(feedback_visible_to(user).select_related("agency", "owner"))
    if scope == "all":
        return qs.order_by("-received_at", "-pk")
    qs = qs.filter(status__in=OPEN_STATUSES)
    if scope == "mine":
        qs = qs.filter(owner=user)
    elif scope == "overdue":
        now = now or timezone.now()
        qs = qs.filter(
            Q(status=Feedback.Status.RECEIVED, decide_due_at__lt=now)
            | Q(status=Feedback.Status.IN_PROGRESS, answer_due_at__lt=now)
            | Q(status=Feedback.Status.ANSWERED, publish_due_at__lt=now)
        )
    return qs.order_by("pending_due", "pk")


def due_band(feedback: Feedback, now: dt.datetime, cal: object) -> str:
    """overdue / due_soon (within one working day) / on_track / none — the dossiers' bands, for the
    deadline of what is pending (classify, answer, publish)."""
    due = feedback.due_at
    if due is None:
        return "none"
    if now > due:
        return "overdue"
    try:
        minutes = cal.working_minutes_between(now, due)  # type: ignore[attr-defined]
    except (ValueError, OverflowError):
        return "none"
    return "due_soon" if minutes <= cal.minutes_per_day else "on_track"  # type: ignore[attr-defined]


def published_feedback(search: str = "") -> QuerySet[Feedback]:
    """Published answers for the portal, newest first; only the fields without personal data."""
    qs = Feedback.objects.filter(status=Feedback.Status.PUBLISHED).select_related("agency")
    search = search.strip()[:100]
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(public_question__icontains=search))
    return qs.only(*PUBLIC_FIELDS).order_by("-published_at", "-pk")


def overdue_by_agency(user: Any, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Open items past the deadline of their pending step, counted per agency holding them (none: the
    centre has not routed them yet), among those the user sees."""
    overdue = feedback_inbox(user, scope="overdue", now=now).order_by()
    return list(overdue.values("agency__name").annotate(count=Count("id")).order_by("-count", "agency__name"))
