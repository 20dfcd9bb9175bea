"""`motcua import-procedures` and `motcua export-procedures` end to end."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from motcua.catalogue.importers import run_import
from motcua.catalogue.models import Channel, Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db

REAL_CODES = ["1.000390", "1.000532", "1.001193", "1.002681", "1.004757", "1.008709", "2.000815", "2.002036"]


def import_cmd(path: Path | str, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-procedures", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def export_cmd(*args: str) -> str:
    out = io.StringIO()
    call_command("export-procedures", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_folder_of_portal_records_is_imported_with_counts(dvcqg_folder):
    report = run_import(dvcqg_folder)
    assert sorted(report.created) == REAL_CODES
    assert report.failed == [] and report.updated == [] and report.unchanged == []
    # 1.004757 (fee "1200 VNĐ") and 2.000815 (no time limit, per-page fee) need review; the rest publish
    assert sorted(report.needs_review) == ["1.004757", "2.000815"]
    published = ProcedureVersion.objects.filter(status="published")
    assert sorted(published.values_list("procedure__code", flat=True)) == sorted(
        set(REAL_CODES) - {"1.004757", "2.000815"}
    )
    khai_sinh = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert [(c.channel, c.time_limit, c.time_unit, c.fee_amount) for c in khai_sinh.channels.order_by("id")] == [
        ("online", 1, "working_day", 0),
        ("postal", 1, "working_day", 0),
        ("in_person", 1, "working_day", 0),
    ]


def test_importing_the_same_records_twice_changes_nothing(dvcqg_folder):
    run_import(dvcqg_folder)
    before = list(ProcedureVersion.objects.values_list("id", "fingerprint", "status", "updated_at"))
    second = run_import(dvcqg_folder)
    assert sorted(second.unchanged) == REAL_CODES
    assert second.created == [] and second.updated == []
    assert list(ProcedureVersion.objects.values_list("id", "fingerprint", "status", "updated_at")) == before


def test_a_malformed_file_is_reported_and_skipped_while_the_rest_imports(mixed_folder):
    output = import_cmd(mixed_folder)
    assert Procedure.objects.count() == len(REAL_CODES) + 1  # + the hand-made record without time limit
    assert "Failed: 2" in output
    assert "broken.json: The file could not be read" in output
    assert "bad-code.json: 'not-a-code' is not a national procedure code." in output
    assert not Procedure.objects.filter(code__in=["1.999999", "not-a-code"]).exists()


def test_a_record_without_a_time_limit_is_kept_as_draft_and_listed(mixed_folder):
    output = import_cmd(mixed_folder)
    version = ProcedureVersion.objects.get(procedure__code="9.000001")
    assert version.status == "draft"
    assert version.review_notes == ["in-person channel: no time limit is given."]
    assert "  9.000001\n    - in-person channel: no time limit is given." in output


def test_nothing_readable_is_an_error(tmp_path):
    (tmp_path / "x.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError):
        import_cmd(tmp_path)


def test_dry_run_saves_nothing(dvcqg_folder):
    output = import_cmd(dvcqg_folder, "--dry-run")
    assert "DRY RUN" in output and "Created: 8" in output
    assert Procedure.objects.count() == 0


def make_list(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n\nDANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append([])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_the_national_list_creates_drafts_and_never_downgrades_a_richer_procedure(dvcqg_folder, tmp_path):
    run_import(dvcqg_folder)
    path = make_list(
        tmp_path / "danh-sach.xlsx",
        [
            ("1.001193", "Thủ tục đăng ký khai sinh", "Bộ Tư pháp", "Ủy ban nhân dân cấp xã", "Hộ tịch"),
            (
                "1.000404",
                "Thu hồi thẻ tư vấn viên pháp luật",
                "Bộ Tư pháp",
                "Sở Tư Pháp\nBộ Tư pháp",
                "Tư vấn pháp luật",
            ),
            ("", "Dòng thiếu mã", "Bộ Tư pháp", "", ""),
        ],
    )
    report = run_import(path)
    assert report.created == ["1.000404"]
    assert report.unchanged == ["1.001193"]
    assert report.skipped[0][0] == "1.001193"
    assert report.failed == [("danh-sach.xlsx row 6", "The row has no code or no name.")]
    new = ProcedureVersion.objects.get(procedure__code="1.000404")
    assert (new.status, new.field.name, new.competent_agency_text) == (
        "draft",
        "Tư vấn pháp luật",
        "Sở Tư Pháp\nBộ Tư pháp",
    )
    assert new.review_notes and "no channel" in new.review_notes[0]
    assert ProcedureVersion.objects.get(procedure__code="1.001193").status == "published"
    assert sorted(run_import(path).unchanged) == ["1.000404", "1.001193"]


def test_the_real_national_list_is_read_by_its_header_labels(tmp_path):
    from motcua.catalogue.importers import read_file
    from tests.conftest import shared_data

    real = shared_data("danh-sach-tthc-BoTuPhap.xlsx")
    items = list(read_file(real))
    assert len(items) == 271 and all(i.record is not None for i in items)
    assert items[0].record.code == "1.014966"


def test_json_export_has_the_contract_shape_and_json_types(dvcqg_folder):
    run_import(dvcqg_folder)
    data = json.loads(export_cmd("--format", "json"))
    assert [d["code"] for d in data] == REAL_CODES
    for item in data:
        assert isinstance(item["name"], str) and item["name"]
        assert isinstance(item["field"], str)
        assert isinstance(item["level"], str) and item["level"] in item["levels"]
        assert item["status"] in {"published", "draft"}
        for channel in item["channels"]:
            assert channel["channel"] in {"in_person", "online", "postal"}
            assert channel["time_limit"] is None or isinstance(channel["time_limit"], int | float)
            assert channel["time_unit"] in {"working_day", "day", "hour", "month"}
            fee = channel["fee"]
            assert fee is None or (isinstance(fee["amount"], int | float) and fee["currency"] in {"VND", "USD"})
    fees = {d["code"]: d["channels"][0] for d in data}
    assert fees["1.000532"]["fee"] == {"amount": 35000000, "currency": "VND"}
    assert fees["1.000532"]["time_limit"] == 50 and fees["1.000532"]["time_unit"] == "day"
    assert fees["2.000815"]["fee"] == {"amount": 2000, "currency": "VND"}
    assert next(d for d in data if d["code"] == "1.004757")["review_notes"]


def test_exported_json_imports_back_unchanged_and_into_an_empty_catalogue_identically(dvcqg_folder, tmp_path):
    run_import(dvcqg_folder)
    exported = export_cmd("--format", "json")
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    again = run_import(path)
    assert sorted(again.unchanged) == REAL_CODES and again.created == again.updated == []
    assert sorted(again.needs_review) == ["1.004757", "2.000815"]
    Procedure.objects.all().delete()
    fresh = run_import(path)
    assert sorted(fresh.created) == REAL_CODES
    assert export_cmd("--format", "json") == exported


def test_csv_export_is_readable_and_imports_back(dvcqg_folder, tmp_path):
    run_import(dvcqg_folder)
    text = export_cmd("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["code"] for r in rows] == REAL_CODES
    row = next(r for r in rows if r["code"] == "1.000532")
    assert (row["postal_time_limit"], row["postal_time_unit"], row["postal_fee_amount"]) == ("50", "day", "35000000")
    assert row["online_time_limit"] == ""
    assert "Thủ tục" in next(r for r in rows if r["code"] == "1.001193")["name"]
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert sorted(run_import(path).unchanged) == REAL_CODES


def test_xlsx_export_keeps_vietnamese_text_and_imports_back(dvcqg_folder, tmp_path):
    run_import(dvcqg_folder)
    path = tmp_path / "export.xlsx"
    call_command("export-procedures", "--format", "xlsx", "--output", str(path), stderr=io.StringIO())
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    names = {r[header.index("code")]: r[header.index("name")] for r in rows[1:]}
    assert names["1.001193"] == "Thủ tục đăng ký khai sinh"
    assert sorted(run_import(path).unchanged) == REAL_CODES


def test_a_changed_channel_in_a_reimport_updates_the_version(dvcqg_folder):
    run_import(dvcqg_folder)
    path = dvcqg_folder / "1.000390.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cach_thuc_thuc_hien"] = data["cach_thuc_thuc_hien"].replace("5 Ngày làm việc", "4 Ngày làm việc")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = run_import(dvcqg_folder)
    assert report.updated == ["1.000390"]
    limits = set(Channel.objects.filter(version__procedure__code="1.000390").values_list("time_limit", flat=True))
    assert limits == {4}
