"""Issue #15, catalogue import: the national list's issuing body is stored; the national portal's
authorised agency, receiving address and related procedures are kept; cooperating agencies are set; the
15:00 rule is read from the announced steps. Records from /work/shared/data (missing data fails)."""

from __future__ import annotations

import json
from typing import Any

from motcua.catalogue.exporters import record_from_version
from motcua.catalogue.importers import read_file
from motcua.catalogue.importers.dvcqg import mentions_15h_rule, record_from_dvcqg
from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.services import procedure_import
from tests.conftest import make_agency, shared_data


def national(code: str) -> dict[str, Any]:
    return json.loads(shared_data(f"{code}.json").read_text(encoding="utf-8"))


def test_the_national_lists_issuing_body_is_stored(db: Any) -> None:
    items = list(read_file(shared_data("danh-sach-tthc-BoTuPhap.xlsx")))
    record = items[0].record
    assert record is not None and record.issuing_body
    version = procedure_import(record=record).version
    version.refresh_from_db()
    assert version.issuing_body == record.issuing_body
    assert record_from_version(version).issuing_body == record.issuing_body  # and exported again


def test_the_15h_rule_is_set_where_the_announced_steps_say_so(db: Any) -> None:
    record = record_from_dvcqg(national("1.001193"))  # "… nếu tiếp nhận hồ sơ sau 15 giờ thì …"
    assert record.after_15h_next_day
    assert procedure_import(record=record).version.after_15h_next_day
    assert not record_from_dvcqg(national("1.004845")).after_15h_next_day


def test_the_15h_rule_reads_the_usual_spellings() -> None:
    assert mentions_15h_rule("Trường hợp tiếp nhận sau 15h thì hẹn ngày làm việc tiếp theo")
    assert mentions_15h_rule("nhận hồ sơ SAU 15 GIỜ")
    assert not mentions_15h_rule("trong thời hạn 15 ngày làm việc")
    assert not mentions_15h_rule("sau 150 giờ")


def test_the_receiving_address_is_kept_and_no_information_stays_empty(db: Any) -> None:
    data = national("1.001117")
    version = procedure_import(record=record_from_dvcqg(data)).version
    assert version.receiving_address.startswith("Hồ sơ được nộp trực tiếp")
    assert data["thu_tuc_lien_quan"] == "Không có thông tin"
    assert version.related_procedures == ""


def test_the_authorised_agency_and_related_procedures_are_kept(db: Any) -> None:
    data = {**national("1.001193"), "co_quan_duoc_uy_quyen": "UBND cấp xã", "thu_tuc_lien_quan": "1.001022"}
    version = procedure_import(record=record_from_dvcqg(data)).version
    assert (version.authorised_agency_text, version.related_procedures) == ("UBND cấp xã", "1.001022")
    exported = record_from_version(version)
    assert (exported.authorised_agency_text, exported.related_procedures) == ("UBND cấp xã", "1.001022")


def test_cooperating_agencies_named_in_the_record_are_set(db: Any) -> None:
    police = make_agency("000.00.00.G01", "Bộ Công an")
    make_agency("000.00.30.H49", "Sở Xây dựng")
    data = national("1.004845")
    assert data["co_quan_phoi_hop"] == "Bộ Công an"
    version = procedure_import(record=record_from_dvcqg(data)).version
    assert list(version.cooperating_agencies.all()) == [police]
    assert ProcedureVersion.objects.get(pk=version.pk).cooperating_agency_text == "Bộ Công an"
