"""Writes of the national portal synchronisation.

- sync_queue_transition / sync_queue_survey_saved: called inside the transaction of every dossier action
  (dossiers.hooks) and of every survey (post_save), so a rolled-back action leaves no event behind. Only
  status changes (from_status ≠ to_status) are events. Nothing is queued while MOTCUA_NATIONAL_SYNC_URL
  is empty (synchronisation off; ``sync-catch-up`` sends a period afterwards).
- sync_push: the ``sync_push_task``: claims the oldest unsent events in order (with a lease; an event backing
  off holds back the later ones), posts them as one batch outside any transaction, records the outcome (sent;
  retry with exponential backoff; given up after MOTCUA_NATIONAL_SYNC_MAX_ATTEMPTS or on a 4xx). Event ids are
  stable, so the portal de-duplicates.
- sync_catch_up: sends every status change and survey of a period again, read by keyset straight from the
  transitions and surveys (the outbox is not needed: the payload is built by the same functions).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.core.audit import audit_log
from motcua.dossiers.models import Transition
from motcua.engagement.models import Survey
from motcua.sync.client import Outcome, portal
from motcua.sync.models import SyncEvent, SyncRun

State = SyncEvent.State
Kind = SyncEvent.Kind


# --- payloads (the contract with the portal: docs/api.md, "National portal synchronisation") -----------


def _iso(at: dt.datetime) -> str:
    """UTC, the same whether the instant came from a model (local time) or a query (UTC)."""
    return at.astimezone(dt.UTC).isoformat()


def status_payload(
    source_id: int, at: dt.datetime, from_status: int | None, to_status: int, action: str, code: str | None, agency: str
) -> dict[str, Any]:
    return {
        "id": f"status-{source_id}",
        "type": "status",
        "dossier": code or "",
        "agency": agency or "",
        "status": to_status,
        "previous": from_status,
        "action": action,
        "at": _iso(at),
    }


def survey_payload(
    source_id: int, at: dt.datetime, satisfaction: str, attitude: str, code: str | None
) -> dict[str, Any]:
    return {
        "id": f"survey-{source_id}",
        "type": "survey",
        "dossier": code or "",
        "satisfaction": satisfaction,
        "attitude": attitude,
        "at": _iso(at),
    }


# --- queueing ------------------------------------------------------------------------------------------


def _enqueue(run_after: dt.datetime | None = None) -> None:
    """Wake a worker: the database backend writes its task row in the current transaction; Redis is told
    only after the commit."""
    from motcua.sync.tasks import sync_push_task

    job = sync_push_task.using(run_after=run_after)
    if settings.TASKS_BACKEND == "database":
        job.enqueue()
    else:
        transaction.on_commit(job.enqueue, robust=True)


def sync_queue_transition(transition: Transition) -> SyncEvent | None:
    if not settings.NATIONAL_SYNC_URL or transition.from_status == transition.to_status:
        return None
    dossier = transition.dossier
    event = SyncEvent.objects.create(
        kind=Kind.STATUS,
        source_id=transition.pk,
        dossier=dossier,
        occurred_at=transition.at,
        payload=status_payload(
            transition.pk,
            transition.at,
            transition.from_status,
            transition.to_status,
            transition.action,
            dossier.code,
            dossier.agency.identifier,
        ),
    )
    _enqueue()
    return event


def sync_queue_survey(survey: Survey) -> SyncEvent | None:
    if not settings.NATIONAL_SYNC_URL:
        return None
    dossier = survey.dossier
    event = SyncEvent.objects.create(
        kind=Kind.SURVEY,
        source_id=survey.pk,
        dossier=dossier,
        occurred_at=survey.at,
        payload=survey_payload(
            survey.pk, survey.at, survey.satisfaction, survey.attitude, dossier.code if dossier else ""
        ),
    )
    _enqueue()
    return event


def sync_queue_survey_saved(sender: Any, instance: Survey, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        sync_queue_survey(instance)


# --- pushing -------------------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: base·2^(attempt−1), capped, then a random 50–100 % of it."""
    base = float(settings.NATIONAL_SYNC_RETRY_BASE_SECONDS)
    delay = min(float(settings.NATIONAL_SYNC_RETRY_MAX_SECONDS), base * 2 ** max(attempt - 1, 0))
    return delay * random.uniform(0.5, 1.0)  # noqa: S311  (jitter, not a secret)


def _claim(now: dt.datetime) -> list[tuple[int, int, dict[str, Any]]]:
    """Take the oldest unsent events for one attempt: (id, attempt, payload). The portal sees the events in
    the order they happened: the claim stops at the first event that is not due (backing off after a
    failure, or leased to another worker's attempt), so nothing overtakes it. Claimers queue on the row
    locks (no skip-locked) and then find the head leased: one batch is in flight at a time."""
    lease = now + dt.timedelta(seconds=float(settings.NATIONAL_SYNC_SENDING_TIMEOUT_SECONDS))
    with transaction.atomic():
        rows = list(
            SyncEvent.objects.select_for_update()
            .filter(state__in=[State.PENDING, State.SENDING])
            .order_by("id")
            .values_list("id", "attempts", "payload", "next_attempt_at")[: int(settings.NATIONAL_SYNC_BATCH)]
        )
        due = []
        for pk, attempts, payload, next_at in rows:
            if next_at is not None and next_at > now:
                break
            due.append((pk, attempts + 1, payload))
        if due:
            SyncEvent.objects.filter(pk__in=[r[0] for r in due]).update(
                state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=lease
            )
    return due


def _record(claimed: list[tuple[int, int, dict[str, Any]]], outcome: Outcome) -> None:
    now = timezone.now()
    ids = [pk for pk, _attempt, _payload in claimed]
    mine = SyncEvent.objects.filter(pk__in=ids, state=State.SENDING)
    with transaction.atomic():
        if outcome.kind == "accepted":
            mine.update(state=State.SENT, sent_at=now, next_attempt_at=None, last_error="")
            return
        if outcome.kind == "failed":
            mine.update(state=State.GIVEN_UP, next_attempt_at=None, last_error=outcome.reason)
            return
        mine.filter(attempts__gte=int(settings.NATIONAL_SYNC_MAX_ATTEMPTS)).update(
            state=State.GIVEN_UP, next_attempt_at=None, last_error=outcome.reason
        )
        attempt = max(a for _pk, a, _payload in claimed)
        retry_at = now + dt.timedelta(seconds=backoff_seconds(attempt))
        if mine.update(state=State.PENDING, next_attempt_at=retry_at, last_error=outcome.reason):
            _enqueue(run_after=retry_at)


def sync_push(*, max_batches: int = 1000) -> int:
    """Send due events batch by batch until none is due or the portal fails; returns how many were
    accepted. Off (0) while MOTCUA_NATIONAL_SYNC_URL is empty."""
    client = portal()
    if client is None:
        return 0
    sent = 0
    for _ in range(max_batches):
        claimed = _claim(timezone.now())
        if not claimed:
            break
        outcome = client.send([payload for _pk, _attempt, payload in claimed])
        _record(claimed, outcome)
        if outcome.kind != "accepted":
            break
        sent += len(claimed)
    return sent


# --- catch-up ------------------------------------------------------------------------------------------


def _status_rows(since: dt.datetime, until: dt.datetime, size: int) -> Iterator[list[dict[str, Any]]]:
    last = 0
    base = (
        Transition.objects.filter(at__gte=since, at__lt=until)
        .exclude(from_status=F("to_status"))
        .order_by("id")
        .values_list("id", "at", "from_status", "to_status", "action", "dossier__code", "dossier__agency__identifier")
    )
    while True:
        rows = list(base.filter(id__gt=last)[:size])
        if not rows:
            return
        last = rows[-1][0]
        yield [status_payload(*row) for row in rows]


def _survey_rows(since: dt.datetime, until: dt.datetime, size: int) -> Iterator[list[dict[str, Any]]]:
    last = 0
    base = (
        Survey.objects.filter(at__gte=since, at__lt=until)
        .order_by("id")
        .values_list("id", "at", "satisfaction", "attitude", "dossier__code")
    )
    while True:
        rows = list(base.filter(id__gt=last)[:size])
        if not rows:
            return
        last = rows[-1][0]
        yield [survey_payload(*row) for row in rows]


class SyncFailed(Exception):
    pass


def _send_with_retries(events: list[dict[str, Any]], sleep: Callable[[float], None]) -> int:
    """Send one batch, retrying temporary failures; returns the number of retries, raises SyncFailed."""
    client = portal()
    if client is None:
        raise SyncFailed("MOTCUA_NATIONAL_SYNC_URL is empty")
    for attempt in range(1, int(settings.NATIONAL_SYNC_MAX_ATTEMPTS) + 1):
        outcome = client.send(events)
        if outcome.kind == "accepted":
            return attempt - 1
        if outcome.kind == "failed":
            raise SyncFailed(outcome.reason)
        if attempt < int(settings.NATIONAL_SYNC_MAX_ATTEMPTS):
            sleep(backoff_seconds(attempt))
    raise SyncFailed(outcome.reason)


def sync_catch_up(
    *, date_from: dt.date, date_to: dt.date, actor: Any = None, sleep: Callable[[float], None] = time.sleep
) -> SyncRun:
    """Send every status change and survey dated in ``date_from..date_to`` (local dates, inclusive) again,
    in batches of MOTCUA_NATIONAL_SYNC_BATCH with retries. The run is recorded (SyncRun) and audited; a
    batch that keeps failing stops the run with its error (what was sent stays sent)."""
    from motcua.reports.figures import period_bounds

    since, until = period_bounds(date_from, date_to)
    run = SyncRun.objects.create(date_from=date_from, date_to=date_to, started_at=timezone.now())
    size = int(settings.NATIONAL_SYNC_BATCH)
    # One batch in flight while the next is read: the time is that of the slower side, not their sum.
    with ThreadPoolExecutor(max_workers=1) as sender:
        in_flight: tuple[Future[int], int] | None = None
        try:
            for source in (_status_rows(since, until, size), _survey_rows(since, until, size)):
                for events in source:
                    if in_flight is not None:
                        run.retries += in_flight[0].result()
                        run.events += in_flight[1]
                        run.batches += 1
                    in_flight = (sender.submit(_send_with_retries, events, sleep), len(events))
            if in_flight is not None:
                run.retries += in_flight[0].result()
                run.events += in_flight[1]
                run.batches += 1
        except SyncFailed as exc:
            run.error = str(exc)[:500]
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        if not run.error:  # events the outbox had given up on are with the portal now
            SyncEvent.objects.filter(state=State.GIVEN_UP, occurred_at__gte=since, occurred_at__lt=until).update(
                state=State.SENT, sent_at=run.finished_at, last_error="sent by a catch-up"
            )
        audit_log(
            action="sync.caught_up",
            actor=actor,
            obj=run,
            date_from=str(date_from),
            date_to=str(date_to),
            events=run.events,
            error=run.error,
        )
    return run
