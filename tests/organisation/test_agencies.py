import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.organisation.models import Agency, validate_agency_identifier
from tests.conftest import make_agency


@pytest.mark.parametrize("identifier", ["000.00.00.H49", "000.00.12.H56", "000.00.00.G15", "H49.12.03.H49"])
def test_qcvn_102_identifiers_are_accepted(identifier: str) -> None:
    validate_agency_identifier(identifier)


@pytest.mark.parametrize(
    "identifier", ["", "000.00.12", "000.00.12.H5", "00.000.12.H56", "000.00.12.h56", "000-00-12-H56"]
)
def test_malformed_identifiers_are_refused_with_a_message(identifier: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_agency_identifier(identifier)
    assert caught.value.code == "invalid_identifier"


@pytest.mark.django_db
def test_an_abolished_district_is_not_active_after_its_end_date() -> None:
    district = make_agency(
        "000.01.00.H49", "Thành phố Hạ Long", level=Agency.Level.DISTRICT, active_to=dt.date(2025, 6, 30)
    )
    assert district.is_active_on(dt.date(2025, 6, 30))
    assert not district.is_active_on(dt.date(2025, 7, 1))
    department = make_agency()
    active_after = list(Agency.objects.active_on(dt.date(2025, 7, 1)))
    assert district not in active_after
    assert department in active_after


@pytest.mark.django_db
def test_an_end_date_before_the_start_date_is_refused() -> None:
    agency = make_agency(active_from=dt.date(2025, 7, 1))
    agency.active_to = dt.date(2025, 1, 1)
    with pytest.raises(ValidationError):
        agency.full_clean()
