import pytest
from django.test import Client

from tests.conftest import make_agency, make_procedure

pytestmark = pytest.mark.django_db


def test_home_is_in_vietnamese_by_default(client: Client) -> None:
    make_procedure()
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert "Tra cứu thủ tục hành chính" in response.content.decode()


def test_english_is_chosen_from_the_browser_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert "Look up administrative procedures" in response.content.decode()


def test_catalogue_search_is_diacritics_insensitive(client: Client) -> None:
    make_procedure()
    make_procedure("1.000894", "Thủ tục đăng ký kết hôn")
    page = client.get("/thu-tuc/", {"q": "KHAI sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in page
    assert "kết hôn" not in page


def test_catalogue_filters_by_agency(client: Client) -> None:
    justice = make_agency()
    make_procedure()
    make_procedure("2.000488", "Thủ tục cấp Phiếu lý lịch tư pháp", agency_identifiers=[justice.identifier])
    page = client.get("/thu-tuc/", {"agency": justice.pk}).content.decode()
    assert "lý lịch tư pháp" in page
    assert "khai sinh" not in page


def test_an_invalid_filter_is_explained_not_crashed(client: Client) -> None:
    response = client.get("/thu-tuc/", {"level": "galaxy"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_procedure_page_shows_time_limits_fees_and_documents(client: Client) -> None:
    make_procedure()
    page = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Tờ khai đăng ký khai sinh" in page
    assert "60/2014/QH13" in page
    assert "Miễn phí" in page


def test_a_draft_procedure_has_no_public_page(client: Client) -> None:
    make_procedure(review_notes=["unsure"])
    assert client.get("/thu-tuc/1.001193/").status_code == 404


def test_catalogue_list_query_count_does_not_grow_with_rows(client: Client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        make_procedure(f"1.{i:06d}", f"Thủ tục số {i}")
    with django_assert_max_num_queries(8):
        client.get("/thu-tuc/")


def test_procedure_page_writes_fees_in_dong_and_english_in_vnd(client: Client) -> None:
    from decimal import Decimal

    from motcua.catalogue.records import ChannelRecord

    make_procedure(
        channels=[
            ChannelRecord(channel="in_person", time_limit=Decimal(1), time_unit="working_day", fee_amount=Decimal(8000))
        ]
    )
    assert "8.000 đồng" in client.get("/thu-tuc/1.001193/").content.decode()
    assert "8,000 VND" in client.get("/thu-tuc/1.001193/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
