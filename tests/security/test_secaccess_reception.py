"""Issue #8, findings 5 and 14: a reception only for an agency that carries out the procedure, and an
idempotency key bound to the request it was first sent with."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from motcua.core.tokens import api_token_create
from motcua.dossiers.errors import Conflict, NotPermitted
from motcua.dossiers.models import Dossier, DossierSequence, ReceptionKey
from motcua.dossiers.services import dossier_receive
from tests.conftest import Cast
from tests.dossiers import _workers
from tests.dossiers.factories import applicant, procedure_for, received

BODY: dict[str, Any] = {
    "procedure": "2.000488",
    "agency": "000.00.20.H49",
    "channel": "in_person",
    "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
    "received_at": "2026-11-02T08:00:00+07:00",
}


def post(client: Client, user: Any, body: dict[str, Any], key: str = "", language: str = "en") -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}", "HTTP_ACCEPT_LANGUAGE": language}
    if key:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/dossiers", body, content_type="application/json", **headers)


def clerk_of_both(cast: Cast) -> Any:
    """A receiving clerk of both agencies: only the procedure's agencies decide where it is received."""
    from motcua.organisation.models import StaffRole

    StaffRole.objects.create(user=cast.clerk, agency=cast.other_agency, role=StaffRole.Role.RECEIVING_CLERK)
    return cast.clerk


# --- finding 5: the procedure's receiving agencies --------------------------------------------------------


def test_clerk_cannot_receive_through_the_api_a_procedure_their_agency_does_not_handle(
    client: Client, cast: Cast
) -> None:
    procedure_for(cast)  # carried out by cast.agency only
    body = {**BODY, "agency": cast.other_agency.identifier}
    response = post(client, cast.other_clerk, body)
    assert response.status_code == 403
    assert "does not receive dossiers for the procedure 2.000488" in response.json()["error"]
    assert not Dossier.objects.exists()
    assert not DossierSequence.objects.exists()  # no number was taken either


def test_a_clerk_of_two_agencies_receives_only_where_the_procedure_is_carried_out(cast: Cast) -> None:
    version = procedure_for(cast)
    clerk = clerk_of_both(cast)
    with pytest.raises(NotPermitted, match="does not receive dossiers"):
        dossier_receive(actor=clerk, version=version, agency=cast.other_agency, applicant=applicant())
    dossier = dossier_receive(actor=clerk, version=version, agency=cast.agency, applicant=applicant())
    assert dossier.agency == cast.agency


def test_the_agency_check_holds_for_an_idempotent_reception_too(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    clerk_of_both(cast)
    body = {**BODY, "agency": cast.other_agency.identifier}
    assert post(client, cast.clerk, body, key="k-1").status_code == 403
    assert post(client, cast.clerk, body, key="k-1").status_code == 403  # no key was stored by the refusal
    assert not ReceptionKey.objects.exists()


# --- finding 14: the idempotency key is bound to its request ------------------------------------------------


def test_the_same_key_with_the_same_body_replays_the_first_dossier(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    first = post(client, cast.clerk, BODY, key="req-1")
    again = post(client, cast.clerk, BODY, key="req-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_409_and_creates_nothing(client: Client, cast: Cast) -> None:
    procedure_for(cast)
    first = post(client, cast.clerk, BODY, key="req-1")
    other_applicant = {**BODY, "applicant": {**BODY["applicant"], "name": "Trần Thị Bình"}}
    response = post(client, cast.clerk, other_applicant, key="req-1")
    assert response.status_code == 409
    assert "Idempotency-Key was already used for a different reception" in response.json()["error"]
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().code == first.json()["code"]
    assert post(client, cast.clerk, BODY, key="req-1").status_code == 200  # the original still replays
    in_vietnamese = post(client, cast.clerk, other_applicant, key="req-1", language="vi")
    assert "đã được dùng cho một lần tiếp nhận khác" in in_vietnamese.json()["error"]


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "online"},
        {"received_at": "2026-11-02T09:00:00+07:00"},
        {"result_delivery": "post"},
    ],
)
def test_any_changed_field_makes_the_reused_key_a_conflict(client: Client, cast: Cast, change: dict[str, str]) -> None:
    procedure_for(cast)
    assert post(client, cast.clerk, BODY, key="req-1").status_code == 201
    assert post(client, cast.clerk, {**BODY, **change}, key="req-1").status_code == 409


def test_the_service_refuses_a_reused_key_with_other_arguments(cast: Cast) -> None:
    version = procedure_for(cast)
    first = received(cast, version=version, request_key="desk-7")
    assert received(cast, version=version, request_key="desk-7") == first
    with pytest.raises(Conflict, match="Idempotency-Key"):
        received(cast, version=version, request_key="desk-7", applicant=applicant(name="Trần Thị Bình"))
    with pytest.raises(Conflict):
        received(cast, when="2027-03-01 09:00", version=version, request_key="desk-7")
    assert ReceptionKey.objects.get().fingerprint  # stored with the key


def test_a_key_stored_before_fingerprints_still_replays(cast: Cast) -> None:
    version = procedure_for(cast)
    first = received(cast, version=version, request_key="old")
    ReceptionKey.objects.update(fingerprint="")
    assert received(cast, version=version, request_key="old", applicant=applicant(name="Khác")) == first


def test_keys_belong_to_their_user(client: Client, cast: Cast) -> None:
    from motcua.organisation.models import StaffRole
    from tests.conftest import make_user

    procedure_for(cast)
    second = make_user("clerk2", cast.agency, StaffRole.Role.RECEIVING_CLERK)
    assert post(client, cast.clerk, BODY, key="req-1").status_code == 201
    assert post(client, second, {**BODY, "channel": "online"}, key="req-1").status_code == 201
    assert Dossier.objects.count() == 2


# --- the race, on real processes --------------------------------------------------------------------------


def _pool(processes: int) -> Any:
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    return context.Pool(processes, initializer=_workers.init, initargs=(connection.settings_dict["NAME"],))


@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_reusing_one_key_with_different_bodies_make_one_dossier_and_one_conflict(
    cast: Cast,
) -> None:
    version = procedure_for(cast)
    args = [(cast.clerk.pk, version.pk, cast.agency.pk, "k-1", name) for name in ("Nguyễn Văn An", "Trần Thị Bình")]
    with _pool(2) as pool:
        outcomes = pool.map(_workers.receive_with_key_as, args)
    assert Dossier.objects.count() == 1
    assert sorted(o == "Conflict" for o in outcomes) == [False, True]
    code = next(o for o in outcomes if o != "Conflict")
    assert Dossier.objects.get().code == code
    assert received(cast, version=version).code.endswith("-0002")  # the loser's number was rolled back
