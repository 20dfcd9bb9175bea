import pytest

from motcua.catalogue.selectors import procedure_search
from motcua.core.text import fold
from tests.conftest import make_agency, make_procedure

pytestmark = pytest.mark.django_db


def test_fold_removes_vietnamese_diacritics_and_case() -> None:
    assert fold("  ĐĂNG KÝ   Khai Sinh ") == "dang ky khai sinh"


@pytest.mark.parametrize("query", ["khai sinh", "KHAI SINH", "Khai Sinh", "đăng ký khai", "dang ky khai", "1.001193"])
def test_search_ignores_diacritics_and_case(query: str) -> None:
    birth = make_procedure()
    make_procedure("1.000894", "Thủ tục đăng ký kết hôn")
    assert list(procedure_search(query=query)) == [birth]


def test_search_filters_by_level_and_agency() -> None:
    justice = make_agency()
    commune = make_procedure()
    provincial = make_procedure(
        "2.000488", "Thủ tục cấp Phiếu lý lịch tư pháp", levels=["province"], agency_identifiers=[justice.identifier]
    )
    assert list(procedure_search(level="province")) == [provincial]
    assert list(procedure_search(level="commune")) == [commune]
    assert list(procedure_search(agency_id=justice.pk)) == [provincial]


def test_search_lists_only_published_versions() -> None:
    make_procedure(review_notes=["unsure"])
    assert list(procedure_search(query="khai sinh")) == []
