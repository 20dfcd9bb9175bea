from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from motcua.catalogue.records import ChannelRecord
from motcua.organisation.models import ServicePoint
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


def _contact(agency_identifier: str = "000.00.20.H49") -> Any:
    return make_agency(
        agency_identifier,
        "Sở Tư pháp",
        address="Số 1 đường Hạ Long, phường Hạ Long",
        phone="+842033835555",
        email="stp@quangninh.gov.vn",
        opening_hours="Thứ Hai – Thứ Sáu, 7:30–11:30 và 13:30–17:00",
    )


def test_agencies_page_shows_address_phone_email_and_opening_hours(client: Client) -> None:
    _contact()
    page = client.get("/co-quan/").content.decode()
    assert "Số 1 đường Hạ Long, phường Hạ Long" in page
    assert "0203 383 5555" in page
    assert 'href="mailto:stp@quangninh.gov.vn"' in page
    assert "7:30–11:30 và 13:30–17:00" in page


def test_a_procedure_without_online_service_says_where_to_apply_in_person(client: Client) -> None:
    justice = _contact()
    point = ServicePoint.objects.create(
        name="Trung tâm Phục vụ hành chính công tỉnh",
        kind=ServicePoint.Kind.PROVINCIAL_CENTRE,
        agency=make_agency("000.00.01.H49", "Trung tâm PVHCC"),
        address="Tầng 1, Khu liên cơ quan số 3",
    )
    point.agencies.add(justice)
    in_person = [ChannelRecord(channel="in_person", time_limit=Decimal(3), time_unit="working_day")]
    make_procedure("2.000488", "Cấp Phiếu lý lịch tư pháp", channels=in_person, agency_identifiers=[justice.identifier])
    page = client.get("/thu-tuc/2.000488/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit a dossier online" not in page
    assert "This procedure cannot be submitted online. Apply in person at:" in page
    assert "Trung tâm Phục vụ hành chính công tỉnh" in page and "Tầng 1, Khu liên cơ quan số 3" in page
    assert "Số 1 đường Hạ Long, phường Hạ Long" in page and "0203 383 5555" in page
    assert "Thứ Hai – Thứ Sáu" in page


def test_an_online_procedure_also_lists_where_to_apply_in_person(client: Client) -> None:
    justice = _contact()
    make_procedure(agency_identifiers=[justice.identifier])
    page = client.get("/thu-tuc/1.001193/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Submit a dossier online" in page
    assert "Or apply in person at:" in page and "Số 1 đường Hạ Long" in page
