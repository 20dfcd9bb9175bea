"""Money and phone numbers are written one way everywhere (core/formats.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from motcua.core.formats import money, phone


@pytest.mark.parametrize(
    ("amount", "vietnamese", "english"),
    [
        (Decimal("8000.00"), "8.000 đồng", "8,000 VND"),
        (1000000, "1.000.000 đồng", "1,000,000 VND"),
        (Decimal("200000"), "200.000 đồng", "200,000 VND"),
        (Decimal("500"), "500 đồng", "500 VND"),
        (0, "0 đồng", "0 VND"),
        (Decimal("8E+3"), "8.000 đồng", "8,000 VND"),
    ],
)
def test_money_is_written_as_each_language_writes_it(amount: object, vietnamese: str, english: str) -> None:
    assert money(amount, language="vi") == vietnamese  # type: ignore[arg-type]
    assert money(amount, language="en") == english  # type: ignore[arg-type]


def test_other_currencies_keep_their_code_and_cents() -> None:
    assert money(Decimal("1234.5"), "usd", language="vi") == "1.234,50 USD"
    assert money(Decimal("1234.5"), "USD", language="en") == "1,234.50 USD"
    assert money(None) == ""


def test_money_follows_the_active_language() -> None:
    with translation.override("vi"):
        assert money(8000) == "8.000 đồng"
    with translation.override("en"):
        assert money(8000) == "8,000 VND"


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("+84912345678", "0912 345 678"),
        ("0912345678", "0912 345 678"),
        ("84912345678", "0912 345 678"),
        ("+842438253536", "024 3825 3536"),
        ("+842033835123", "0203 383 5123"),
        ("", ""),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    ],
)
def test_phones_are_written_as_people_read_them(stored: str, written: str) -> None:
    assert phone(stored) == written


def test_the_template_filters_write_money_and_phones() -> None:
    template = Template('{% load motcua %}{{ fee|money:"VND" }} {{ tel|phone }}')
    with translation.override("vi"):
        assert template.render(Context({"fee": Decimal("8000.00"), "tel": "+84912345678"})) == "8.000 đồng 0912 345 678"
    with translation.override("en"):
        assert template.render(Context({"fee": Decimal("8000.00"), "tel": "+84912345678"})) == "8,000 VND 0912 345 678"


@pytest.mark.parametrize(
    ("minutes", "vi", "en"),
    [
        (24, "24 phút", "24 min"),
        (0, "0 phút", "0 min"),
        (60, "1 giờ", "1 h"),
        (90, "1 giờ 30 phút", "1 h 30 min"),
        (2880, "48 giờ", "48 h"),
    ],
)
def test_working_time_is_written_in_hours_and_minutes_never_rounded_to_zero(minutes: int, vi: str, en: str) -> None:
    from motcua.core.formats import working_time

    assert working_time(minutes, language="vi") == vi
    assert working_time(minutes, language="en") == en
