"""The isolation matrix: role × endpoint × agency. Every route that takes a dossier code (back-office pages,
API endpoints, slips, scans, results, the public tracking pages) is called by every kind of staff of one
agency on dossiers of their own agency and of another one, consultations included: another agency's
dossier is a 404 (or 403), never a read. The routes come from the URLconf, so a new route taking a code
fails ``test_every_route_taking_a_code_is_in_the_matrix`` until it is added here.

The only reads across agencies are by design: a centre supervisor sees every dossier, and an officer (or
the head) of a consulted agency sees the dossier while the consultation waits for its answer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import ChannelRecord
from motcua.core.tokens import api_token_create
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import (
    dossier_approve,
    dossier_consult,
    dossier_forward,
    dossier_receive,
    dossier_reply,
    dossier_result_attach,
)
from motcua.dossiers.uploads import dossier_document_attach
from motcua.organisation.models import Agency, StaffRole
from tests.conftest import Cast, make_procedure, make_user
from tests.dossiers.factories import applicant, at
from tests.pdfs import minimal_pdf

Role = StaffRole.Role
PDF = minimal_pdf()  # a result must be a readable PDF: it gets signed
ROLES = ["clerk", "officer", "approver", "head", "supervisor", "consulted_officer"]
# Roles that an open consultation addressed to their agency lets in (it is addressed to officers; the head
# holds every processing role of the agency).
CONSULTED_ROLES = {"officer", "head", "consulted_officer"}


# --- the routes -------------------------------------------------------------------------------------------


def code_routes() -> dict[str, str]:
    """Every route of the URLconf with a path parameter named like ``*code*``: name → route."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, inner, route)
            elif isinstance(p, URLPattern):
                params = set(getattr(p.pattern, "converters", {})) | set(p.pattern.regex.groupindex)
                if any("code" in name for name in params):
                    yield f"{namespace}{p.name or route}", route

    return dict(walk(get_resolver().url_patterns, "", "/"))


# Routes whose ``code`` is a procedure's national code (public catalogue pages and the reception desk):
# they never show a dossier.
PROCEDURE_CODE_ROUTES = {
    "api:procedure",
    "backoffice:reception-form",
    "portal:procedure",
    "portal:form_template",
    "portal:submit_start",
    "portal:submit_applicant",
    "portal:submit_agency",
    "portal:submit_documents",
    "portal:submit_delivery",
    "portal:submit_check",
    "portal:submit_done",
}


# --- the world: two agencies, each with every role and dossiers in every situation ------------------------


@dataclass
class Side:
    agency: Agency
    users: dict[str, Any]
    version: ProcedureVersion | None = None
    dossiers: dict[str, Dossier] = field(default_factory=dict)


@dataclass
class World:
    sides: dict[str, Side]
    documents: dict[int, list[DossierDocument]]  # dossier pk → its stored files (scans, results)
    tokens: dict[int, str] = field(default_factory=dict)

    def token(self, user: Any) -> str:
        if user.pk not in self.tokens:
            self.tokens[user.pk] = api_token_create(user=user)
        return self.tokens[user.pk]

    def all_dossiers(self) -> Iterator[tuple[str, str, Dossier]]:
        for name, side in self.sides.items():
            for situation, dossier in side.dossiers.items():
                yield name, situation, dossier


def _version_for(agency: Agency, code: str) -> ProcedureVersion:
    channel = ChannelRecord(channel="in_person", time_limit=Decimal(10), time_unit="working_day", fee_amount=Decimal(0))
    return make_procedure(
        code, f"Thủ tục {code}", levels=["province"], agency_identifiers=[agency.identifier], channels=[channel]
    )


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    _CLIENTS.clear()
    # Slips are rendered to HTML (their data path) but not through WeasyPrint: the matrix is about who gets
    # a slip, tests/documents about what it looks like.
    monkeypatch.setattr("motcua.documents.slips.html_to_pdf", lambda html: b"%PDF-1.4 stub")
    sides = {
        "A": Side(
            cast.agency,
            {
                "clerk": cast.clerk,
                "officer": cast.officer,
                "approver": cast.leader,
                "head": cast.head,
                "supervisor": cast.supervisor,
                "consulted_officer": make_user("a_consulted", cast.agency, Role.OFFICER),
            },
        ),
        "B": Side(
            cast.other_agency,
            {
                "clerk": cast.other_clerk,
                "officer": cast.other_officer,
                "approver": make_user("b_leader", cast.other_agency, Role.APPROVER),
                "head": make_user("b_head", cast.other_agency, Role.AGENCY_HEAD),
                "supervisor": cast.supervisor,
                "consulted_officer": make_user("b_consulted", cast.other_agency, Role.OFFICER),
            },
        ),
    }
    documents: dict[int, list[DossierDocument]] = {}
    for (_name, side), code in zip(sides.items(), ("2.000488", "2.000489"), strict=True):
        side.version = _version_for(side.agency, code)
    for name, side in sides.items():
        other = sides["B" if name == "A" else "A"]
        u = side.users

        def new(who: str, side: Side = side, u: dict[str, Any] = u) -> Dossier:
            assert side.version is not None
            return dossier_receive(
                actor=u["clerk"],
                version=side.version,
                agency=side.agency,
                applicant=applicant(name=f"Người nộp {who} {side.agency.identifier}"),
                received_at=at("2027-03-01 08:00"),
            )

        # received, with the scan of a document handed in
        opened = new("open")
        scan = dossier_document_attach(
            dossier=opened, upload=SimpleUploadedFile("cccd.pdf", PDF), name="CCCD", actor=u["clerk"]
        )
        documents[opened.pk] = [scan]
        # finished, with its electronic result
        finished = dossier_forward(actor=u["officer"], dossier=new("finished"), at=at("2027-03-02 08:00"))
        finished = dossier_approve(actor=u["head"], dossier=finished, at=at("2027-03-03 08:00"))
        result = dossier_result_attach(
            actor=u["officer"], dossier=finished, upload=SimpleUploadedFile("kq.pdf", PDF), at=at("2027-03-03 09:00")
        )
        documents[finished.pk] = [result]
        # the other agency was consulted and answered (by its "consulted officer")
        answered = dossier_consult(
            actor=u["officer"], dossier=new("answered"), agency=other.agency, question="Xác minh", hours=8
        )
        answered = dossier_reply(actor=other.users["consulted_officer"], dossier=answered, answer="Đã xác minh")
        # the other agency is consulted now, no answer yet
        asking = dossier_consult(
            actor=u["officer"], dossier=new("asking"), agency=other.agency, question="Xác minh", hours=8
        )
        side.dossiers = {"open": opened, "finished": finished, "answered": answered, "asking": asking}
    return World(sides, documents)


def may_read(home: str, role: str, owner: str, situation: str) -> bool:
    """The rule the matrix checks: own agency's dossiers; another agency's only for a supervisor, or for its
    consulted officers while the consultation is open."""
    if role == "supervisor" or owner == home:
        return True
    return situation == "asking" and role in CONSULTED_ROLES


# --- the endpoints: each one call (or several) and what a reader and a stranger get --------------------------

# A call returns (response, the status a reader gets); a stranger must always get 404 (or 403).
Call = Callable[[World, Any, Dossier, bool], list[tuple[str, Any, int]]]


_CLIENTS: dict[tuple[int, int], Client] = {}


def _staff(user: Any) -> Client:
    """A logged-in client, one per user and world (a login writes a session)."""
    key = (id(user), user.pk)
    if key not in _CLIENTS:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        _CLIENTS[key] = client
    return _CLIENTS[key]


def _api(world: World, user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {world.token(user)}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _slip_kinds() -> list[str]:
    from motcua.documents.models import SlipKind

    return [k for k in SlipKind.values if k not in {SlipKind.REGISTER, SlipKind.RECEIPT}]  # receipt: called first


def bo_dossier(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    return [("page", _staff(user).get(f"/backoffice/ho-so/{d.code}/"), 200)]


def bo_act(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    # An unknown action changes nothing: a reader is sent back to the page with a message.
    return [("post", _staff(user).post(f"/backoffice/ho-so/{d.code}/thao-tac/", {"action": "nothing"}), 302)]


def bo_result(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    return [("post", _staff(user).post(f"/backoffice/ho-so/{d.code}/ket-qua/", {}), 302)]


def bo_slip(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    client = _staff(user)
    calls = [("receipt", client.get(f"/backoffice/ho-so/{d.code}/phieu/receipt.pdf"), 200)]
    if not reader:  # a stranger gets no slip of any kind (a reader's other slips are tests/documents')
        calls += [(kind, client.get(f"/backoffice/ho-so/{d.code}/phieu/{kind}.pdf"), 0) for kind in _slip_kinds()]
    return calls


def bo_document(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    client = _staff(user)
    return [
        (f"file {doc.kind}", client.get(f"/backoffice/ho-so/{d.code}/tai-lieu/{doc.pk}/"), 200)
        for doc in world.documents.get(d.pk, [])
    ]


def bo_post(path: str) -> Call:
    """A post form with nothing in it: a reader is sent back to the dossier page (a message says why)."""

    def call(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
        return [("post", _staff(user).post(f"/backoffice/ho-so/{d.code}/{path}", {}), 302)]

    return call


def bo_receipt(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    return [("get", _staff(user).get(f"/backoffice/ho-so/{d.code}/bien-lai/1.pdf"), 0)]


def api_dossier(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    return [("get", Client().get(f"/api/v1/dossiers/{d.code}", **_api(world, user)), 200)]


def api_actions(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    body = {"action": "nothing"}
    response = Client().post(
        f"/api/v1/dossiers/{d.code}/actions", body, content_type="application/json", **_api(world, user)
    )
    return [("post", response, 400)]


def api_results(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    return [("post", Client().post(f"/api/v1/dossiers/{d.code}/results", {}, **_api(world, user)), 400)]


def api_slip(world: World, user: Any, d: Dossier, reader: bool) -> list[tuple[str, Any, int]]:
    client, headers = Client(), _api(world, user)
    calls = [("receipt", client.get(f"/api/v1/dossiers/{d.code}/slips/receipt.pdf", **headers), 200)]
    if not reader:
        calls += [(k, client.get(f"/api/v1/dossiers/{d.code}/slips/{k}.pdf", **headers), 0) for k in _slip_kinds()]
    return calls


# Code-taking routes → how the matrix calls them. Public tracking pages give staff nothing either: they
# need the applicant's second factor (their own tests cover that path).
DOSSIER_ROUTES: dict[str, Call] = {
    "backoffice:dossier": bo_dossier,
    "backoffice:act": bo_act,
    "backoffice:result": bo_result,
    "backoffice:slip": bo_slip,
    "backoffice:document": bo_document,
    "backoffice:post-handover": bo_post("buu-chinh/"),
    "backoffice:post-incoming": bo_post("buu-chinh/den/"),
    "backoffice:payment": bo_post("thu-phi/"),
    "backoffice:refund": bo_post("hoan-phi/"),
    "backoffice:receipt": bo_receipt,
    "api:dossier": api_dossier,
    "api:dossier-actions": api_actions,
    "api:dossier-results": api_results,
    "api:dossier-slip": api_slip,
}
PUBLIC_DOSSIER_ROUTES = {
    "portal:track_detail",
    "portal:track_result",
    "portal:track_pay",
    "portal:track_receipt",
    "portal:track_supplement",
    "portal:track_slip",
    "portal:track_survey",
}

DENIED = {403, 404}


def _body(response: Any) -> bytes:
    """The whole body; a file response is read to its end (the test client then closes it properly)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_every_route_taking_a_code_is_in_the_matrix() -> None:
    routes = code_routes()
    uncovered = set(routes) - set(DOSSIER_ROUTES) - PUBLIC_DOSSIER_ROUTES - PROCEDURE_CODE_ROUTES
    assert not uncovered, f"routes taking a code that the isolation matrix does not call: {sorted(uncovered)}"
    stale = (set(DOSSIER_ROUTES) | PUBLIC_DOSSIER_ROUTES | PROCEDURE_CODE_ROUTES) - set(routes)
    assert not stale, f"the matrix names routes that no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("home", ["A", "B"])
@pytest.mark.parametrize("role", ROLES)
def test_no_role_reads_another_agencys_dossier_through_any_route(world: World, home: str, role: str) -> None:
    user = world.sides[home].users[role]
    wrong: list[str] = []
    for owner, situation, dossier in world.all_dossiers():
        reader = may_read(home, role, owner, situation)
        for route, call in DOSSIER_ROUTES.items():
            for label, response, reader_status in call(world, user, dossier, reader):
                status, body = response.status_code, _body(response)
                where = f"{role}@{home} → {route} ({label}) on {owner}'s {situation} dossier: {status}"
                if not reader and status not in DENIED:
                    wrong.append(f"LEAK {where}")
                elif not reader and dossier.applicant_name.encode() in body:
                    wrong.append(f"LEAK (body) {where}")
                elif reader and reader_status and status != reader_status:
                    wrong.append(f"BLOCKED {where}, expected {reader_status}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_staff_get_nothing_from_the_public_tracking_pages_without_the_applicants_secret(
    world: World, role: str
) -> None:
    client = _staff(world.sides["A"].users[role])
    for _owner, _situation, dossier in world.all_dossiers():
        page = client.get(f"/tra-cuu/{dossier.code}/")
        assert page.status_code == 302
        assert page["Location"].startswith("/tra-cuu/?")
        assert client.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 404
        assert client.get(f"/tra-cuu/{dossier.code}/phieu-bo-sung/").status_code == 404
        sent = client.post(f"/tra-cuu/{dossier.code}/bo-sung/", {"note": "x"})
        assert sent.status_code == 302 and sent["Location"].startswith("/tra-cuu/?")


def test_a_file_of_another_dossier_is_not_served_through_an_own_dossiers_code(world: World) -> None:
    for home in ("A", "B"):
        own = world.sides[home].dossiers["open"]
        for role in ROLES:
            client = _staff(world.sides[home].users[role])
            for owner, _situation, dossier in world.all_dossiers():
                if dossier.pk == own.pk:
                    continue
                for doc in world.documents.get(dossier.pk, []):
                    response = client.get(f"/backoffice/ho-so/{own.code}/tai-lieu/{doc.pk}/")
                    assert response.status_code == 404, (home, role, owner, doc.kind)


@pytest.mark.parametrize("home", ["A", "B"])
@pytest.mark.parametrize("role", ROLES)
def test_no_list_shows_another_agencys_dossier(world: World, home: str, role: str) -> None:
    """Search and every inbox tab: the codes and names of dossiers the user may not open never appear."""
    user = world.sides[home].users[role]
    client = _staff(user)
    pages = [client.get("/backoffice/").content]
    pages += [
        client.get(f"/backoffice/hop-thu/{scope}/").content
        for scope in ("mine", "agency", "new", "supplements", "approval", "return", "all")
    ]
    for owner, situation, dossier in world.all_dossiers():
        found = client.get("/backoffice/tim-kiem/", {"q": dossier.code}).content  # the box echoes the code
        reader = may_read(home, role, owner, situation)
        assert (dossier.applicant_name.encode() in found) == reader, (role, home, owner, situation)
        if not reader:
            for page in pages:
                assert str(dossier.code).encode() not in page, (role, home, owner, situation)
                assert dossier.applicant_name.encode() not in page, (role, home, owner, situation)
