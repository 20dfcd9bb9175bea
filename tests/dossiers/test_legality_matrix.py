"""The rules table: in each state exactly these actions are legal (for whoever is entitled), all others
are refused. Each attempt runs in a savepoint that is rolled back."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from motcua.dossiers.actions import ACTIONS
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_approve,
    dossier_assign,
    dossier_forward,
    dossier_refuse,
    dossier_request_fees,
    dossier_request_supplement,
    dossier_return_result,
    dossier_stop,
    dossier_submit,
    dossier_withdraw,
)
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received

PROCESSING = {
    "request_supplement",
    "request_fees",
    "assign",
    "forward",
    "consult",
    "reject",
    "apologise",
    "stop",
    "withdraw",
}
EXPECTED: dict[str, set[str]] = {
    "submitted": {"receive", "refuse", "request_supplement", "withdraw"},
    "received": PROCESSING,
    "in_process": PROCESSING,
    "supplement": {"resubmit", "apologise", "stop", "withdraw"},
    "fees_due": {"pay_fees", "apologise", "stop", "withdraw"},
    "finished": {"return_result"},
    "returned": set(),
    "refused": set(),
    "withdrawn": set(),
    "stopped": set(),
}


def make_state(cast: Cast, state: str) -> Dossier:
    builders: dict[str, Callable[[], Dossier]] = {
        "submitted": lambda: dossier_submit(
            version=procedure_for(cast), agency=cast.agency, applicant=applicant(), submitted_at=at("2027-03-01 08:00")
        ),
        "received": lambda: received(cast),
        "in_process": lambda: dossier_assign(actor=cast.head, dossier=received(cast), assignee=cast.officer),
        "supplement": lambda: dossier_request_supplement(actor=cast.officer, dossier=received(cast), missing="CCCD"),
        "fees_due": lambda: dossier_request_fees(actor=cast.officer, dossier=received(cast)),
        "finished": lambda: dossier_approve(
            actor=cast.head, dossier=dossier_forward(actor=cast.officer, dossier=received(cast))
        ),
        "returned": lambda: dossier_return_result(actor=cast.clerk, dossier=make_state(cast, "finished")),
        "refused": lambda: dossier_refuse(actor=cast.clerk, dossier=make_state(cast, "submitted"), reason="x"),
        "withdrawn": lambda: dossier_withdraw(actor=cast.clerk, dossier=received(cast)),
        "stopped": lambda: dossier_stop(actor=cast.leader, dossier=received(cast), reason="x"),
    }
    return builders[state]()


def arguments(cast: Cast, name: str, dossier: Dossier) -> dict[str, Any]:
    due = dossier.due_at or at("2027-03-15 08:00")
    return {
        "refuse": {"reason": "Không đủ điều kiện"},
        "reject": {"reason": "Không đủ điều kiện"},
        "stop": {"reason": "Theo đề nghị"},
        "request_supplement": {"missing": "Bản sao CCCD"},
        "assign": {"assignee": cast.officer},
        "consult": {"agency": cast.other_agency, "question": "Xác minh"},
        "reply": {"answer": "Đã xác minh"},
        "apologise": {"reason": "Chờ xác minh", "new_due_at": due + dt.timedelta(days=7)},
    }.get(name, {})


class Rollback(Exception):
    pass


def legal_actions(cast: Cast, dossier: Dossier) -> set[str]:
    legal = set()
    for name, action in ACTIONS.items():
        for actor in (cast.clerk, cast.officer, cast.head, cast.leader):
            try:
                with transaction.atomic():
                    fresh = Dossier.objects.get(pk=dossier.pk)
                    action.function(actor=actor, dossier=fresh, **arguments(cast, name, fresh))
                    raise Rollback
            except Rollback:
                legal.add(name)
                break
            except DossierError:
                continue
    return legal


@pytest.mark.parametrize("state", list(EXPECTED))
def test_exactly_the_legal_actions_succeed_in_each_state(cast: Cast, state: str) -> None:
    dossier = make_state(cast, state)
    assert legal_actions(cast, dossier) == EXPECTED[state]


@pytest.mark.parametrize("state", list(EXPECTED))
def test_allowed_actions_agree_with_what_the_services_accept(cast: Cast, state: str) -> None:
    dossier = make_state(cast, state)
    offered = set()
    for actor in (cast.clerk, cast.officer, cast.head, cast.leader):
        from motcua.dossiers.actions import allowed_actions

        offered |= set(allowed_actions(actor, dossier))
    assert offered == EXPECTED[state]
