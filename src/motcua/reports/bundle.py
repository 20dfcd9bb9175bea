"""``motcua import-bundle DIR``: a legacy one-stop system's history as CSV files (docs/formats.md).

Every row goes through the service of the app that owns it (organisation.agency_import,
catalogue.procedure_import, dossiers.imports.dossier_import, engagement.*_record), so imported rows land
in the tables the live system writes. Each row is its own transaction: a bad row is rejected with its
row number (the header is row 1) and the reason, and the others go in. Idempotent: a second run of the
same bundle reports every row unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.catalogue.records import ChannelRecord, ProcedureRecord
from motcua.catalogue.services import procedure_import
from motcua.core.inputs import datetime_in_range
from motcua.core.text import nfc, squash
from motcua.dossiers.imports import ImportedDossier, dossier_import
from motcua.dossiers.models import Dossier
from motcua.engagement.models import GuidanceSession, HotlineCall, Survey
from motcua.engagement.services import guidance_session_record, hotline_call_record, survey_record
from motcua.organisation.models import Agency
from motcua.organisation.services import agency_import

FILES = (
    "agencies.csv",
    "procedures.csv",
    "dossiers.csv",
    "guidance.csv",
    "calls.csv",
    "notifications.csv",
    "surveys.csv",
    "shipments.csv",
)
COLUMNS = {
    "agencies.csv": ["identifier", "name", "kind", "level", "parent_identifier"],
    "procedures.csv": [
        "code",
        "name",
        "field",
        "agency_identifier",
        "level",
        "five_on_site",
        "time_limit",
        "time_unit",
        "online_level",
    ],
    "dossiers.csv": [
        "code",
        "procedure_code",
        "receiving_agency",
        "channel",
        "applicant_name",
        "applicant_phone",
        "received_at",
        "due_at",
        "finished_at",
        "returned_at",
        "status_code",
        "result_delivery",
        "result_signed",
    ],
    "guidance.csv": ["at", "procedure_code", "channel", "staff", "topic"],
    "calls.csv": ["at", "topic", "caller_phone", "duration_seconds", "outcome"],
    "notifications.csv": ["at", "dossier_code", "channel", "status"],
    "surveys.csv": ["at", "dossier_code", "satisfaction", "attitude"],
    "shipments.csv": ["dossier_code", "direction", "tracking_number", "status", "at"],
}
AGENCY_KINDS = {"people_committee": Agency.Kind.PEOPLES_COMMITTEE}  # the bundle's spelling → ours
CHANNELS = {"1": "in_person", "2": "online", "3": "postal", "counter": "in_person", "post": "postal"}
MAX_FILE_BYTES = 512 * 1024 * 1024


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


@dataclass
class FileReport:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class BundleReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(f.created + f.updated for f in self.files)

    def lines(self) -> list[str]:
        out = []
        for f in self.files:
            out.append(
                f"{f.name}: {f.created} created, {f.updated} updated, {f.unchanged} unchanged, "
                f"{len(f.rejected)} rejected"
            )
            out.extend(f"  row {row}: {reason}" for row, reason in f.rejected)
        return out


# --- values --------------------------------------------------------------------------------------------


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def when(value: str, column: str, *, end_of_day: bool = False) -> dt.datetime | None:
    """An instant from ``YYYY-MM-DD HH:MM[:SS]`` or ISO 8601 (local time unless it has an offset); a bare
    date is the start of that day, or its end for a due date. Empty → None."""
    text = squash(value)
    if not text:
        return None
    if len(text) == 10:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise RowError(_("%(column)s: not a date: %(value)s") % {"column": column, "value": text}) from None
        time = dt.time(23, 59, 59) if end_of_day else dt.time.min
        text = dt.datetime.combine(day, time).isoformat()
    try:
        return datetime_in_range(text, field=column)
    except ValidationError as exc:
        raise RowError(f"{column}: {_message(exc)} ({text})") from None


def flag(value: str, column: str) -> bool:
    text = squash(value)
    if text in {"", "0"}:
        return False
    if text == "1":
        return True
    raise RowError(_("%(column)s must be 0 or 1.") % {"column": column})


def _dossier(code: str) -> Dossier | None:
    code = squash(code)
    if not code:
        return None
    dossier = Dossier.objects.filter(code=code).first()
    if dossier is None:
        raise RowError(_("Unknown dossier %(code)s.") % {"code": code})
    return dossier


def _version(code: str) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.filter(procedure__code=squash(code))
        .order_by(
            # the published version first, then the newest
            "-status",
            "-id",
        )
        .filter(status__in=[ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.DRAFT])
        .first()
    )
    if version is None:
        raise RowError(_("Unknown procedure %(code)s.") % {"code": code})
    return version


# --- one function per file: a row → "created" | "updated" | "unchanged" -----------------------------


def import_agency(row: dict[str, str]) -> str:
    kind = squash(row["kind"])
    return agency_import(
        identifier=row["identifier"],
        name=row["name"],
        kind=AGENCY_KINDS.get(kind, kind),
        level=squash(row["level"]),
        parent_identifier=row.get("parent_identifier", ""),
    )[1]


def import_procedure(row: dict[str, str]) -> str:
    identifier = squash(row["agency_identifier"])
    if identifier and not Agency.objects.filter(identifier=identifier).exists():
        raise RowError(_("Unknown agency %(value)s.") % {"value": identifier})
    try:
        limit = Decimal(squash(row["time_limit"])) if squash(row["time_limit"]) else None
    except InvalidOperation:
        raise RowError(_("time_limit: not a number.")) from None
    if limit is not None and not (limit.is_finite() and 0 <= limit <= 10_000):
        raise RowError(_("time_limit: not a number from 0 to 10000."))
    unit = squash(row["time_unit"]) or "working_day"
    if unit not in {"working_day", "day", "hour", "month"}:
        raise RowError(_("Unknown time unit %(value)s.") % {"value": unit})
    online = squash(row["online_level"]) or "none"
    if online not in {"full", "partial", "none"}:
        raise RowError(_("Unknown online level %(value)s.") % {"value": online})
    channels = [ChannelRecord(channel="in_person", time_limit=limit, time_unit=unit)]
    if online != "none":
        channels.append(ChannelRecord(channel="online", time_limit=limit, time_unit=unit))
    record = ProcedureRecord(
        code=row["code"],
        name=row["name"],
        levels=[squash(row["level"])],
        field_name=row["field"],
        agency_identifiers=[identifier] if identifier else [],
        lead_agency_identifier=identifier,
        online_level=online,
        five_on_site=flag(row["five_on_site"], "five_on_site"),
        source="bundle",
        channels=channels,
    )
    existed = Procedure.objects.filter(code=squash(row["code"])).exists()
    outcome = procedure_import(record=record)
    return "unchanged" if outcome.result == "unchanged" else ("updated" if existed else "created")


def import_dossier(row: dict[str, str]) -> str:
    agency = Agency.objects.filter(identifier=squash(row["receiving_agency"])).first()
    if agency is None:
        raise RowError(_("Unknown agency %(value)s.") % {"value": row["receiving_agency"]})
    status = squash(row["status_code"])
    if not status.isdigit() or not 1 <= int(status) <= 10:
        raise RowError(_("status_code: the status code must be 1 to 10."))
    channel = squash(row["channel"])
    imported = ImportedDossier(
        code=row["code"],
        version=_version(row["procedure_code"]),
        agency=agency,
        channel=CHANNELS.get(channel, channel),
        applicant_name=nfc(row["applicant_name"]),
        applicant_phone=squash(row["applicant_phone"]),
        received_at=when(row["received_at"], "received_at"),
        due_at=when(row["due_at"], "due_at", end_of_day=True),
        finished_at=when(row["finished_at"], "finished_at"),
        returned_at=when(row["returned_at"], "returned_at"),
        status=int(status),
        result_delivery=squash(row["result_delivery"]) or "counter",
        result_signed=flag(row["result_signed"], "result_signed"),
    )
    return dossier_import(row=imported)[1]


def _required_when(row: dict[str, str]) -> dt.datetime:
    at = when(row["at"], "at")
    if at is None:
        raise RowError(_("at: the time is missing."))
    return at


def import_guidance(row: dict[str, str]) -> str:
    at = _required_when(row)
    procedure = None
    if squash(row["procedure_code"]):
        procedure = Procedure.objects.filter(code=squash(row["procedure_code"])).first()
        if procedure is None:
            raise RowError(_("Unknown procedure %(code)s.") % {"code": row["procedure_code"]})
    key: dict[str, Any] = {
        "at": at,
        "procedure": procedure,
        "staff_name": squash(row["staff"]),
        "topic": squash(row["topic"]),
    }
    if GuidanceSession.objects.filter(**key).exists():
        return "unchanged"
    guidance_session_record(channel=squash(row["channel"]), **key)
    return "created"


def import_call(row: dict[str, str]) -> str:
    at = _required_when(row)
    key: dict[str, Any] = {"at": at, "caller_phone": squash(row["caller_phone"]), "topic": squash(row["topic"])}
    if HotlineCall.objects.filter(**key).exists():
        return "unchanged"
    hotline_call_record(duration_seconds=squash(row["duration_seconds"]) or "0", outcome=row["outcome"], **key)
    return "created"


def import_survey(row: dict[str, str]) -> str:
    at = _required_when(row)
    dossier = _dossier(row["dossier_code"])
    satisfaction, attitude = squash(row["satisfaction"]), squash(row["attitude"])
    if dossier is not None and Survey.objects.filter(dossier=dossier).exists():
        return "unchanged"
    if Survey.objects.filter(at=at, dossier=None, satisfaction=satisfaction, attitude=attitude).exists():
        return "unchanged"
    survey_record(at=at, dossier=dossier, satisfaction=satisfaction, attitude=attitude)
    return "created"


def import_notification(row: dict[str, str]) -> str:
    from motcua.notices.services import notice_import

    channel, status = squash(row["channel"]), squash(row["status"])
    if channel not in {"sms", "email", "zalo"}:
        raise RowError(_("Unknown channel %(value)s.") % {"value": channel})
    if status not in {"delivered", "failed", "pending"}:
        raise RowError(_("Unknown status %(value)s.") % {"value": status})
    dossier = _dossier(row["dossier_code"])
    if dossier is None:
        raise RowError(_("dossier_code: the dossier is missing."))
    return notice_import(at=_required_when(row), dossier=dossier, channel=channel, status=status)


def import_shipment(row: dict[str, str]) -> str:
    direction = squash(row["direction"])
    if direction not in {"to_applicant", "from_applicant"}:
        raise RowError(_("Unknown direction %(value)s.") % {"value": direction})
    dossier = _dossier(row["dossier_code"])
    if dossier is None:
        raise RowError(_("dossier_code: the dossier is missing."))
    from motcua.postal.services import shipment_import

    try:
        return shipment_import(
            at=_required_when(row),
            dossier=dossier,
            direction=direction,
            tracking_number=squash(row["tracking_number"]),
            status=squash(row["status"]),
        )
    except ValidationError as exc:
        raise RowError(_message(exc)) from None


IMPORTERS: dict[str, Callable[[dict[str, str]], str]] = {
    "agencies.csv": import_agency,
    "procedures.csv": import_procedure,
    "dossiers.csv": import_dossier,
    "guidance.csv": import_guidance,
    "calls.csv": import_call,
    "notifications.csv": import_notification,
    "surveys.csv": import_survey,
    "shipments.csv": import_shipment,
}


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS[path.name] if c not in (reader.fieldnames or [])]
        if missing:
            raise RowError(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        for number, row in enumerate(reader, start=2):
            yield number, {k: (v or "") for k, v in row.items() if k is not None}


def bundle_import(directory: Path | str) -> BundleReport:
    """Import the bundle in ``directory`` (the files present, in dependency order)."""
    folder = Path(directory)
    if not folder.is_dir():
        raise ValueError(_("%(path)s is not a directory.") % {"path": folder})
    report = BundleReport()
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            report.files.append(FileReport(name, rejected=[(0, _("The file is larger than 512 MB."))]))
            continue
        file_report = FileReport(name)
        report.files.append(file_report)
        try:
            for number, row in _rows(path):
                try:
                    result = IMPORTERS[name](row)
                except RowError as exc:
                    file_report.rejected.append((number, str(exc)))
                    continue
                except ValidationError as exc:
                    file_report.rejected.append((number, _message(exc)))
                    continue
                except DatabaseError as exc:  # e.g. a value the column cannot hold: this row only
                    file_report.rejected.append((number, str(exc).splitlines()[0][:200]))
                    continue
                setattr(file_report, result, getattr(file_report, result) + 1)
        except RowError as exc:
            file_report.rejected.append((1, str(exc)))
        except UnicodeDecodeError:
            file_report.rejected.append((0, _("The file is not UTF-8.")))
    return report
