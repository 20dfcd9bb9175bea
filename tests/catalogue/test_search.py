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


def test_search_ranks_whole_words_before_prefixes_before_matches_inside_words() -> None:
    # "ho tich" is inside "Phòng" and "quốc tịch" of the immigration permit: it must not come first.
    permit = make_procedure("1.000001", "Cấp thị thực tại Phòng xuất nhập cảnh cho người có quốc tịch nước ngoài")
    prefix = make_procedure("1.000002", "Đăng ký hoà giải tích hợp")  # "ho…", "tich…": prefixes
    civil = make_procedure("2.000003", "Cấp bản sao trích lục hộ tịch")
    assert list(procedure_search(query="ho tich")) == [civil, prefix, permit]


def test_search_ranks_name_matches_before_code_matches() -> None:
    by_code = make_procedure("1.002233", "Thủ tục đăng ký kết hôn")
    by_name = make_procedure("2.000999", "Cấp lại giấy 1.002233 đã mất")
    assert list(procedure_search(query="1.002233")) == [by_name, by_code]


def test_search_counts_a_word_next_to_punctuation_as_a_whole_word() -> None:
    inside = make_procedure("1.000001", "Đăng ký thường trú tại Phòng (khác)")
    word = make_procedure("1.000002", "Cấp bản sao (hộ tịch)")
    assert list(procedure_search(query="ho"))[0] == word
    assert inside in procedure_search(query="ho")
