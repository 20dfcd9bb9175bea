"""How amounts of money and phone numbers are written, the one place for every page and slip.

Money follows the active language: Vietnamese groups thousands with dots and says "đồng"
(``8.000 đồng``, ``1.000.000 đồng``); English groups with commas and keeps the currency code
(``8,000 VND``). Phones are stored as +84…; people read and write them as ``0912 345 678``."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation

# Hà Nội (024) and Hồ Chí Minh City (028) have two-digit area codes; every other province three (0203…).
_TWO_DIGIT_AREAS = ("24", "28")


def _is_vietnamese(language: str | None) -> bool:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language.lower().startswith("vi")


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return separator.join(parts)


def money(amount: Decimal | int | float | str | None, currency: str = "VND", *, language: str | None = None) -> str:
    """``8000`` → "8.000 đồng" in Vietnamese, "8,000 VND" in English; '' for no amount. Fractions (never
    in đồng) are kept to two places: "1.234,50 USD" / "1,234.50 USD"."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    vietnamese = _is_vietnamese(language)
    thousands, decimal_mark = (".", ",") if vietnamese else (",", ".")
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if value == whole:
        number = _group(str(int(whole)), thousands)
    else:
        cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        integer, fraction = f"{cents:f}".split(".")
        number = f"{_group(integer, thousands)}{decimal_mark}{fraction}"
    currency = (currency or "VND").upper()
    unit = "đồng" if vietnamese and currency == "VND" else currency
    return f"{sign}{number} {unit}"


def phone(value: str | None) -> str:
    """``+84912345678`` → "0912 345 678"; landlines "024 3825 3536", "0203 383 5123". Anything that is
    not a Vietnamese number is returned unchanged."""
    if not value:
        return ""
    digits = re.sub(r"[\s().-]", "", value)
    if digits.startswith("+84"):
        national = digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return value
    if not national.isdigit():
        return value
    if len(national) == 9 and national[0] in "35789":  # mobile
        return f"0{national[:3]} {national[3:6]} {national[6:]}"
    if len(national) == 10 and national[0] == "2":  # landline: area code + subscriber
        if national[:2] in _TWO_DIGIT_AREAS:
            return f"0{national[:2]} {national[2:6]} {national[6:]}"
        return f"0{national[:3]} {national[3:6]} {national[6:]}"
    return value


def working_time(minutes: int | None, *, language: str | None = None) -> str:
    """Working minutes as people say them: 90 → "1 giờ 30 phút" / "1 h 30 min", 45 → "45 phút" /
    "45 min", 0 → "0 phút" / "0 min"; '' for none. Budgets are whole minutes, so nothing is rounded away
    (a 24-minute step is not "0 h")."""
    if minutes is None or minutes == "":
        return ""
    total = int(minutes)
    hours, rest = divmod(abs(total), 60)
    hour_unit, minute_unit = ("giờ", "phút") if _is_vietnamese(language) else ("h", "min")
    parts = ([f"{hours} {hour_unit}"] if hours else []) + ([f"{rest} {minute_unit}"] if rest or not hours else [])
    return ("-" if total < 0 else "") + " ".join(parts)
