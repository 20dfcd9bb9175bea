"""Writes to the notice outbox.

- notice_queue_for_transition: called inside every dossier action's transaction (dossiers.hooks), so a
  rolled-back action leaves no notice behind; it also enqueues the send task (in the same transaction
  with the database task backend, on commit with Redis).
- notice_deliver: one attempt of one notice, run by the ``notice_send`` task. It claims the row
  (select_for_update skip_locked, state → sending with a lease), sends outside any transaction, then
  records the outcome. The gateway sees the notice's uuid on every attempt.
- notice_requeue: the sweep (``motcua notices-requeue`` from cron) for notices whose task was lost (a
  crash between commit and enqueue, Redis flushed) or whose worker died mid-send (lease expired).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.core.audit import audit_log
from motcua.dossiers.models import Dossier, Transition
from motcua.engagement.services import survey_url
from motcua.notices.backends import Outcome, backend_for
from motcua.notices.models import Event, Notice, NoticeChannel, NoticeEvent, NoticeOptOut
from motcua.notices.texts import local_time, money, notice_render, overrides_for, sms_length

State = Notice.State
FINAL_STATES = {State.ACCEPTED, State.DELIVERED, State.FAILED, State.GIVEN_UP}
# Events the applicant must act on or is waiting for at the desk go through the priority queue.
PRIORITY_EVENTS = {Event.RECEIVED, Event.SUPPLEMENT_REQUESTED, Event.FEES_REQUESTED, Event.POST_RETURNED}


# --- queueing ------------------------------------------------------------------------------------------


def transition_events(transition: Transition) -> list[str]:
    """The notices a dossier action causes."""
    events: list[str] = []
    simple = {
        "received": Event.RECEIVED,
        "supplement_requested": Event.SUPPLEMENT_REQUESTED,
        "fees_requested": Event.FEES_REQUESTED,
        "apologised": Event.APOLOGISED,
        "returned": Event.RETURNED,
        "handed_to_post": Event.HANDED_TO_POST,
        "post_returned": Event.POST_RETURNED,
    }
    if transition.action in simple:
        events.append(simple[transition.action])
    if (
        transition.to_status == Dossier.Status.FINISHED
        and transition.from_status != Dossier.Status.FINISHED
        and transition.action != "post_returned"  # the result came back from the post: its own notice
    ):
        events.append(Event.RESULT_READY)  # approval, refusal after appraisal, or the last step finished
    if transition.action == "returned" and settings.NOTICE_SURVEY_URL:
        events.append(Event.SURVEY_INVITATION)
    return events


def lookup_url(dossier: Dossier) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/tra-cuu/?ma={dossier.code}"


def notice_context(dossier: Dossier, transition: Transition | None = None) -> dict[str, Any]:
    return {
        "code": dossier.code or "",
        "applicant": dossier.applicant_name,
        "procedure": dossier.version.name,
        "agency": dossier.agency.name,
        "received": local_time(dossier.received_at),
        "due": local_time(dossier.due_at),
        "at": local_time(transition.at if transition else None),
        "url": lookup_url(dossier),
        "note": transition.note if transition else "",
        "tracking": transition.note if transition and transition.action == "handed_to_post" else "",
        "fee": money(dossier.fee_amount),
        "delivery": dossier.get_result_delivery_display(),
        "survey_url": survey_url(dossier),
    }


def _recipients(dossier: Dossier, event: str) -> list[tuple[str, str]]:
    """SMS and e-mail when the dossier has a phone / an address; Zalo (to the phone) for the events that
    have a ZNS template (MOTCUA_ZALO_ZNS_TEMPLATES)."""
    found = []
    if dossier.applicant_phone:
        found.append((NoticeChannel.SMS.value, dossier.applicant_phone))
    if dossier.applicant_email:
        found.append((NoticeChannel.EMAIL.value, dossier.applicant_email))
    if dossier.applicant_phone and zalo_template(event):
        found.append((NoticeChannel.ZALO.value, dossier.applicant_phone))
    return found


def zalo_template(event: str) -> str:
    return str(settings.ZALO_ZNS_TEMPLATES.get(event, ""))


def zalo_params(event: str, context: dict[str, Any]) -> dict[str, Any]:
    """What the ZNS adapter sends: the event's template and the notice variables as its data."""
    data = {key: str(value) for key, value in context.items() if value not in (None, "")}
    return {"template_id": zalo_template(event), "template_data": data}


def notice_queue_for_transition(transition: Transition) -> list[Notice]:
    """Queue the notices of one dossier action, in its transaction (no audit entry of its own: the
    action's entry stands for it)."""
    events = transition_events(transition)
    if not events:
        return []
    dossier = transition.dossier
    if not (dossier.applicant_phone or dossier.applicant_email):
        return []
    language = settings.NOTICE_LANGUAGE
    context = notice_context(dossier, transition)
    notices: list[Notice] = []
    for event in events:
        overrides = overrides_for(event, language)
        for channel, address in _recipients(dossier, event):
            rendered = notice_render(
                event=event, channel=channel, language=language, context=context, override=overrides.get(channel)
            )
            notices.append(
                Notice(
                    dossier=dossier,
                    transition=transition,
                    event=event,
                    channel=channel,
                    recipient=address,
                    language=language,
                    subject=rendered.subject[:255],
                    text=rendered.text,
                    sms_parts=sms_length(rendered.text).parts if channel == NoticeChannel.SMS else 0,
                    params=zalo_params(event, context) if channel == NoticeChannel.ZALO else {},
                    priority=event in PRIORITY_EVENTS,
                    enqueued_at=transition.at,
                )
            )
    created = Notice.objects.bulk_create(notices)
    if any(n.pk is None for n in created):  # backends that return no ids
        created = list(Notice.objects.filter(transition=transition).order_by("id"))
    _enqueue(created)
    return created


def _enqueue(notices: Iterable[Notice], run_after: dt.datetime | None = None) -> None:
    """Hand the notices to the task queue. The database backend writes its task row in the current
    transaction (commits with the notice, or not at all); Redis is told only after the commit."""
    from motcua.notices.tasks import notice_send

    in_database = settings.TASKS_BACKEND == "database"
    jobs = []
    for notice in notices:
        # The priority queue is drained first by every worker; the database backend also orders by priority.
        queue = "priority" if notice.priority else "default"
        options: dict[str, Any] = {"queue_name": queue, "run_after": run_after}
        if in_database and notice.priority:
            options["priority"] = 10
        jobs.append((notice.pk, notice_send.using(**options)))

    def push() -> None:
        for pk, job in jobs:
            job.enqueue(notice_id=pk)

    if in_database:
        push()
    else:
        transaction.on_commit(push, robust=True)


# --- sending -------------------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: base·2^(attempt−1), capped, then a random 50–100 % of it."""
    base = float(settings.NOTICE_RETRY_BASE_SECONDS)
    delay = min(float(settings.NOTICE_RETRY_MAX_SECONDS), base * 2 ** max(attempt - 1, 0))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311  (jitter, not a secret)


def _quiet_window() -> tuple[dt.time, dt.time] | None:
    raw = str(settings.SMS_QUIET_HOURS or "").strip()
    if not raw:
        return None
    start, _sep, end = raw.partition("-")
    return dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip())


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """The end of the SMS quiet hours when ``now`` falls inside them (local time), else None."""
    window = _quiet_window()
    if window is None:
        return None
    start, end = window
    local = timezone.localtime(now)
    t = local.time()
    inside = (start <= t or t < end) if start > end else (start <= t < end)
    if not inside:
        return None
    end_day = local.date() + dt.timedelta(days=1) if start > end and t >= start else local.date()
    return dt.datetime.combine(end_day, end, tzinfo=local.tzinfo)


def opted_out(channel: str, address: str) -> bool:
    return NoticeOptOut.objects.filter(channel=channel, address=address).exists()


def _log(notice: Notice, at: dt.datetime, detail: str = "") -> None:
    NoticeEvent.objects.create(notice=notice, at=at, state=notice.state, attempt=notice.attempts, detail=detail[:500])


def _finish(notice: Notice, state: str, at: dt.datetime, reason: str = "") -> None:
    notice.state = state
    notice.reason = reason[:500]
    notice.next_attempt_at = None
    notice.save(update_fields=["state", "reason", "next_attempt_at", "updated_at"])
    _log(notice, at, reason)


def _claim(notice_id: int, now: dt.datetime) -> Notice | None:
    """Take the notice for one attempt, or None when it is not ours to send now."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update(skip_locked=True).filter(pk=notice_id).first()
        if notice is None or notice.state in FINAL_STATES:
            return None
        if notice.next_attempt_at is not None and notice.next_attempt_at > now:
            return None  # not due yet, or another worker's attempt is in hand
        if opted_out(notice.channel, notice.recipient):
            _finish(notice, State.FAILED, now, "opted out")
            return None
        if notice.channel == NoticeChannel.SMS:
            until = quiet_until(now)
            if until is not None:
                notice.state, notice.next_attempt_at, notice.enqueued_at = State.QUEUED, until, now
                notice.save(update_fields=["state", "next_attempt_at", "enqueued_at", "updated_at"])
                _log(notice, now, "quiet hours")
                _enqueue([notice], run_after=until)
                return None
        if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            _finish(notice, State.GIVEN_UP, now, notice.reason or "too many attempts")
            return None
        notice.state = State.SENDING
        notice.attempts += 1
        notice.next_attempt_at = now + dt.timedelta(seconds=float(settings.NOTICE_SENDING_TIMEOUT_SECONDS))
        notice.save(update_fields=["state", "attempts", "next_attempt_at", "updated_at"])
        _log(notice, now)
        return notice


def _record(notice_id: int, attempt: int, outcome: Outcome) -> str:
    now = timezone.now()
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id)
        if notice.state in FINAL_STATES:
            return notice.state
        if outcome.kind == "accepted":
            notice.state, notice.provider_message_id, notice.sent_at = State.ACCEPTED, outcome.message_id, now
            notice.reason, notice.next_attempt_at = "", None
            notice.save(
                update_fields=["state", "provider_message_id", "sent_at", "reason", "next_attempt_at", "updated_at"]
            )
            _log(notice, now, outcome.message_id)
            return notice.state
        if notice.attempts != attempt:
            return notice.state  # a later attempt (after our lease ran out) owns the notice now
        if outcome.kind == "failed":
            _finish(notice, State.FAILED, now, outcome.reason)
            return notice.state
        if notice.attempts >= settings.NOTICE_MAX_ATTEMPTS:
            _finish(notice, State.GIVEN_UP, now, outcome.reason)
            return notice.state
        retry_at = now + dt.timedelta(seconds=backoff_seconds(notice.attempts))
        notice.state, notice.reason, notice.next_attempt_at, notice.enqueued_at = (
            State.QUEUED,
            outcome.reason,
            retry_at,
            now,
        )
        notice.save(update_fields=["state", "reason", "next_attempt_at", "enqueued_at", "updated_at"])
        _log(notice, now, outcome.reason)
        _enqueue([notice], run_after=retry_at)
        return notice.state


def notice_deliver(*, notice_id: int) -> str:
    """One attempt to send one notice; returns its state afterwards ('' when there was nothing to do)."""
    notice = _claim(notice_id, timezone.now())
    if notice is None:
        return ""
    outcome = backend_for(notice.channel).send(notice)
    return _record(notice.pk, notice.attempts, outcome)


def notice_requeue(*, now: dt.datetime | None = None) -> int:
    """Enqueue again every notice whose task was lost or whose worker died: queued and due for longer
    than MOTCUA_NOTICE_REQUEUE_AFTER_SECONDS without a fresh enqueue, or sending past its lease."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=float(settings.NOTICE_REQUEUE_AFTER_SECONDS))
    with transaction.atomic():
        rows = list(
            Notice.objects.select_for_update(skip_locked=True)
            .annotate(due=Coalesce("next_attempt_at", "created_at"))
            .filter(
                Q(state=State.QUEUED, due__lte=stale, enqueued_at__lte=stale)
                | Q(state=State.QUEUED, due__lte=stale, enqueued_at__isnull=True)
                | Q(state=State.SENDING, next_attempt_at__lte=now)
            )
            .order_by("id")[:10000]
        )
        if rows:
            Notice.objects.filter(pk__in=[n.pk for n in rows]).update(enqueued_at=now)
            _enqueue(rows)
            audit_log(action="notice.requeued", count=len(rows))
    return len(rows)


# --- receipts and opt-outs ---------------------------------------------------------------------------


def receipt_signature_valid(body: bytes, signature: str) -> bool:
    """HMAC-SHA256 of the raw body with MOTCUA_SMS_CALLBACK_SECRET, hex, optionally ``sha256=``-prefixed."""
    secret = settings.SMS_CALLBACK_SECRET
    if not secret or not signature:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    given = signature.strip().removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


def notice_receipt(*, notice_uuid: str, status: str, reason: str = "", at: dt.datetime | None = None) -> Notice:
    """A delivery receipt from the gateway: delivered or failed. Idempotent: a receipt for a notice
    already delivered or failed changes nothing. Raises Notice.DoesNotExist / ValueError on bad input."""
    if status not in {"delivered", "failed"}:
        raise ValueError(status)
    now = at or timezone.now()
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(uuid=notice_uuid)
        if notice.state in {State.DELIVERED, State.FAILED, State.GIVEN_UP}:
            return notice
        if status == "delivered":
            notice.state, notice.delivered_at, notice.next_attempt_at = State.DELIVERED, now, None
            notice.save(update_fields=["state", "delivered_at", "next_attempt_at", "updated_at"])
            _log(notice, now, "receipt")
        else:
            _finish(notice, State.FAILED, now, reason or "not delivered")
        audit_log(action=f"notice.{status}", obj=notice.dossier, notice=str(notice.uuid))
    return notice


@transaction.atomic
def notice_optout_add(*, channel: str, address: str, note: str = "", actor: Any = None) -> NoticeOptOut:
    """Stop notices on ``channel`` to ``address`` (a phone as stored, +84…, or an e-mail address)."""
    from motcua.dossiers.identity import normalize_phone

    if channel not in NoticeChannel.values:
        raise ValueError(channel)
    phone = channel in {NoticeChannel.SMS, NoticeChannel.ZALO}
    address = normalize_phone(address) if phone else address.strip().lower()
    optout, _created = NoticeOptOut.objects.get_or_create(channel=channel, address=address, defaults={"note": note})
    audit_log(action="notice.opted_out", actor=actor, channel=channel, address=address)
    return optout


# How the previous system's notice statuses map onto ours (an imported notice is history: never sent again).
IMPORTED_STATES = {"delivered": Notice.State.DELIVERED, "failed": Notice.State.FAILED, "pending": Notice.State.ACCEPTED}


@transaction.atomic
def notice_import(*, at: dt.datetime, dossier: Dossier | None, channel: str, status: str) -> str:
    """One notice of the previous one-stop system (historical import): stored as sent history so the
    reports count it, never queued. Idempotent: the same dossier, channel and time is one notice.
    Returns "created", "updated" or "unchanged"."""
    if dossier is None:
        raise ValueError("dossier_code: the dossier is missing.")
    state = IMPORTED_STATES[status]
    existing = Notice.objects.filter(dossier=dossier, channel=channel, event=Event.IMPORTED, created_at=at).first()
    if existing is not None:
        if existing.state == state:
            return "unchanged"
        Notice.objects.filter(pk=existing.pk).update(state=state)
        return "updated"
    notice = Notice.objects.create(
        dossier=dossier,
        event=Event.IMPORTED,
        channel=channel,
        recipient=dossier.applicant_phone if channel != NoticeChannel.EMAIL else dossier.applicant_email,
        text="",
        state=state,
        sent_at=at,
        delivered_at=at if state == Notice.State.DELIVERED else None,
    )
    Notice.objects.filter(pk=notice.pk).update(created_at=at)  # auto_now_add: the historical time afterwards
    return "created"
