"""``motcua report``: the same figures as JSON, a table, xlsx and PDF; bad arguments are clear errors."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.reports.test_bundle import BUNDLE


@pytest.fixture
def bundle(db: None) -> None:
    call_command("import-bundle", str(BUNDLE), stdout=StringIO())


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_issue_keys(bundle: None) -> None:
    data = json.loads(run("--from", "2025-01-01", "--to", "2025-09-30", "--format", "json"))
    assert {
        "procedures",
        "dossiers",
        "guidance_sessions",
        "hotline_calls",
        "sms_sent",
        "postal_returns",
        "signed_results",
        "surveys",
    } <= set(data)
    assert data["dossiers"]["online_rate"] == 62.5
    assert data["procedures"]["five_on_site"]["rate"] == 66.67


def test_agency_by_identifier_and_level(bundle: None) -> None:
    data = json.loads(run("--from", "2025-01-01", "--to", "2025-09-30", "--agency", "000.00.20.H49"))
    assert data["dossiers"]["received"] == 4
    data = json.loads(run("--from", "2025-01-01", "--to", "2025-09-30", "--level", "commune"))
    assert data["dossiers"]["received"] == 1


def test_table_shows_na_for_a_rate_without_dossiers(bundle: None) -> None:
    text = run("--from", "2030-01-01", "--to", "2030-01-31", "--format", "table")
    assert "Online rate (%)" in text and "N/A" in text


def test_xlsx_and_pdf_are_written_to_the_output(bundle: None, tmp_path: Path) -> None:
    run("--from", "2025-01-01", "--to", "2025-09-30", "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    sheet = load_workbook(tmp_path / "r.xlsx")["Bao cao"]
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True)}
    assert values["dossiers.received"] == 8
    run("--from", "2025-01-01", "--to", "2025-09-30", "--format", "pdf", "--output", str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2025-13-01", "--to", "2025-12-31"],
        ["--from", "2025-02-01", "--to", "2025-01-01"],
        ["--from", "1900-01-01", "--to", "2025-01-01"],
        ["--from", "2025-01-01", "--to", "2025-01-31", "--agency", "000.00.77.H49"],
        ["--from", "2025-01-01", "--to", "2025-01-31", "--level", "galaxy"],
        ["--from", "2025-01-01", "--to", "2025-01-31", "--format", "xlsx"],
    ],
)
def test_bad_arguments_are_clear_errors(bundle: None, args: list[str]) -> None:
    with pytest.raises(CommandError):
        run(*args)
