"""Real concurrency: several OS processes on the same database (PostgreSQL in production)."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from django.db import connection, connections

from motcua.dossiers.models import Dossier, Transition
from tests.conftest import Cast
from tests.dossiers import _workers
from tests.dossiers.factories import procedure_for, received

pytestmark = pytest.mark.django_db(transaction=True)


def _pool(processes: int) -> Any:
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    return context.Pool(processes, initializer=_workers.init, initargs=(connection.settings_dict["NAME"],))


def test_eight_clerks_receiving_at_once_never_share_a_code(cast: Cast) -> None:
    version = procedure_for(cast)
    with _pool(8) as pool:
        results = pool.map(_workers.receive_many, [(cast.clerk.pk, version.pk, cast.agency.pk, 10)] * 8)
    codes = [code for batch in results for code in batch]
    assert len(codes) == 80
    assert len(set(codes)) == 80
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 81))  # no gaps either
    assert Dossier.objects.count() == 80


def test_two_leaders_acting_at_once_exactly_one_wins(cast: Cast) -> None:
    dossier = received(cast)
    with _pool(2) as pool:
        outcomes = pool.map(_workers.act, [(cast.leader.pk, dossier.pk, "stop"), (cast.head.pk, dossier.pk, "fees")])
    # The loser either read the dossier before the winner committed (stale lock version: Conflict) or
    # after (the dossier is no longer in a state that allows its action: IllegalTransition); both are 409.
    assert outcomes.count("ok") == 1
    assert set(outcomes) - {"ok"} <= {"Conflict", "IllegalTransition"}
    assert Transition.objects.filter(dossier=dossier).count() == 2  # received + the winner's action


def test_two_retries_of_one_reception_racing_create_one_dossier_and_burn_no_number(cast: Cast) -> None:
    version = procedure_for(cast)
    with _pool(2) as pool:
        codes = pool.map(_workers.receive_with_key, [(cast.clerk.pk, version.pk, cast.agency.pk, "k-1")] * 2)
    assert codes[0] == codes[1]
    assert Dossier.objects.count() == 1
    later = received(cast, version=version)
    assert later.code.endswith("-0002")  # the loser's number was rolled back with its transaction
