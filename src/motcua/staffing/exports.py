"""The scorecards as an xlsx workbook; every cell goes through core.spreadsheet's escaping."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from motcua.core.spreadsheet import row_escape
from motcua.staffing.selectors import Scorecard, scorecard_values


def scorecard_headers() -> list[str]:
    return [
        _("Officer"),
        _("Steps finished"),
        _("Dossiers handled"),
        _("On time"),
        _("On time (%)"),
        _("Late steps held"),
        _("Survey answers"),
        _("Satisfaction (%)"),
        _("Attitude (%)"),
        _("Violations"),
        _("Open violations"),
    ]


def scorecards_xlsx(*, title: str, start: dt.date, end: dt.date, cards: Iterable[Scorecard]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bang diem"
    sheet.append(row_escape([title, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"]))
    sheet.append(row_escape(scorecard_headers()))
    for card in cards:
        sheet.append(row_escape(["" if v is None else v for v in scorecard_values(card)]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
