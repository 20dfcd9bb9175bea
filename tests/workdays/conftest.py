from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils import translation

from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.services import calendar_cache_clear


@pytest.fixture(scope="session")
def default_calendar() -> WorkCalendar:
    """The default calendar (07:00–11:30, 13:30–17:00, the holidays package, no admin days). It is
    immutable, so one per session."""
    return WorkCalendar()


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Messages are asserted in their English source form, whatever translations exist.
    with translation.override("en"):
        yield


@pytest.fixture
def calendar_admin(db: None) -> AbstractBaseUser:
    """A superuser who maintains the centre's calendar."""
    # No password: tests log in with force_login, and hashing one would cost half a second.
    return get_user_model().objects.create(username="lan.admin", is_staff=True, is_superuser=True)
