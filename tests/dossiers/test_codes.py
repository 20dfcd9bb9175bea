"""Dossier codes: numbering restarts as often as the configured format shows a date, never more."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import checks

from motcua.dossiers.checks import check_dossier_code_format
from motcua.dossiers.services import code_numbering_scope, dossier_sequence_day
from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("pattern", "scope"),
    [
        ("{agency}-{day:%y%m%d}-{number:04d}", "day"),
        ("{agency}-{day}-{number}", "day"),
        ("{agency}/{day:%Y-%m}/{number:05d}", "month"),
        ("{agency}-{day:%y}-{number:06d}", "year"),
        ("{agency}-{day:%Y}-{number:06d}", "year"),
        ("{agency}-{number:08d}", "continuous"),
    ],
)
def test_numbering_scope_follows_the_dates_the_code_shows(pattern: str, scope: str) -> None:
    assert code_numbering_scope(pattern) == scope


def test_sequence_rows_are_keyed_by_the_scope() -> None:
    day = dt.date(2027, 3, 17)
    assert dossier_sequence_day(day, "day") == day
    assert dossier_sequence_day(day, "month") == dt.date(2027, 3, 1)
    assert dossier_sequence_day(day, "year") == dt.date(2027, 1, 1)
    assert dossier_sequence_day(day, "continuous") == dossier_sequence_day(dt.date(2031, 1, 2), "continuous")


def test_a_format_without_the_day_keeps_counting_across_days(cast: Cast, settings: Any) -> None:
    settings.DOSSIER_CODE_FORMAT = "{agency}-{number:06d}"
    version = procedure_for(cast)
    first = received(cast, "2027-03-01 08:00", version=version)
    second = received(cast, "2027-03-02 08:00", version=version)
    assert first.code == f"{cast.agency.identifier}-000001"
    assert second.code == f"{cast.agency.identifier}-000002"


def test_a_yearly_format_restarts_in_january_only(cast: Cast, settings: Any) -> None:
    settings.DOSSIER_CODE_FORMAT = "{agency}-{day:%Y}-{number:04d}"
    version = procedure_for(cast)
    codes = [received(cast, when, version=version).code for when in ("2027-03-01 08:00", "2027-03-02 08:00")]
    january = received(cast, "2028-01-03 08:00", version=version).code
    assert [c[-9:] for c in codes] == ["2027-0001", "2027-0002"]
    assert january.endswith("2028-0001")


def test_a_monthly_format_restarts_each_month(cast: Cast, settings: Any) -> None:
    settings.DOSSIER_CODE_FORMAT = "{agency}-{day:%y%m}-{number:04d}"
    version = procedure_for(cast)
    march = [received(cast, when, version=version).code for when in ("2027-03-01 08:00", "2027-03-31 08:00")]
    april = received(cast, "2027-04-01 08:00", version=version).code
    assert [c[-9:] for c in march] == ["2703-0001", "2703-0002"]
    assert april.endswith("2704-0001")


def test_the_default_format_restarts_every_day(cast: Cast) -> None:
    version = procedure_for(cast)
    one = received(cast, "2027-03-01 08:00", version=version).code
    two = received(cast, "2027-03-02 08:00", version=version).code
    assert one.endswith("270301-0001") and two.endswith("270302-0001")


@pytest.mark.parametrize(
    ("pattern", "check_id"),
    [
        ("{agency}-{day:%y%m%d}-{numbr:04d}", "motcua.E101"),
        ("{agency}-{day:%y%m%d", "motcua.E101"),
        ("{agency}-{day:%y%m%d}", "motcua.E102"),
        ("{agency}-{agency}-{day:%Y%m%d}-{number:04d}", "motcua.E103"),
    ],
)
def test_a_broken_code_format_stops_the_server_at_start_up(pattern: str, check_id: str, settings: Any) -> None:
    settings.DOSSIER_CODE_FORMAT = pattern
    assert [m.id for m in check_dossier_code_format() if m.level >= checks.ERROR] == [check_id]


def test_the_default_code_format_passes_the_checks() -> None:
    assert check_dossier_code_format() == []


def test_agency_identifiers_longer_than_qcvn_102_fit_when_the_pattern_allows_them(settings: Any) -> None:
    from motcua.organisation.models import Agency

    settings.AGENCY_IDENTIFIER_REGEX = r"^[A-Z0-9.]{1,32}$"
    agency = Agency(identifier="H49.SOTUPHAP.PHONGHOTICH.01", name="Phòng Hộ tịch")
    agency.full_clean()
