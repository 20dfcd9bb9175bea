"""The procedure list exported by the national procedure database (CSDLQG về TTHC) as XLSX.

Layout: a title block ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM … DANH SÁCH THỦ TỤC HÀNH CHÍNH"), then a
header row with Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện, Lĩnh vực, then one row per procedure.
The header row is found by its labels, not by its position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.records import ProcedureRecord
from motcua.core.text import fold, nfc, squash

SOURCE = "dvcqg-list"
HEADER_LABELS = {
    "code": ("ma so", "ma thu tuc", "ma tthc"),
    "name": ("ten", "ten thu tuc", "ten tthc"),
    "issuer": ("co quan ban hanh",),
    "agency": ("co quan thuc hien",),
    "field": ("linh vuc",),
}
HEADER_SEARCH_ROWS = 30


@dataclass
class ListRow:
    row_number: int  # 1-based, as a spreadsheet shows it
    record: ProcedureRecord | None
    error: str = ""


def find_header(rows: Sequence[Sequence[Any]]) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, column of each known label) or None."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(row):
            label = fold(str(cell)) if cell is not None else ""
            for key, names in HEADER_LABELS.items():
                if label in names and key not in columns:
                    columns[key] = col
        if "code" in columns and "name" in columns:
            return index, columns
    return None


def list_note() -> str:
    return _("The national list gives no channel, time limit or fee; complete them before publishing.")


def read_list(rows: Iterable[Sequence[Any]]) -> Iterator[ListRow]:
    """Records from the rows of the list sheet (raises ValueError when there is no header row)."""
    all_rows = [tuple(r) for r in rows]
    found = find_header(all_rows)
    if found is None:
        raise ValueError(_("No header row with “Mã số” and “Tên” was found."))
    header_index, columns = found

    def cell(row: Sequence[Any], key: str) -> str:
        col = columns.get(key)
        if col is None or col >= len(row) or row[col] is None:
            return ""
        return nfc(str(row[col]))

    for index in range(header_index + 1, len(all_rows)):
        row = all_rows[index]
        if not any(v not in (None, "") for v in row):
            continue
        code = squash(cell(row, "code"))
        name = squash(cell(row, "name"))
        if not code or not name:
            yield ListRow(index + 1, None, _("The row has no code or no name."))
            continue
        record = ProcedureRecord(
            code=code,
            name=name,
            field_name=squash(cell(row, "field")),
            issuing_body=squash(cell(row, "issuer"))[:255],
            competent_agency_text=nfc("\n".join(squash(x) for x in cell(row, "agency").splitlines() if squash(x))),
            source=SOURCE,
            review_notes=[list_note()],
        )
        yield ListRow(index + 1, record)
