"""Every status change and every survey reaches the national portal exactly once, through the outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_return_result
from motcua.engagement.services import survey_record
from motcua.sync.models import SyncEvent, SyncRun
from motcua.sync.selectors import sync_backlog, sync_log
from motcua.sync.services import sync_push
from tests.conftest import Cast
from tests.dossiers.factories import at, procedure_for, received
from tests.sync.portal import Portal

State = SyncEvent.State


def work() -> None:
    call_command("worker", "--burst", verbosity=0)


def finished(cast: Cast, day: int = 1, version: Any = None) -> Dossier:
    dossier = received(cast, f"2027-03-0{day} 08:00", version=version)
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at(f"2027-03-0{day} 09:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at(f"2027-03-0{day} 10:00"))
    return dossier_return_result(actor=cast.clerk, dossier=dossier, at=at(f"2027-03-0{day} 11:00"))


def status_changes() -> int:
    return sum(1 for f, t in Transition.objects.values_list("from_status", "to_status") if f != t)


@pytest.mark.django_db
def test_nothing_is_queued_while_the_sync_url_is_empty(cast: Cast) -> None:
    finished(cast)
    assert not SyncEvent.objects.exists()


@pytest.mark.django_db
def test_every_status_change_is_queued_in_the_actions_transaction(cast: Cast, portal: Portal) -> None:
    dossier = finished(cast)
    events = list(sync_log(dossier))
    assert len(events) == status_changes() >= 3
    assert [e.payload["status"] for e in events] == [
        t for f, t in Transition.objects.filter(dossier=dossier).values_list("from_status", "to_status") if f != t
    ]
    first = events[0].payload
    assert first["dossier"] == dossier.code and first["agency"] == cast.agency.identifier
    assert first["previous"] is None and first["id"] == f"status-{events[0].source_id}"
    assert {e.state for e in events} == {State.PENDING}


@pytest.mark.django_db
def test_a_rolled_back_action_queues_no_event(cast: Cast, portal: Portal) -> None:
    version = procedure_for(cast)
    with pytest.raises(RuntimeError), transaction.atomic():
        received(cast, version=version)
        raise RuntimeError
    assert not SyncEvent.objects.exists()


@pytest.mark.django_db
def test_a_survey_is_queued_without_personal_data(cast: Cast, portal: Portal) -> None:
    dossier = received(cast)
    survey_record(at=at("2027-03-01 09:00"), satisfaction="satisfied", attitude="very_polite", dossier=dossier)
    event = SyncEvent.objects.get(kind="survey")
    assert event.payload == {
        "id": f"survey-{event.source_id}",
        "type": "survey",
        "dossier": dossier.code,
        "satisfaction": "satisfied",
        "attitude": "very_polite",
        "at": at("2027-03-01 09:00").astimezone(dt.UTC).isoformat(),
    }
    assert dossier.applicant_phone not in str(SyncEvent.objects.values_list("payload", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_flaky_portal_receives_every_event_exactly_once(cast: Cast, portal: Portal, settings: Any) -> None:
    settings.NATIONAL_SYNC_BATCH = 3
    settings.NATIONAL_SYNC_MAX_ATTEMPTS = 50
    portal.fail_rate = 0.4
    version = procedure_for(cast)
    for day in range(1, 6):
        dossier = finished(cast, day, version=version)
        survey_record(at=at(f"2027-03-0{day} 12:00"), satisfaction="neutral", attitude="normal", dossier=dossier)
    expected = set(SyncEvent.objects.values_list("kind", "source_id"))
    assert len(expected) == status_changes() + 5
    for _ in range(200):
        work()
        if not SyncEvent.objects.exclude(state=State.SENT).exists():
            break
    assert portal.failures > 0  # the portal did fail on the way
    assert set(portal.acks) == {f"{kind}-{pk}" for kind, pk in expected}
    assert set(portal.acks.values()) == {1}  # exactly once
    assert sync_backlog()["sent"] == len(expected)
    assert max(SyncEvent.objects.values_list("attempts", flat=True)) > 1


@pytest.mark.django_db(transaction=True)
def test_events_go_out_in_order_and_carry_the_source(cast: Cast, portal: Portal, settings: Any) -> None:
    settings.NATIONAL_SYNC_TOKEN = "s3cret"
    settings.NATIONAL_SYNC_SOURCE = "H49"
    dossier = finished(cast)
    work()
    sent = [e["status"] for batch in portal.batches for e in batch["events"]]
    assert sent == [e.payload["status"] for e in sync_log(dossier)]
    assert {b["source"] for b in portal.batches} == {"H49"}
    assert portal.headers[0]["Authorization"] == "Bearer s3cret"


@pytest.mark.django_db
def test_a_portal_that_is_down_keeps_the_events_pending_with_backoff(cast: Cast, portal: Portal) -> None:
    portal.down()
    received(cast)
    assert sync_push() == 0
    event = SyncEvent.objects.get()
    assert event.state == State.PENDING and event.attempts == 1 and "unreachable" in event.last_error
    assert event.next_attempt_at is not None
    portal.up()
    event.next_attempt_at = None
    event.save()
    assert sync_push() == 1
    assert SyncEvent.objects.get().state == State.SENT


@pytest.mark.django_db
def test_a_refused_batch_is_given_up_with_the_reason(cast: Cast, portal: Portal) -> None:
    portal.status = 422
    received(cast)
    sync_push()
    event = SyncEvent.objects.get()
    assert event.state == State.GIVEN_UP and event.last_error.startswith("HTTP 422")


@pytest.mark.django_db
def test_after_the_last_attempt_the_event_is_given_up(cast: Cast, portal: Portal, settings: Any) -> None:
    settings.NATIONAL_SYNC_MAX_ATTEMPTS = 2
    portal.status = 503
    received(cast)
    for _ in range(2):
        SyncEvent.objects.update(next_attempt_at=None)
        sync_push()
    event = SyncEvent.objects.get()
    assert (event.state, event.attempts, event.last_error) == (State.GIVEN_UP, 2, "HTTP 503")


@pytest.mark.django_db
def test_catch_up_sends_the_period_again_with_the_same_ids(cast: Cast, portal: Portal, settings: Any) -> None:
    settings.NATIONAL_SYNC_BATCH = 2
    version = procedure_for(cast)
    finished(cast, 1, version=version)
    finished(cast, 3, version=version)
    live = {e.payload["id"]: e.payload for e in SyncEvent.objects.filter(occurred_at__lt=at("2027-03-02 00:00"))}
    call_command("sync-catch-up", "--from", "2027-03-01", "--to", "2027-03-01", verbosity=0)
    assert portal.events == live  # the same payloads as the outbox, only the first day
    run = SyncRun.objects.get()
    assert (run.events, run.error) == (len(live), "")
    assert run.batches == (len(live) + 1) // 2
    assert AuditLog.objects.filter(action="sync.caught_up").count() == 1


@pytest.mark.django_db
def test_catch_up_retries_a_failing_portal(cast: Cast, portal: Portal, settings: Any) -> None:
    portal.fail_rate = 0.5
    settings.NATIONAL_SYNC_BATCH = 1
    settings.NATIONAL_SYNC_MAX_ATTEMPTS = 40
    finished(cast)
    call_command("sync-catch-up", "--from", "2027-03-01", "--to", "2027-03-01", verbosity=0)
    assert set(portal.acks.values()) == {1} and len(portal.acks) == status_changes()
    assert SyncRun.objects.get().retries == portal.failures > 0


@pytest.mark.django_db
def test_catch_up_stops_with_the_error_when_the_portal_refuses(cast: Cast, portal: Portal) -> None:
    portal.status = 400
    received(cast)
    with pytest.raises(CommandError, match="HTTP 400"):
        call_command("sync-catch-up", "--from", "2027-03-01", "--to", "2027-03-01", verbosity=0)


@pytest.mark.django_db
def test_catch_up_refuses_a_bad_period(portal: Portal) -> None:
    with pytest.raises(CommandError, match="to"):
        call_command("sync-catch-up", "--from", "2027-03-05", "--to", "2027-03-01")
    assert not SyncRun.objects.exists()


@pytest.mark.django_db
def test_the_dossier_page_shows_the_sync_log(cast: Cast, portal: Portal) -> None:
    from django.test import Client

    dossier = received(cast)
    client = Client()
    client.force_login(cast.clerk)
    page = client.get(f"/backoffice/ho-so/{dossier.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "National portal synchronisation" in page and "pending" in page
    sync_push()
    page = client.get(f"/backoffice/ho-so/{dossier.code}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sent" in page


@pytest.mark.django_db
def test_an_event_backing_off_holds_back_the_later_ones(cast: Cast, portal: Portal, settings: Any) -> None:
    settings.NATIONAL_SYNC_RETRY_BASE_SECONDS = settings.NATIONAL_SYNC_RETRY_MAX_SECONDS = 60
    portal.status = 503
    dossier = received(cast)
    assert sync_push() == 0  # the reception's event fails and backs off
    portal.status = None
    dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 09:00"))
    assert sync_push() == 0  # the forward's event may not overtake it
    assert not portal.batches
    SyncEvent.objects.update(next_attempt_at=None)
    assert sync_push() == 2
    events = [e for b in portal.batches for e in b["events"]]
    assert [e["id"] for e in events] == [e.payload["id"] for e in sync_log(dossier)]
