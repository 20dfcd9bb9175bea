"""schemathesis over /api/v1/openapi.json: the hand-written schema must describe what the API answers.

Every operation is fuzzed through the WSGI application with a receiving clerk's real bearer token,
while a second agency holds its own procedure and dossier. Checks: no 5xx, documented status codes,
documented content types, responses valid against their schemas, 405 with Allow for undocumented
methods, and never a dossier of another agency. Deterministic (fixed seed, no example database).
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from motcua.core.tokens import api_token_create
from tests.conftest import Cast, make_procedure
from tests.dossiers.factories import applicant, at, procedure_for, received

MIN_CASES = 1_000
EXAMPLES_PER_OPERATION = 95

CONFIG = {
    "seed": 20260301,
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
}

cases_by_operation: collections.Counter[str] = collections.Counter()


class World:
    def __init__(self, cast: Cast) -> None:
        from motcua.dossiers.services import dossier_receive

        self.cast = cast
        version = procedure_for(cast)
        self.codes = [received(cast, version=version, when=f"2027-03-0{day} 08:00").code for day in (1, 2)]
        other_version = make_procedure(
            "1.000009",
            "Thủ tục cấp giấy phép xây dựng",
            levels=["province"],
            agency_identifiers=[cast.other_agency.identifier],
        )
        self.other_code = dossier_receive(
            actor=cast.other_clerk,
            version=other_version,
            agency=cast.other_agency,
            applicant=applicant(name="Trần Thị Bình"),
            received_at=at("2027-03-01 09:00"),
        ).code
        self.token = api_token_create(user=cast.clerk)


CODES: list[str] = []  # the real dossier codes of the running test, for the path-parameter hook

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=SchemathesisConfig.from_dict(CONFIG)
)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    # A generated code never exists: most of the time, aim at a real dossier (ours or the other agency's).
    if not path_parameters or "code" not in path_parameters:
        return st.just(path_parameters)
    return st.sampled_from([path_parameters["code"], *CODES]).map(lambda code: {**path_parameters, "code": code})


@pytest.fixture(scope="module", autouse=True)
def _enough_cases() -> Iterator[None]:
    cases_by_operation.clear()
    yield
    operations = {f"{r.ok().method.upper()} {r.ok().path}" for r in schema.get_all_operations()}
    print("\nschemathesis cases:", sum(cases_by_operation.values()), dict(cases_by_operation))
    if set(cases_by_operation) == operations:  # the whole module ran, not a selection
        assert sum(cases_by_operation.values()) >= MIN_CASES, cases_by_operation


@pytest.fixture
def world(cast: Cast) -> Iterator[World]:
    made = World(cast)
    CODES[:] = [*made.codes, made.other_code]
    # Requests go through the real WSGI handler, which closes the connection after each request (and
    # with it the test's transaction): keep it open, as django.test.Client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield made
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        CODES.clear()


def never_another_agencys_dossier(ctx: Any, response: Any, case: Any) -> None:
    if response.status_code < 300 and "json" in response.headers.get("content-type", [""])[0]:
        body = response.json()
        if isinstance(body, dict) and "code" in body and "allowed_actions" in body:
            assert body["agency"] == "000.00.20.H49", f"another agency's dossier: {body['code']}"


def every_error_has_the_error_body(ctx: Any, response: Any, case: Any) -> None:
    """Documented or not (405, 413, …), an error is ``{"error": "…", "errors"?: {field: [...]}}``."""
    if response.status_code >= 400:
        assert "application/json" in response.headers.get("content-type", [""])[0], response.status_code
        body = response.json()
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and body["error"], body
        assert set(body) <= {"error", "errors"}, body
        errors = body.get("errors", {})
        assert isinstance(errors, dict), body
        assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in errors.values()), body


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    unsupported_method,
    negative_data_rejection,
    never_another_agencys_dossier,
    every_error_has_the_error_body,
]
# Bodies that name other records (a procedure, an agency, a user) or need a state: a request the schema
# allows may still be a 400, so only these operations skip the check that valid data is accepted.
SEMANTIC_BODIES = {"/dossiers", "/dossiers/{code}/actions", "/dossiers/{code}/results"}


@schema.parametrize()
@hypothesis.settings(deadline=None, derandomize=True, database=None, suppress_health_check=list(hypothesis.HealthCheck))
def test_the_api_answers_as_its_openapi_schema_says(case: Any, world: World) -> None:
    cases_by_operation[f"{case.operation.method.upper()} {case.operation.path}"] += 1
    checks = CHECKS if case.operation.path in SEMANTIC_BODIES else [*CHECKS, positive_data_acceptance]
    case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"}, checks=checks)
