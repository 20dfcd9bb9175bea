import pytest
from django.test import Client

from tests.conftest import make_agency, make_procedure

pytestmark = pytest.mark.django_db


def test_procedure_list_has_the_contract_fields(client: Client) -> None:
    make_procedure()
    body = client.get("/api/v1/procedures").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["code"] == "1.001193"
    assert item["name"] == "Thủ tục đăng ký khai sinh"
    assert item["field"] == "Hộ tịch"
    assert item["level"] == "commune"
    assert item["status"] == "published"
    assert item["channels"][0] == {
        "channel": "in_person",
        "time_limit": 1,
        "time_unit": "working_day",
        "fee": {"amount": 0, "currency": "VND", "kind": None},
    }


def test_procedure_list_searches_without_diacritics(client: Client) -> None:
    make_procedure()
    make_procedure("1.000894", "Thủ tục đăng ký kết hôn")
    codes = [p["code"] for p in client.get("/api/v1/procedures", {"q": "ket hon"}).json()["results"]]
    assert codes == ["1.000894"]


def test_procedure_list_rejects_bad_parameters_with_field_errors(client: Client) -> None:
    response = client.get("/api/v1/procedures", {"limit": "0"})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]


def test_procedure_detail_lists_receiving_agencies(client: Client) -> None:
    agency = make_agency()
    make_procedure(agency_identifiers=[agency.identifier])
    body = client.get("/api/v1/procedures/1.001193").json()
    assert body["receiving_agencies"] == ["000.00.20.H49"]
    assert body["documents"][0]["originals"] == 1


def test_unknown_procedure_is_a_404_with_a_message(client: Client) -> None:
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["error"]


def test_agencies_are_listed_with_identifier_name_and_level(client: Client) -> None:
    make_agency()
    body = client.get("/api/v1/agencies").json()
    assert {"identifier": "000.00.20.H49", "name": "Sở Tư pháp", "level": "province"}.items() <= body["results"][
        1
    ].items()


def test_the_api_is_read_only(client: Client) -> None:
    assert client.post("/api/v1/procedures", {}).status_code == 405
