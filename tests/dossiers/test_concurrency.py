"""Real concurrency: several OS processes on the same database (PostgreSQL in production)."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from django.db import connections

from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier, Transition
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for

pytestmark = pytest.mark.django_db(transaction=True)


def _receive_many(args: tuple[int, int, int, int]) -> list[str]:
    clerk_id, version_id, agency_id, count = args
    from django.contrib.auth import get_user_model

    from motcua.catalogue.models import ProcedureVersion
    from motcua.dossiers.services import dossier_receive
    from motcua.organisation.models import Agency

    clerk = get_user_model().objects.get(pk=clerk_id)
    version = ProcedureVersion.objects.get(pk=version_id)
    agency = Agency.objects.get(pk=agency_id)
    codes = [
        dossier_receive(
            actor=clerk, version=version, agency=agency, applicant=applicant(), received_at=at("2027-03-01 08:00")
        ).code
        for _ in range(count)
    ]
    connections.close_all()
    return [c for c in codes if c]


def _act(args: tuple[int, int, str]) -> str:
    user_id, dossier_id, action = args
    from django.contrib.auth import get_user_model

    from motcua.dossiers.services import dossier_request_fees, dossier_stop

    user = get_user_model().objects.get(pk=user_id)
    dossier = Dossier.objects.get(pk=dossier_id)
    try:
        if action == "stop":
            dossier_stop(actor=user, dossier=dossier, reason="Dừng", expected_lock_version=dossier.lock_version)
        else:
            dossier_request_fees(actor=user, dossier=dossier, expected_lock_version=dossier.lock_version)
        return "ok"
    except DossierError as exc:
        return type(exc).__name__
    finally:
        connections.close_all()


def _pool(processes: int) -> Any:
    connections.close_all()
    return multiprocessing.get_context("fork").Pool(processes)


def test_eight_clerks_receiving_at_once_never_share_a_code(cast: Cast) -> None:
    version = procedure_for(cast)
    with _pool(8) as pool:
        results = pool.map(_receive_many, [(cast.clerk.pk, version.pk, cast.agency.pk, 10)] * 8)
    codes = [code for batch in results for code in batch]
    assert len(codes) == 80
    assert len(set(codes)) == 80
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 81))  # no gaps either
    assert Dossier.objects.count() == 80


def test_two_leaders_acting_at_once_exactly_one_wins(cast: Cast) -> None:
    from tests.dossiers.factories import received

    dossier = received(cast)
    with _pool(2) as pool:
        outcomes = pool.map(_act, [(cast.leader.pk, dossier.pk, "stop"), (cast.head.pk, dossier.pk, "fees")])
    # The loser either read the dossier before the winner committed (stale lock version: Conflict) or
    # after (the dossier is no longer in a state that allows its action: IllegalTransition); both are 409.
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"Conflict", "IllegalTransition"}
    assert Transition.objects.filter(dossier=dossier).count() == 2  # received + the winner's action
