"""Import procedures from files: national portal records, the national list, our own export.

``read_path`` only parses (no database); ``run_import`` writes each record with ``procedure_import``
in its own transaction and collects a report. Formats are described in docs/formats.md.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.importers import dvcqg, excel_list, native
from motcua.catalogue.records import ProcedureRecord
from motcua.core.text import squash

SUPPORTED_SUFFIXES = (".json", ".csv", ".xlsx")


@dataclass
class Item:
    """One parsed record, or the reason a file or row could not be read."""

    origin: str  # "1.001193.json", "list.xlsx row 7"
    record: ProcedureRecord | None = None
    error: str = ""
    kind: str = ""  # "dvcqg" | "list" | "export"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    needs_review: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (code, why it was left as it was)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file/row, reason)
    read: int = 0  # records that could be parsed
    dry_run: bool = False

    @property
    def nothing_read(self) -> bool:
        return self.read == 0


# ---------------------------------------------------------------------------------------------------
# Reading (pure)
# ---------------------------------------------------------------------------------------------------


def read_path(path: Path) -> Iterator[Item]:
    """Every record under ``path`` (a file, or a folder of files read in name order)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        if not files:
            yield Item(str(path), error=_("The folder holds no .json, .csv or .xlsx file."))
        for file in files:
            yield from read_file(file)
    elif path.is_file():
        yield from read_file(path)
    else:
        yield Item(str(path), error=_("No such file or folder."))


def read_file(path: Path) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            yield from _read_json(path)
        elif suffix == ".csv":
            yield from _read_csv(path)
        elif suffix == ".xlsx":
            yield from _read_xlsx(path)
        else:
            yield Item(path.name, error=_("Unsupported file type %(suffix)s.") % {"suffix": suffix or "?"})
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error, ValueError, KeyError) as exc:
        yield Item(path.name, error=_("The file could not be read: %(error)s") % {"error": exc})
    except Exception as exc:  # openpyxl raises many types (zipfile.BadZipFile, InvalidFileException ...)
        yield Item(path.name, error=_("The file could not be read: %(error)s") % {"error": repr(exc)})


def _parse(origin: str, kind: str, parser: Callable[[Any], ProcedureRecord], data: Any) -> Item:
    try:
        return Item(origin, parser(data), kind=kind)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return Item(origin, error=str(exc) or repr(exc), kind=kind)


def _read_json(path: Path) -> Iterator[Item]:
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and dvcqg.looks_like_dvcqg(data):
        yield _parse(path.name, "dvcqg", dvcqg.record_from_dvcqg, data)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            origin = f"{path.name} [{index}]"
            if dvcqg.looks_like_dvcqg(item):
                yield _parse(origin, "dvcqg", dvcqg.record_from_dvcqg, item)
            else:
                yield _parse(origin, "export", native.record_from_export, item)
    else:
        yield Item(path.name, error=_("Neither a national portal record nor an exported list of procedures."))


def _read_csv(path: Path) -> Iterator[Item]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        if not all(col in (reader.fieldnames or []) for col in native.TABLE_MARKERS):
            raise ValueError(_("the CSV has no code, name and channels_json columns"))
        for number, row in enumerate(reader, start=2):
            yield _parse(f"{path.name} row {number}", "export", native.record_from_row, row)


def _read_xlsx(path: Path) -> Iterator[Item]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    header = [str(c) if c is not None else "" for c in (rows[0] if rows else ())]
    if all(col in header for col in native.TABLE_MARKERS):
        for number, values in enumerate(rows[1:], start=2):
            if not any(v not in (None, "") for v in values):
                continue
            row = dict(zip(header, values, strict=False))
            yield _parse(f"{path.name} row {number}", "export", native.record_from_row, row)
        return
    for list_row in excel_list.read_list(rows):
        origin = f"{path.name} row {list_row.row_number}"
        if list_row.record is None:
            yield Item(origin, error=list_row.error, kind="list")
        else:
            yield Item(origin, list_row.record, kind="list")


# ---------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------

PROGRESS_EVERY = 25


class _DryRun(Exception):
    pass


def run_import(
    path: Path,
    *,
    actor: Any = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import everything under ``path``; one transaction per record, so a bad record spoils nothing.
    With ``dry_run`` every write is rolled back at the end and the report tells what would happen."""
    items = list(read_path(path))
    report = ImportReport(dry_run=dry_run)
    if not dry_run:
        _import_items(items, report, actor, progress)
        return report
    try:
        with transaction.atomic():
            _import_items(items, report, actor, progress)
            raise _DryRun
    except _DryRun:
        pass
    return report


def _import_items(
    items: list[Item], report: ImportReport, actor: Any, progress: Callable[[int, int], None] | None
) -> None:
    from motcua.catalogue.services import procedure_import

    total = len(items)
    for done, item in enumerate(items, start=1):
        if item.record is None:
            report.failed.append((item.origin, item.error))
        else:
            report.read += 1
            _import_one(item, report, actor, procedure_import)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def _import_one(item: Item, report: ImportReport, actor: Any, procedure_import: Callable[..., Any]) -> None:
    from django.core.exceptions import ValidationError

    from motcua.catalogue.models import ProcedureVersion

    record = item.record
    assert record is not None
    code = squash(record.code)
    if item.kind == "list":
        richer = (
            ProcedureVersion.objects.filter(procedure__code=code)
            .exclude(status=ProcedureVersion.Status.REPEALED)
            .exclude(source=excel_list.SOURCE)
            .exists()
        )
        if richer:
            report.unchanged.append(code)
            report.skipped.append((code, _("Already in the catalogue with fuller data; the list row was not applied.")))
            return
    if item.kind == "export" and _same_as_stored(record):
        report.unchanged.append(code)
        if record.review_notes:
            report.needs_review[code] = list(record.review_notes)
        return
    try:
        outcome = procedure_import(record=record, actor=actor)
    except ValidationError as exc:
        report.failed.append((item.origin, "; ".join(exc.messages)))
        return
    except Exception as exc:  # a database error in one record must not stop the others
        report.failed.append((item.origin, repr(exc)))
        return
    getattr(report, outcome.result).append(outcome.code)
    if outcome.needs_review:
        report.needs_review[outcome.code] = [str(n) for n in outcome.needs_review]


def _same_as_stored(record: ProcedureRecord) -> bool:
    """An exported record equals the version it came from even where the stored fingerprint differs
    (publishing fills effective_from and may add review notes after the fingerprint was taken)."""
    from motcua.catalogue.exporters import record_from_version
    from motcua.catalogue.models import ProcedureVersion

    version = (
        ProcedureVersion.objects.filter(
            procedure__code=squash(record.code), decision_number=squash(record.decision_number)
        )
        .exclude(status=ProcedureVersion.Status.REPEALED)
        .order_by("-id")
        .first()
    )
    if version is None:
        return False
    stored = record_from_version(version)
    wanted = record.status or ProcedureVersion.Status.PUBLISHED
    if record.review_notes:
        wanted = ProcedureVersion.Status.DRAFT
    return stored.fingerprint() == record.fingerprint() and version.status == wanted
