"""The flattened-table parsers of national-portal records, on real snippets.

Every expected value below was checked by reading the record's text on the portal crawl.
"""

from __future__ import annotations

from decimal import Decimal

from motcua.catalogue.importers.dvcqg import (
    parse_channels,
    parse_documents,
    parse_legal_bases,
    parse_levels,
    parse_result,
    record_from_dvcqg,
)
from motcua.catalogue.importers.numbers import vn_number

H = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def cells(text: str, context: str = "") -> list[tuple[str, Decimal | None, str, Decimal | None, str]]:
    channels, _notes = parse_channels(text, context=context)
    return [(c.channel, c.time_limit, c.time_unit, c.fee_amount, c.fee_currency) for c in channels]


def test_vietnamese_numbers_use_dots_for_thousands_and_commas_for_decimals():
    assert vn_number("50.000") == 50000
    assert vn_number("1,5") == Decimal("1.5")
    assert vn_number("35,000,000", thousands=",") == 35000000
    assert vn_number("12") == 12
    assert vn_number("abc") is None


def test_three_free_channels_with_working_days_are_read_in_order():
    # 1.000390
    text = (
        f"{H}Trực tuyến5 Ngày làm việcMiễn phíDịch vụ bưu chính5 Ngày làm việcMiễn phíTrực tiếp5 Ngày làm việcMiễn phí"
    )
    assert cells(text) == [
        ("online", 5, "working_day", 0, "VND"),
        ("postal", 5, "working_day", 0, "VND"),
        ("in_person", 5, "working_day", 0, "VND"),
    ]
    assert parse_channels(text)[1] == []


def test_ngay_without_lam_viec_is_calendar_days_and_comma_amounts_are_thousands():
    # 1.000532: "50 Ngày" and "35,000,000 Việt Nam Đồng" with a note in parentheses and a description
    text = (
        f"{H}Dịch vụ bưu chính50 Ngày35,000,000 Việt Nam Đồng(35.000.000 đồng (ba mươi lăm triệu đồng)/lần gia hạn.)"
        "Trong thời hạn 50 ngày, trong đó: ...Trực tiếp50 Ngày35,000,000 VNĐ(35.000.000 đồng)"
    )
    channels, notes = parse_channels(text)
    assert [(c.channel, c.time_limit, c.time_unit, c.fee_amount) for c in channels] == [
        ("postal", 50, "day", 35000000),
        ("in_person", 50, "day", 35000000),
    ]
    assert channels[0].fee_note.startswith("35,000,000 Việt Nam Đồng (35.000.000 đồng (ba mươi")
    assert channels[0].description == "Trong thời hạn 50 ngày, trong đó: ..."
    assert notes == []


def test_a_bare_number_is_working_days_unless_the_text_gives_its_unit():
    text = f"{H}Trực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí"  # 1.001193
    assert cells(text) == [
        ("online", 1, "working_day", 0, "VND"),
        ("postal", 1, "working_day", 0, "VND"),
        ("in_person", 1, "working_day", 0, "VND"),
    ]
    page = "- Trong thời hạn 03 ngày, kể từ ngày nhận đủ hồ sơ"
    assert cells(f"{H}Trực tiếp3Miễn phí", context=page) == [("in_person", 3, "day", 0, "VND")]
    assert cells(f"{H}Trực tiếp3Miễn phí", context="trong thời hạn 03 ngày làm việc") == [
        ("in_person", 3, "working_day", 0, "VND")
    ]


def test_free_cell_contradicted_by_a_provincial_council_note_is_held_for_review():
    # 1.000080: "Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh ... quyết định ...)"
    text = f"{H}Trực tuyến7Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. Miễn lệ phí cho ...)"
    channels, notes = parse_channels(text)
    assert channels[0].fee_amount is None
    assert channels[0].fee_kind == "le_phi"
    assert notes and "free but its note says otherwise" in notes[0]


def test_phi_and_le_phi_lines_add_up_to_a_mixed_fee():
    # 1.002681: cell 800,000; description "Phí: 800.000 đồng/hồ sơ ... Lệ phí: 100.000 đồng/hồ sơ."
    text = (
        f"{H}Trực tuyến6 Ngày làm việc800,000 Việt Nam Đồng(/hồ sơ)Phí: 800.000 đồng/hồ sơ (áp dụng mức phí"
        " 400.000 đồng/hồ sơ kể từ ngày 01/7/2025).\n\nLệ phí: 100.000 đồng/hồ sơ."
    )
    channels, notes = parse_channels(text)
    assert (channels[0].fee_amount, channels[0].fee_kind, channels[0].time_limit) == (900000, "mixed", 6)
    assert notes == []


def test_usd_fees_and_two_rows_for_the_same_channel_are_kept():
    # 2.000815: two in-person rows, VND per page and USD per copy; no time limit given
    text = (
        f"{H}Trực tiếpKhông có thông tin2,000 Việt Nam Đồng(/trang)Tại Ủy ban nhân dân cấp xã: 2.000 đồng/trang;"
        "Trực tiếpKhông có thông tin10 USD(/bản)Tại cơ quan đại diện: 10 USD/bản."
    )
    channels, notes = parse_channels(text)
    assert cells(text) == [
        ("in_person", None, "working_day", 2000, "VND"),
        ("in_person", None, "working_day", 10, "USD"),
    ]
    assert channels[1].description == "Tại cơ quan đại diện: 10 USD/bản."
    assert any("no time limit" in n for n in notes)
    assert any("per page" in n for n in notes)


def test_time_limit_is_taken_from_the_description_when_the_cell_is_empty():
    # 1.003198: "Thời hạn giải quyết : Trong thời hạn 15 ngày, ..."
    text = f"{H}Trực tuyếnKhông có thông tinMiễn phíThời hạn giải quyết : Trong thời hạn 15 ngày, kể từ ngày nhận"
    assert cells(text) == [("online", 15, "day", 0, "VND")]


def test_digits_of_a_unitless_time_and_a_small_fee_run_together_and_are_flagged():
    # 1.004757 "Trực tuyến1200 VNĐ": the only well-formed split is 1 | 200, and 200 VND is implausible
    channels, notes = parse_channels(f"{H}Trực tuyến1200 VNĐDịch vụ bưu chính1200 VNĐ")
    assert [(c.time_limit, c.fee_amount) for c in channels] == [(1, 200), (1, 200)]
    assert any("implausible" in n for n in notes)
    # 2.002797 "Trực tiếp1250 VNĐ": 1 | 250 or 12 | 50; nothing is guessed
    channels, notes = parse_channels(f"{H}Trực tiếp1250 VNĐ")
    assert (channels[0].time_limit, channels[0].fee_amount) == (None, None)
    assert any("run together" in n for n in notes)


def test_a_channel_word_inside_a_description_does_not_start_a_row():
    text = f"{H}Trực tuyến7 Ngày làm việcMiễn phíNộp trực tiếp thực hiện hoặc ủy quyềnTrực tiếp7 Ngày làm việcMiễn phí"
    channels, _ = parse_channels(text)
    assert [c.channel for c in channels] == ["online", "in_person"]
    assert channels[0].description == "Nộp trực tiếp thực hiện hoặc ủy quyền"


def test_an_unreadable_channel_table_is_a_review_note():
    channels, notes = parse_channels(f"{H}Qua fax: liên hệ")
    assert channels == [] and notes


def test_documents_keep_case_groups_forms_and_counts():
    text = (
        "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Giấy chứng sinh.1 bản chính"
        "Hợp đồng bảo đảm (01 bản chính hoặc 01 bản sao có chứng thực).1 bản chính,1 bản sao"
        "* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng"
        "Đơn đề nghị cấp chứng chỉ theo Mẫu TP-QTV-02Mẫu TP-QTV-02.docx1 bản chính"
    )
    documents, notes = parse_documents(text)
    assert [(d.group, d.name, d.form_name, d.originals, d.copies) for d in documents] == [
        ("Giấy tờ phải nộp", "- Giấy chứng sinh.", "", 1, 0),
        ("Giấy tờ phải nộp", "Hợp đồng bảo đảm (01 bản chính hoặc 01 bản sao có chứng thực).", "", 1, 1),
        ("Giấy tờ phải xuất trình", "Đơn đề nghị cấp chứng chỉ theo Mẫu TP-QTV-02", "Mẫu TP-QTV-02.docx", 1, 0),
    ]
    assert notes == []


def test_legal_bases_split_titles_from_numbers():
    text = (
        "Tên văn bản pháp lýMã văn bảnThông tư Hướng dẫn về phí và lệ phí85/2019/TT-BTCNghị định số 123/2015/NĐ-CP"
        " ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPLuật Hộ tịch60/2014/QH13"
        "Luật Công chứng năm 202446/2024/QH15Thông tư 01/2020/TT-BTP01/2020/TT-BTP"
    )
    assert [(b.number, b.title) for b in parse_legal_bases(text)] == [
        ("85/2019/TT-BTC", "Thông tư Hướng dẫn về phí và lệ phí"),
        ("123/2015/NĐ-CP", "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch"),
        ("60/2014/QH13", "Luật Hộ tịch"),
        ("46/2024/QH15", "Luật Công chứng năm 2024"),
        ("01/2020/TT-BTP", "Thông tư 01/2020/TT-BTP"),
    ]


def test_result_drops_the_portal_search_widget():
    text = (
        "Trích lục đăng ký nhận cha, mẹ, conMã: KQ.G15.000033Từ khóaKhông có thông tinMô tảKhông có thông tin"
        "Chọn cơ quan thực hiệnTỉnh/ Thành phố"
    )
    assert parse_result(text) == ("Trích lục đăng ký nhận cha, mẹ, con", "KQ.G15.000033")
    two = "Giấy phép thành lậpMã: KQ.G15.000146Giấy đăng ký hoạt độngMã: KQ.G15.000304Từ khóa"
    assert parse_result(two) == ("Giấy phép thành lập; Giấy đăng ký hoạt động", "KQ.G15.000146; KQ.G15.000304")


def test_levels_are_mapped_and_other_bodies_ignored():
    assert parse_levels("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác") == ["ministry", "province", "commune"]
    assert parse_levels("Cấp Huyện") == ["district"]


def test_a_whole_birth_registration_record_is_read(record_json):
    record = record_from_dvcqg(record_json)
    assert record.code == "1.001193"
    assert record.name == "Thủ tục đăng ký khai sinh"
    assert record.levels == ["commune"]
    assert record.field_name == "Hộ tịch"
    assert record.decision_number == "163/QĐ-BTP"
    assert record.source == "dvcqg"
    assert record.source_url.startswith("https://dichvucong.gov.vn/")
    assert record.online_level == "partial"
    assert record.requirements == ""
    assert record.result_code == "KQ.G15.000031"
    assert [(c.channel, c.time_limit, c.fee_amount) for c in record.channels] == [
        ("online", 1, 0),
        ("postal", 1, 0),
        ("in_person", 1, 0),
    ]
    assert record.documents[0].group == "Giấy tờ phải nộp"
    assert any(b.number == "123/2015/NĐ-CP" for b in record.legal_bases)
    assert record.review_notes == []
