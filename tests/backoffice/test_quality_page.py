"""The Decision 766 page: supervisors only, each indicator's numerator and denominator, bad input is a 400."""

from __future__ import annotations

from django.test import Client

from tests.conftest import Cast
from tests.dossiers.factories import received

URL = "/backoffice/bao-cao/chi-so-766/"
MARCH = {"from": "2027-03-01", "to": "2027-03-31"}


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_a_supervisor_sees_why_each_score_is_what_it_is(cast: Cast) -> None:
    received(cast, "2027-03-01 08:00")
    response = client_for(cast.supervisor).get(URL, MARCH, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    index = response.context["index"]
    assert [g["key"] for g in index["groups"]] == [
        "publicity", "progress", "online", "payment", "digitisation", "satisfaction",
    ]  # fmt: skip
    body = response.content.decode()
    assert "Numerator" in body and "Denominator" in body and "Dossiers received online" in body
    assert cast.agency.identifier in body  # the ranking by agency


def test_an_agency_scope_has_no_ranking(cast: Cast) -> None:
    response = client_for(cast.supervisor).get(URL, {**MARCH, "agency": cast.agency.identifier})
    assert response.status_code == 200 and "ranking" not in response.context
    assert response.context["index"]["agency"]["identifier"] == cast.agency.identifier


def test_a_clerk_cannot_see_the_quality_index(cast: Cast) -> None:
    assert client_for(cast.clerk).get(URL).status_code == 403


def test_a_bad_period_is_a_400(cast: Cast) -> None:
    response = client_for(cast.supervisor).get(URL, {"from": "2027-03-31", "to": "2027-03-01"})
    assert response.status_code == 400
