"""A provincial centre with two counters serving area A (civil status) and one counter for area B."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from motcua.floor.models import ServiceArea
from motcua.organisation.models import Counter, ServicePoint
from tests.conftest import Cast

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 1 March 2027, a working day.
MONDAY = dt.date(2027, 3, 1)


def at(hour: int, minute: int = 0, day: dt.date = MONDAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


class Floor:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.point = ServicePoint.objects.create(
            name="Trung tâm PVHCC tỉnh", kind=ServicePoint.Kind.PROVINCIAL_CENTRE, agency=cast.agency
        )
        self.counter1 = Counter.objects.create(service_point=self.point, number=1, agency=cast.agency)
        self.counter2 = Counter.objects.create(service_point=self.point, number=2, agency=cast.agency)
        self.counter3 = Counter.objects.create(service_point=self.point, number=3, agency=cast.other_agency)
        self.area_a = ServiceArea.objects.create(service_point=self.point, code="A", name="Hộ tịch", slot_capacity=2)
        self.area_a.counters.set([self.counter1, self.counter2])
        self.area_b = ServiceArea.objects.create(service_point=self.point, code="B", name="Xây dựng")
        self.area_b.counters.set([self.counter3])


@pytest.fixture
def floor(cast: Cast) -> Floor:
    return Floor(cast)


@pytest.fixture
def epidemic(db: Any) -> None:
    from motcua.floor.models import FloorSettings

    settings_row = FloorSettings.load()
    settings_row.epidemic_mode = True
    settings_row.save()
