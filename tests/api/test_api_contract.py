"""What the OpenAPI description promises, checked one rule at a time (schemathesis checks them all in
test_openapi_fuzz.py)."""

from typing import Any

import pytest
from django.test import Client

from motcua.core.tokens import api_token_create
from tests.conftest import Cast


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


@pytest.mark.parametrize("path", ["procedures", "procedures/1.001193", "agencies", "lookup", "openapi.json"])
@pytest.mark.parametrize("method", ["POST", "QUERY", "PROPFIND", "DELETE"])
def test_an_undeclared_method_on_a_public_read_is_405_with_allow_not_a_csrf_403(
    db: Any, path: str, method: str
) -> None:
    response = Client(enforce_csrf_checks=True).generic(method, f"/api/v1/{path}")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("path", "allow"),
    [("dossiers", "POST"), ("dossiers/X", "GET"), ("dossiers/X/actions", "POST"), ("dossiers/X/results", "POST")],
)
def test_an_undeclared_method_on_a_token_endpoint_is_405_before_the_token_is_checked(
    client: Client, cast: Cast, path: str, allow: str
) -> None:
    for headers in ({}, bearer(cast.clerk)):
        response = client.generic("QUERY", f"/api/v1/{path}", **headers)
        assert (response.status_code, response["Allow"]) == (405, allow)


def test_every_token_endpoint_documents_401_and_the_lookup_documents_400(client: Client, db: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for operations in paths.values():
        for operation in operations.values():
            if operation.get("security"):
                assert "401" in operation["responses"], operation["summary"]
    assert "400" in paths["/lookup"]["get"]["responses"]


def test_limit_and_required_texts_are_bounded_in_the_schema_as_the_api_bounds_them(client: Client, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/procedures"]["get"]["parameters"]}
    assert params["limit"]["minimum"] == 1
    assert client.get("/api/v1/procedures?limit=0").status_code == 400
    lookup = {p["name"]: p["schema"] for p in schema["paths"]["/lookup"]["get"]["parameters"]}
    assert lookup["code"]["minLength"] == lookup["secret"]["minLength"] == 1
    assert client.get("/api/v1/lookup?code=&secret=1234").status_code == 400
    applicant = schema["components"]["schemas"]["Applicant"]["properties"]
    assert applicant["name"]["minLength"] == applicant["phone"]["minLength"] == 1


def test_a_procedure_filter_takes_any_agency_identifier_the_schema_allows(client: Client, db: Any) -> None:
    assert client.get("/api/v1/procedures", {"agency": "000.00.20.H49-001"}).status_code == 200


def test_date_times_are_rfc_3339_with_seconds(client: Client, cast: Cast) -> None:
    from tests.dossiers.factories import received

    dossier = received(cast)
    body = client.get(f"/api/v1/dossiers/{dossier.code}", **bearer(cast.clerk)).json()
    assert body["received_at"] == "2027-03-01T08:00:00+07:00"


@pytest.mark.parametrize("method", ["GET", "POST", "QUERY"])
def test_an_unknown_api_address_is_a_json_error_not_an_html_page(db: Any, method: str) -> None:
    response = Client(enforce_csrf_checks=True).generic(method, "/api/v1/no-such-thing/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json()["error"]


@pytest.mark.parametrize("query", ["limit=", "offset=", "limit=%20"])
def test_an_empty_page_parameter_is_refused_as_the_schema_says_it_is_an_integer(
    client: Client, db: Any, query: str
) -> None:
    response = client.get(f"/api/v1/procedures?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["errors"]
