"""Open data: the published catalogue and a month's aggregate statistics at stable public URLs, without
personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from motcua.reports.figures import report_figures
from tests.conftest import Cast, make_procedure
from tests.dossiers.factories import procedure_for, received

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_json_at_a_stable_url(cast: Cast) -> None:
    procedure_for(cast)
    response = Client().get("/du-lieu-mo/thu-tuc.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*" and "max-age" in response["Cache-Control"]
    data = response.json()
    assert data["count"] == 1
    [row] = data["procedures"]
    assert row["code"] == "2.000488" and row["name"] == "Thủ tục cấp Phiếu lý lịch tư pháp"
    assert row["agency_identifier"] == cast.agency.identifier and row["levels"] == ["province"]
    assert (row["in_person_time_limit"], row["online_time_limit"], row["fee"]) == (10, 10, 200000)


def test_the_catalogue_csv_has_a_header_and_escapes_formulas(cast: Cast) -> None:
    make_procedure("1.000002", '=HYPERLINK("http://x")', agency_identifiers=[cast.agency.identifier])
    response = Client().get("/du-lieu-mo/thu-tuc.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["code"] == "1.000002"
    assert rows[0]["name"].startswith("'=")  # never run as a formula


def test_a_months_statistics_are_the_reports_figures_without_personal_data(cast: Cast, settings: Any) -> None:
    dossier = received(cast, "2026-11-02 08:00")
    response = Client().get("/du-lieu-mo/thong-ke-2026-11.json")
    assert response.status_code == 200
    data = response.json()
    figures = report_figures(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert data["dossiers"] == figures["dossiers"] and data["dossiers"]["received"] == 1
    assert data["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    assert data["quality_index"]["groups"]["online"]["indicators"]["received_online"]["denominator"] == 1
    body = response.content.decode()
    for personal in (dossier.applicant_name, dossier.applicant_phone, dossier.applicant_id_number, dossier.code):
        assert personal not in body


@pytest.mark.parametrize("path", ["thong-ke-2027-13.json", "thong-ke-2027-00.json", "thong-ke-99999-01.json",
                                  "thong-ke-1800-01.json"])  # fmt: skip
def test_a_month_outside_the_calendar_is_a_404(db: None, path: str) -> None:
    assert Client().get(f"/du-lieu-mo/{path}").status_code == 404


def test_a_month_not_yet_begun_is_a_404(db: None) -> None:
    next_year = timezone.localdate().year + 1
    assert Client().get(f"/du-lieu-mo/thong-ke-{next_year}-01.json").status_code == 404


def test_open_data_is_read_only(db: None) -> None:
    assert Client().post("/du-lieu-mo/thu-tuc.json").status_code == 405
