"""The statistics dashboard: supervisors only, the report's figures, downloads, bad input is a 400."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client

from tests.conftest import Cast
from tests.reports.test_bundle import BUNDLE

URL = "/backoffice/bao-cao/"
PERIOD = {"from": "2025-01-01", "to": "2025-09-30"}


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_supervisor_sees_the_figures_of_the_period(cast: Cast) -> None:
    call_command("import-bundle", str(BUNDLE), stdout=StringIO())
    response = client_for(cast.supervisor).get(URL, {**PERIOD, "level": "province"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["figures"]["dossiers"]["received"] == 7
    assert b"Dossiers received" in response.content
    assert b"https://" not in response.content.split(b"<main")[-1]  # no CDN


def test_a_clerk_cannot_see_the_statistics(cast: Cast) -> None:
    assert client_for(cast.clerk).get(URL).status_code == 403


def test_downloads_are_xlsx_and_pdf(cast: Cast) -> None:
    client = client_for(cast.supervisor)
    xlsx = client.get(URL, {**PERIOD, "download": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    pdf = client.get(URL, {**PERIOD, "download": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_period_or_agency_is_a_400(cast: Cast) -> None:
    client = client_for(cast.supervisor)
    assert client.get(URL, {"from": "2025-02-30", "to": "2025-03-01"}).status_code == 400
    assert client.get(URL, {"from": "2025-03-01", "to": "2025-02-01"}).status_code == 400
    assert client.get(URL, {**PERIOD, "agency": "9" * 40}).status_code == 400
    assert client.get(URL, {**PERIOD, "level": "x" * 5000}).status_code == 400
