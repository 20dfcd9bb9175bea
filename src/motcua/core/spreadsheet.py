"""Cells for CSV and XLSX files that people open in a spreadsheet (CSV/formula injection): a text that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a formula, so it is
written with a leading apostrophe. Every export writes its cells through ``cell_escape``; our own
importer reads them back through ``cell_unescape``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def cell_escape(value: Any) -> Any:
    """``value`` safe to put in a cell. A text starting with a formula character, or with the escape
    itself (so that ``cell_unescape`` restores every text exactly), gets a leading apostrophe; other
    values are returned unchanged."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + value
    return value


def cell_unescape(value: Any) -> Any:
    """The text ``cell_escape`` was given, for a cell read back from one of our own exports."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith((*FORMULA_STARTS, ESCAPE)):
        return value[1:]
    return value


def row_escape(values: Iterable[Any]) -> list[Any]:
    return [cell_escape(value) for value in values]
