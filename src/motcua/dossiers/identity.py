"""Validation and normalisation of applicant identity numbers and Vietnamese phone numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CITIZEN_ID = re.compile(r"^\d{12}$")
_PASSPORT = re.compile(r"^[A-Z]\d{7,8}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")
_MOBILE = re.compile(r"^(?:\+?84|0)(3|5|7|8|9)(\d{8})$")
_LANDLINE = re.compile(r"^(?:\+?84|0)(2\d{9})$")


def normalize_id_number(value: str, *, organisation: bool = False) -> str:
    """A 12-digit citizen ID or a passport number for people; a 10- or 13-digit tax code for
    organisations. Returns the cleaned value or raises ValidationError."""
    cleaned = re.sub(r"[\s.]", "", value or "").upper()
    if organisation:
        if _TAX_CODE.fullmatch(cleaned):
            return cleaned
        raise ValidationError(_("A tax code has 10 digits, or 10 digits, a dash and 3 digits."), code="id_number")
    if _CITIZEN_ID.fullmatch(cleaned) or _PASSPORT.fullmatch(cleaned):
        return cleaned
    raise ValidationError(_("Enter a 12-digit citizen identity number or a passport number."), code="id_number")


def normalize_phone(value: str) -> str:
    """Vietnamese mobile or landline number in +84 form (``0912 345 678`` → ``+84912345678``)."""
    cleaned = re.sub(r"[\s().-]", "", value or "")
    if match := _MOBILE.fullmatch(cleaned):
        return f"+84{match.group(1)}{match.group(2)}"
    if match := _LANDLINE.fullmatch(cleaned):
        return f"+84{match.group(1)}"
    raise ValidationError(_("Enter a Vietnamese phone number such as 0912 345 678."), code="phone")
