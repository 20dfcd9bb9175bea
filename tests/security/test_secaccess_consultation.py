"""Issue #8, findings 8 and 14 (reply): a consultation opens the dossier to the consulted officers only,
only while it waits for its answer on an open dossier; an answer is taken only while the dossier is open."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.tokens import api_token_create
from motcua.dossiers.actions import allowed_actions
from motcua.dossiers.errors import IllegalTransition
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossier_for_staff, dossiers_visible_to
from motcua.dossiers.selectors import inbox_parts, inbox_queryset
from motcua.dossiers.services import (
    dossier_consult,
    dossier_forward,
    dossier_reply,
    dossier_stop,
    dossier_withdraw,
)
from motcua.organisation.models import StaffRole
from tests.conftest import Cast, make_user
from tests.dossiers.factories import at, received

Role = StaffRole.Role


def consulted(cast: Cast) -> Dossier:
    """Received by cast.agency; its officer asks cast.other_agency."""
    return dossier_consult(
        actor=cast.officer, dossier=received(cast), agency=cast.other_agency, question="Xác minh", hours=8
    )


def sees(user: Any, dossier: Dossier) -> bool:
    return dossier_for_staff(user, str(dossier.code)) is not None


def in_agency_inbox(user: Any, dossier: Dossier) -> bool:
    return any(qs.filter(pk=dossier.pk).exists() for qs in inbox_parts(user, "agency"))


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_consulted_officer_sees_the_dossier_while_the_consultation_is_open(cast: Cast) -> None:
    dossier = consulted(cast)
    assert sees(cast.other_officer, dossier)
    assert in_agency_inbox(cast.other_officer, dossier)
    assert inbox_queryset(cast.other_officer, "mine").filter(pk=dossier.pk).exists()
    assert allowed_actions(cast.other_officer, dossier) == ["reply"]


def test_consulted_agencys_clerk_and_approver_do_not_see_the_dossier(cast: Cast) -> None:
    other_leader = make_user("other_leader", cast.other_agency, Role.APPROVER)
    dossier = consulted(cast)
    for user in (cast.other_clerk, other_leader):
        assert not sees(user, dossier)
        assert not in_agency_inbox(user, dossier)
        assert not dossiers_visible_to(user).filter(pk=dossier.pk).exists()


def test_consulted_agencys_head_counts_as_an_officer(cast: Cast) -> None:
    other_head = make_user("other_head", cast.other_agency, Role.AGENCY_HEAD)
    assert sees(other_head, consulted(cast))


def test_consulted_officer_no_longer_sees_the_dossier_once_answered(cast: Cast) -> None:
    dossier = consulted(cast)
    dossier = dossier_reply(actor=cast.other_officer, dossier=dossier, answer="Đã xác minh")
    assert not sees(cast.other_officer, dossier)
    assert not in_agency_inbox(cast.other_officer, dossier)
    # not even the officer who answered (the task's assignee now), nor their colleagues
    second_officer = make_user("other_officer2", cast.other_agency, Role.OFFICER)
    assert not sees(second_officer, dossier)
    assert sees(cast.officer, dossier)  # the dossier's own agency still does


def test_consulted_officer_no_longer_sees_a_dossier_closed_while_the_consultation_was_open(cast: Cast) -> None:
    dossier = dossier_stop(actor=cast.leader, dossier=consulted(cast), reason="Dừng", at=at("2027-03-01 10:00"))
    assert dossier.tasks.filter(is_consultation=True, finished_at__isnull=True).exists()
    assert not sees(cast.other_officer, dossier)


def test_a_process_step_of_the_agency_still_opens_the_dossier_after_it_is_done(cast: Cast) -> None:
    """The rule is narrowed for consultations only: an agency that ran a step keeps seeing the dossier."""
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-01 10:00"))
    assert dossier.tasks.filter(agency=cast.agency, finished_at__isnull=False).exists()
    assert sees(cast.officer, dossier)


def test_consulted_officer_is_not_offered_the_dossiers_own_agency_actions(cast: Cast) -> None:
    other_leader = make_user("other_leader", cast.other_agency, Role.APPROVER, Role.OFFICER)
    dossier = consulted(cast)
    assert "apologise" not in allowed_actions(cast.other_officer, dossier)
    assert "stop" not in allowed_actions(other_leader, dossier)


# --- the answer needs an open dossier -----------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["stop", "withdraw"])
def test_consulted_officer_cannot_answer_on_a_closed_dossier(cast: Cast, ending: str) -> None:
    dossier = consulted(cast)
    if ending == "stop":
        dossier_stop(actor=cast.leader, dossier=dossier, reason="Dừng", at=at("2027-03-01 10:00"))
    else:
        dossier_withdraw(actor=cast.clerk, dossier=dossier, at=at("2027-03-01 10:00"))
    dossier.refresh_from_db()
    with pytest.raises(IllegalTransition, match="cannot be given a consultation answer"):
        dossier_reply(actor=cast.other_officer, dossier=dossier, answer="Đã xác minh")
    assert "reply" not in allowed_actions(cast.other_officer, dossier)


def test_an_answer_on_a_closed_dossier_is_a_translated_409_through_the_api(cast: Cast) -> None:
    # An officer of both agencies still opens the closed dossier (through its own agency) and would answer.
    both = make_user("both", cast.other_agency, Role.OFFICER)
    StaffRole.objects.create(user=both, agency=cast.agency, role=Role.OFFICER)
    dossier = consulted(cast)
    dossier_stop(actor=cast.leader, dossier=dossier, reason="Dừng", at=at("2027-03-01 10:00"))
    token = api_token_create(user=both)

    def reply(language: str) -> Any:
        return Client().post(
            f"/api/v1/dossiers/{dossier.code}/actions",
            {"action": "reply", "answer": "Đã xác minh"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_ACCEPT_LANGUAGE=language,
        )

    response = reply("en")
    assert response.status_code == 409
    assert "cannot be given a consultation answer" in response.json()["error"]
    assert "trả lời xin ý kiến" in reply("vi").json()["error"]
    assert not dossier.tasks.filter(is_consultation=True, finished_at__isnull=False).exists()


def test_answering_from_the_dossier_page_returns_to_the_inbox(cast: Cast) -> None:
    dossier = consulted(cast)
    client = staff(cast.other_officer)
    assert client.get(f"/backoffice/ho-so/{dossier.code}/").status_code == 200
    response = client.post(f"/backoffice/ho-so/{dossier.code}/thao-tac/", {"action": "reply", "answer": "Đã xác minh"})
    assert response.status_code == 302
    assert response["Location"] == "/backoffice/"
    assert client.get(f"/backoffice/ho-so/{dossier.code}/").status_code == 404
