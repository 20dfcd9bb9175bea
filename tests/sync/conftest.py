from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.sync.portal import Portal


@pytest.fixture(autouse=True)
def _sync_settings(settings: Any) -> None:
    settings.NATIONAL_SYNC_RETRY_BASE_SECONDS = 0.001
    settings.NATIONAL_SYNC_RETRY_MAX_SECONDS = 0.01
    settings.NATIONAL_SYNC_URL = ""
    settings.SMS_QUIET_HOURS = ""


@pytest.fixture
def portal(settings: Any) -> Iterator[Portal]:
    stand_in = Portal()
    settings.NATIONAL_SYNC_URL = stand_in.url
    yield stand_in
    stand_in.close()
