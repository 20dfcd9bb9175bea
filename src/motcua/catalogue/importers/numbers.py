"""Vietnamese number formats, kept apart so that every parser reads them the same way."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)?$")


def vn_number(text: str, *, thousands: str = ".") -> Decimal | None:
    """Read a number written the Vietnamese way.

    In running text ``thousands="."``: ``"50.000"`` is 50000 and ``"1,5"`` is 1.5. The national portal's
    fee cell formats amounts with commas instead (``"35,000,000"``), so that cell is read with
    ``thousands=","``. Returns ``None`` for anything that is not a plain number.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        return None
    if thousands == "," and _COMMA_THOUSANDS.match(value):
        value = value.replace(",", "")
    elif thousands == "." and _DOT_THOUSANDS.match(value):
        value = value.replace(".", "")
    elif _DECIMAL.match(value):
        value = value.replace(",", ".")
    else:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        return None


def plain(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when it has no fraction."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
