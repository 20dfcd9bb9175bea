"""The SMS cost per month: parts × MOTCUA_SMS_PRICE_PER_PART, an extra key of the report, on the page."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.notices.models import Notice
from motcua.notices.selectors import sms_cost_by_month
from motcua.reports.figures import period_bounds, report_figures
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received
from tests.reports.test_bundle import BUNDLE

pytestmark = pytest.mark.django_db
SPRING = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 4, 30)}


def sms_in(cast: Cast, when: str, parts: int, state: str = Notice.State.ACCEPTED) -> Notice:
    """The received SMS of a new dossier, dated ``when`` with ``parts`` parts."""
    dossier = received(cast, when, version=procedure_for(cast), applicant=applicant(email="an@example.vn"))
    Notice.objects.filter(dossier=dossier).update(created_at=at(when), state=state)
    Notice.objects.filter(dossier=dossier, channel="sms").update(sms_parts=parts)
    return Notice.objects.get(dossier=dossier, channel="sms")


def test_the_sms_cost_is_parts_times_the_price_per_month_without_failed_sms_or_emails(
    cast: Cast, settings: Any
) -> None:
    settings.SMS_PRICE_PER_PART = 800
    sms_in(cast, "2027-03-01 08:00", parts=3)
    sms_in(cast, "2027-03-31 23:30", parts=2)  # still March in Vietnam (16:30 UTC)
    sms_in(cast, "2027-03-10 08:00", parts=4, state=Notice.State.FAILED)
    sms_in(cast, "2027-03-11 08:00", parts=5, state=Notice.State.GIVEN_UP)
    sms_in(cast, "2027-04-01 00:30", parts=1)  # April in Vietnam, March in UTC
    figures = report_figures(**SPRING)
    assert figures["sms_cost"] == {
        "price_per_part": 800.0,
        "parts": 6,
        "cost": 4800,
        "by_month": [
            {"month": "2027-03", "sms": 2, "parts": 5, "cost": 4000},
            {"month": "2027-04", "sms": 1, "parts": 1, "cost": 800},
        ],
    }
    assert figures["sms_sent"] == 3  # the existing keys are unchanged


def test_a_fractional_price_is_rounded_to_whole_dong_per_month(cast: Cast) -> None:
    sms_in(cast, "2027-03-02 08:00", parts=3)
    since, until = period_bounds(SPRING["start"], SPRING["end"])
    cost = sms_cost_by_month(since=since, until=until, price_per_part=545.5)
    assert cost["by_month"] == [{"month": "2027-03", "sms": 1, "parts": 3, "cost": 1637}]  # 1636.5 → 1637


def test_without_a_price_the_sms_cost_is_zero_but_the_parts_are_counted(cast: Cast, settings: Any) -> None:
    settings.SMS_PRICE_PER_PART = 0.0
    sms_in(cast, "2027-03-02 08:00", parts=2)
    assert report_figures(**SPRING)["sms_cost"]["parts"] == 2
    assert report_figures(**SPRING)["sms_cost"]["cost"] == 0


def test_an_imported_sms_without_a_text_costs_one_part(cast: Cast, settings: Any) -> None:
    settings.SMS_PRICE_PER_PART = 700
    call_command("import-bundle", str(BUNDLE), stdout=StringIO())
    figures = report_figures(start=dt.date(2025, 1, 1), end=dt.date(2025, 9, 30))
    assert figures["sms_sent"] == 1
    assert (figures["sms_cost"]["parts"], figures["sms_cost"]["cost"]) == (1, 700)


def test_the_statistics_page_shows_the_sms_cost_per_month(cast: Cast, settings: Any) -> None:
    settings.SMS_PRICE_PER_PART = 800
    sms_in(cast, "2027-03-01 08:00", parts=3)
    client = Client()
    client.force_login(cast.supervisor)
    response = client.get("/backoffice/bao-cao/", {"from": "2027-03-01", "to": "2027-04-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chi phí SMS theo tháng" in page
    assert "<td>2027-03</td><td>1</td><td>3</td><td>2.400 đồng</td>" in page
    english = client.get("/backoffice/bao-cao/", {"from": "2027-03-01", "to": "2027-04-30"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "SMS cost per month" in english.content.decode() and "2,400 VND" in english.content.decode()
