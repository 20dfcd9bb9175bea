from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.notices.gateway import Gateway


@pytest.fixture(autouse=True)
def _notice_settings(settings: Any) -> None:
    settings.SMS_QUIET_HOURS = ""  # tests run at any hour; quiet hours have their own tests
    settings.NOTICE_RETRY_BASE_SECONDS = 0.01
    settings.NOTICE_RETRY_MAX_SECONDS = 0.2
    settings.SMS_GATEWAY_URL = ""


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    gw = Gateway()
    settings.SMS_GATEWAY_URL = gw.url
    settings.SMS_SENDER = "SOTUPHAP"
    yield gw
    gw.close()
