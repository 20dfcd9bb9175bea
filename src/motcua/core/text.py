"""Text helpers: every stored string is Unicode NFC; search keys fold Vietnamese diacritics."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """Return ``value`` in Unicode NFC with surrounding white space removed ('' for None)."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def squash(value: str | None) -> str:
    """NFC, and every run of white space folded into one space."""
    return _SPACES.sub(" ", nfc(value))


def fold(value: str | None) -> str:
    """A search key: lower case, no diacritics, đ → d, single spaces.

    ``fold("Đăng ký KHAI SINH") == "dang ky khai sinh"``
    """
    text = unicodedata.normalize("NFD", squash(value).lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("đ", "d")


def strip_diacritics(value: str | None) -> str:
    """Vietnamese without diacritics, case kept (for SMS sent as GSM-7): ``"Đã nhận" → "Da nhan"``."""
    text = unicodedata.normalize("NFD", value or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", text.replace("đ", "d").replace("Đ", "D"))
