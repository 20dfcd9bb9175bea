"""Our own export (JSON array, or the CSV/XLSX table) read back into ``ProcedureRecord``s."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.core.spreadsheet import cell_unescape

TABLE_MARKERS = ("code", "name", "channels_json")
_TEXT_FIELDS = (
    "kind",
    "applicants",
    "competent_agency_text",
    "cooperating_agency_text",
    "lead_agency_identifier",
    "authorised_agency_text",
    "receiving_address",
    "related_procedures",
    "issuing_body",
    "steps",
    "requirements",
    "result_name",
    "result_code",
    "online_level",
    "decision_number",
    "decision_signer",
    "source",
    "source_url",
    "status",
)
_BOOL_FIELDS = ("five_on_site", "after_15h_next_day")
_DATE_FIELDS = ("decision_date", "effective_from")


def looks_like_export_item(data: Any) -> bool:
    return isinstance(data, Mapping) and "code" in data and "name" in data and "channels" in data


def _decimal(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("%(what)s is not a number.") % {"what": what})
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(_("%(what)s is not a number: %(value)r") % {"what": what, "value": value}) from None


def _date(value: Any, what: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(_("%(what)s is not a date (YYYY-MM-DD): %(value)r") % {"what": what, "value": value}) from None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def _channel(data: Mapping[str, Any]) -> ChannelRecord:
    if not isinstance(data, Mapping) or data.get("channel") not in {"in_person", "online", "postal"}:
        raise ValueError(_("A channel must be in_person, online or postal: %(value)r") % {"value": data})
    unit = data.get("time_unit") or "working_day"
    if unit not in {"working_day", "day", "hour", "month"}:
        raise ValueError(_("Unknown time unit %(unit)r.") % {"unit": unit})
    fee = data.get("fee")
    if fee is not None and not isinstance(fee, Mapping):
        raise ValueError(_("A channel fee must be an object with amount and currency."))
    return ChannelRecord(
        channel=str(data["channel"]),
        time_limit=_decimal(data.get("time_limit"), "time_limit"),
        time_unit=str(unit),
        time_note=str(data.get("time_note") or ""),
        fee_amount=_decimal(fee.get("amount"), "fee amount") if fee else None,
        fee_currency=str((fee or {}).get("currency") or "VND"),
        fee_kind=str(data.get("fee_kind") or ""),
        fee_note=str(data.get("fee_note") or ""),
        description=str(data.get("description") or ""),
    )


def record_from_export(data: Mapping[str, Any]) -> ProcedureRecord:
    """One object of the JSON export (raises ValueError when it is malformed)."""
    if not looks_like_export_item(data):
        raise ValueError(_("Not an exported procedure (needs code, name and channels)."))
    levels = data.get("levels")
    if levels is None:
        levels = [data["level"]] if data.get("level") else []
    if not isinstance(levels, list) or not isinstance(data.get("channels"), list):
        raise ValueError(_("levels and channels must be lists."))
    record = ProcedureRecord(
        code=str(data["code"] or ""),
        name=str(data["name"] or ""),
        levels=[str(x) for x in levels],
        field_name=str(data.get("field") or ""),
        agency_identifiers=[str(x) for x in data.get("agency_identifiers") or []],
        legacy_online_level=int(data["legacy_online_level"]) if data.get("legacy_online_level") else None,
        channels=[_channel(c) for c in data["channels"]],
        documents=[
            DocumentRecord(
                name=str(d.get("name") or ""),
                group=str(d.get("group") or ""),
                form_name=str(d.get("form_name") or ""),
                originals=int(d.get("originals") or 0),
                copies=int(d.get("copies") or 0),
                quantity_note=str(d.get("quantity_note") or ""),
            )
            for d in data.get("documents") or []
        ],
        legal_bases=[
            LegalBasisRecord(title=str(b.get("title") or ""), number=str(b.get("number") or ""))
            for b in data.get("legal_bases") or []
        ],
        review_notes=[str(n) for n in data.get("review_notes") or []],
    )
    for name in _TEXT_FIELDS:
        if data.get(name) is not None:
            setattr(record, name, str(data[name]))
    for name in _BOOL_FIELDS:
        setattr(record, name, _bool(data.get(name)))
    for name in _DATE_FIELDS:
        setattr(record, name, _date(data.get(name), name))
    if not record.online_level:
        record.online_level = "none"
    return record


def record_from_row(row: Mapping[str, Any]) -> ProcedureRecord:
    """One row of the CSV/XLSX export: the JSON columns carry the lists. Cells were written through
    ``cell_escape`` (formula injection); the escape is undone here, cell by cell."""
    data: dict[str, Any] = {}
    continued: dict[str, list[tuple[int, str]]] = {}
    for key, raw in row.items():
        if not key:
            continue
        value = cell_unescape(raw)
        base, _sep, n = str(key).rpartition(".")
        if base and n.isdigit():  # "documents_json.2": the rest of a text too long for one XLSX cell
            continued.setdefault(base, []).append((int(n), "" if value is None else str(value)))
        else:
            data[key] = "" if value is None else value
    for base, parts in continued.items():
        data[base] = str(data.get(base) or "") + "".join(text for _n, text in sorted(parts))
    try:
        data["channels"] = json.loads(data.get("channels_json") or "[]")
        data["documents"] = json.loads(data.get("documents_json") or "[]")
        data["legal_bases"] = json.loads(data.get("legal_bases_json") or "[]")
        data["review_notes"] = json.loads(data.get("review_notes_json") or "[]")
    except json.JSONDecodeError as exc:
        raise ValueError(_("A JSON column is malformed: %(error)s") % {"error": exc}) from None
    data["levels"] = [x for x in str(data.get("levels") or "").split(";") if x]
    data["agency_identifiers"] = [x for x in str(data.get("agency_identifiers") or "").split(";") if x]
    for name in _DATE_FIELDS:
        value = data.get(name)
        if isinstance(value, dt.datetime):
            data[name] = value.date().isoformat()
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
    for key in ("code", "decision_number", "result_code"):
        if isinstance(data.get(key), float | int) and not isinstance(data.get(key), bool):
            data[key] = str(data[key])
    return record_from_export(data)
