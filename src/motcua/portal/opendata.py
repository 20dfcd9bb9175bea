"""Open data at stable public URLs: /du-lieu-mo/thu-tuc.csv|json (the published catalogue) and
/du-lieu-mo/thong-ke-<yyyy>-<mm>.json (a month's aggregate statistics). No personal data; cacheable."""

from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from motcua.core.spreadsheet import row_escape
from motcua.reports.opendata import CATALOGUE_COLUMNS, catalogue_rows, month_open, month_statistics

CACHE = "public, max-age=3600"


def _json(data: object) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def catalogue_json(request: HttpRequest) -> HttpResponse:
    rows = catalogue_rows()
    return _json({"columns": CATALOGUE_COLUMNS, "count": len(rows), "procedures": rows})


@require_GET
def catalogue_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CATALOGUE_COLUMNS)
    for row in catalogue_rows():
        values = [row[c] for c in CATALOGUE_COLUMNS]
        values = [";".join(v) if isinstance(v, list) else ("" if v is None else v) for v in values]
        writer.writerow(row_escape(int(v) if isinstance(v, bool) else v for v in values))
    # A byte-order mark so that spreadsheet programs read the Vietnamese text as UTF-8.
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="thu-tuc.csv"'
    response["Cache-Control"] = CACHE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def month_json(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not month_open(year, month):
        raise Http404
    return _json(month_statistics(year, month))
