"""Export the catalogue as JSON, CSV or XLSX (see docs/formats.md). Table cells go through
core.spreadsheet.cell_escape (no formula runs when the file is opened in a spreadsheet).

One object/row per procedure: its latest version, i.e. the published one if any, otherwise the newest
draft. Procedures whose versions are all superseded or repealed are left out. The JSON carries every
field of ``ProcedureRecord`` so that importing it again gives the same content.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import Prefetch

from motcua.catalogue.importers.numbers import plain
from motcua.catalogue.models import Channel, LegalBasis, ProcedureVersion, RequiredDocument
from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.core.spreadsheet import cell_escape, row_escape

FORMAT_VERSION = 1
CHANNEL_KINDS = ("in_person", "online", "postal")


def export_versions() -> list[ProcedureVersion]:
    """The version exported for each procedure: published, else the newest draft."""
    versions = (
        ProcedureVersion.objects.filter(status__in=[ProcedureVersion.Status.PUBLISHED, ProcedureVersion.Status.DRAFT])
        .select_related("procedure", "field", "lead_agency")
        .prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("id")),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position", "id")),
            Prefetch("legal_bases", queryset=LegalBasis.objects.order_by("position", "id")),
            "competent_agencies",
        )
        .order_by("procedure__code", "-id")
    )
    chosen: dict[int, ProcedureVersion] = {}
    for version in versions:
        current = chosen.get(version.procedure_id)
        if current is None or (
            version.status == ProcedureVersion.Status.PUBLISHED and current.status != version.status
        ):
            chosen[version.procedure_id] = version
    return sorted(chosen.values(), key=lambda v: v.procedure.code)


def record_from_version(version: ProcedureVersion) -> ProcedureRecord:
    """The stored version as the plain record an importer would produce."""
    return ProcedureRecord(
        code=version.procedure.code,
        name=version.name,
        levels=version.level_list,
        field_name=version.field.name if version.field else "",
        kind=version.kind,
        applicants=version.applicants,
        competent_agency_text=version.competent_agency_text,
        cooperating_agency_text=version.cooperating_agency_text,
        agency_identifiers=sorted(a.identifier for a in version.competent_agencies.all()),
        lead_agency_identifier=version.lead_agency.identifier if version.lead_agency else "",
        authorised_agency_text=version.authorised_agency_text,
        receiving_address=version.receiving_address,
        related_procedures=version.related_procedures,
        issuing_body=version.issuing_body,
        steps=version.steps,
        requirements=version.requirements,
        result_name=version.result_name,
        result_code=version.result_code,
        online_level=version.online_level,
        legacy_online_level=version.legacy_online_level,
        five_on_site=version.five_on_site,
        after_15h_next_day=version.after_15h_next_day,
        decision_number=version.decision_number,
        decision_date=version.decision_date,
        decision_signer=version.decision_signer,
        effective_from=version.effective_from,
        source=version.source,
        source_url=version.source_url,
        status=version.status,
        channels=[
            ChannelRecord(
                channel=c.channel,
                time_limit=_norm(c.time_limit),
                time_unit=c.time_unit,
                time_note=c.time_note,
                fee_amount=_norm(c.fee_amount),
                fee_currency=c.fee_currency,
                fee_kind=c.fee_kind,
                fee_note=c.fee_note,
                description=c.description,
            )
            for c in version.channels.all()
        ],
        documents=[
            DocumentRecord(
                name=d.name,
                group=d.group,
                form_name=d.form_name,
                originals=d.originals,
                copies=d.copies,
                quantity_note=d.quantity_note,
            )
            for d in version.documents.all()
        ],
        legal_bases=[LegalBasisRecord(title=b.title, number=b.number) for b in version.legal_bases.all()],
        review_notes=[str(note) for note in version.review_notes],
    )


def _norm(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.normalize()


def channel_to_dict(channel: ChannelRecord) -> dict[str, Any]:
    fee = None
    if channel.fee_amount is not None:
        fee = {"amount": plain(channel.fee_amount), "currency": channel.fee_currency or "VND"}
    return {
        "channel": channel.channel,
        "time_limit": plain(channel.time_limit),
        "time_unit": channel.time_unit,
        "fee": fee,
        "fee_kind": channel.fee_kind,
        "time_note": channel.time_note,
        "fee_note": channel.fee_note,
        "description": channel.description,
    }


def record_to_dict(record: ProcedureRecord) -> dict[str, Any]:
    """The export object of one procedure (the contract in docs/formats.md)."""
    data: dict[str, Any] = {
        "code": record.code,
        "name": record.name,
        "field": record.field_name,
        "level": record.levels[0] if record.levels else "",
        "levels": list(record.levels),
        "status": record.status,
        "channels": [channel_to_dict(c) for c in record.channels],
    }
    for f in dataclasses.fields(record):
        if f.name in {"code", "name", "field_name", "levels", "status", "channels"}:
            continue
        value = getattr(record, f.name)
        if f.name == "documents":
            value = [dataclasses.asdict(d) for d in value]
        elif f.name == "legal_bases":
            value = [dataclasses.asdict(b) for b in value]
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[f.name] = value
    return data


def export_records() -> Iterator[ProcedureRecord]:
    for version in export_versions():
        yield record_from_version(version)


def write_json(records: Iterable[ProcedureRecord], stream: IO[str]) -> int:
    items = [record_to_dict(r) for r in records]
    json.dump(items, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return len(items)


# Flat table (CSV and XLSX): scalar columns, the first channel of each kind in its own columns for
# people and spreadsheets, and the lists as JSON so that the table imports back without loss.
LIST_COLUMNS = ("channels_json", "documents_json", "legal_bases_json", "review_notes_json")


def table_header() -> list[str]:
    scalar = [
        k
        for k in record_to_dict(ProcedureRecord(code="", name=""))
        if k not in {"channels", "documents", "legal_bases", "review_notes", "levels", "agency_identifiers"}
    ]
    per_channel = [
        f"{kind}_{col}" for kind in CHANNEL_KINDS for col in ("time_limit", "time_unit", "fee_amount", "fee_currency")
    ]
    return [*scalar, "levels", "agency_identifiers", *per_channel, *LIST_COLUMNS]


def record_to_row(record: ProcedureRecord) -> dict[str, Any]:
    data = record_to_dict(record)
    row: dict[str, Any] = {k: v for k, v in data.items() if not isinstance(v, list | dict)}
    row["levels"] = ";".join(record.levels)
    row["agency_identifiers"] = ";".join(record.agency_identifiers)
    for kind in CHANNEL_KINDS:
        first = next((c for c in data["channels"] if c["channel"] == kind), None)
        row[f"{kind}_time_limit"] = first["time_limit"] if first else None
        row[f"{kind}_time_unit"] = first["time_unit"] if first else ""
        row[f"{kind}_fee_amount"] = first["fee"]["amount"] if first and first["fee"] else None
        row[f"{kind}_fee_currency"] = first["fee"]["currency"] if first and first["fee"] else ""
    row["channels_json"] = json.dumps(data["channels"], ensure_ascii=False)
    row["documents_json"] = json.dumps(data["documents"], ensure_ascii=False)
    row["legal_bases_json"] = json.dumps(data["legal_bases"], ensure_ascii=False)
    row["review_notes_json"] = json.dumps(data["review_notes"], ensure_ascii=False)
    for key, value in row.items():
        if value is None:
            row[key] = ""
        elif isinstance(value, bool):
            row[key] = "true" if value else "false"
    return row


def write_csv(records: Iterable[ProcedureRecord], stream: IO[str]) -> int:
    header = table_header()
    writer = csv.DictWriter(stream, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: cell_escape(value) for key, value in record_to_row(record).items()})
        count += 1
    return count


XLSX_CELL_LIMIT = 32_000  # Excel keeps at most 32,767 characters in a cell


def write_xlsx(records: Iterable[ProcedureRecord], stream: IO[bytes]) -> int:
    """The same table as the CSV. A text longer than a cell holds continues in "<column>.2", ".3" ...
    (each piece escaped on its own: a continuation may start with "=" too)."""
    from openpyxl import Workbook

    rows = [_split_long(record_to_row(r)) for r in records]
    header = table_header()
    extra = sorted({k for row in rows for k in row if k not in header}, key=_continuation_order)
    header = [*header, *extra]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("procedures")
    sheet.append(header)
    for row in rows:
        sheet.append(row_escape(row.get(col, "") for col in header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    stream.write(buffer.getvalue())
    return len(rows)


def _split_long(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, str) and len(value) > XLSX_CELL_LIMIT:
            chunks = [value[i : i + XLSX_CELL_LIMIT] for i in range(0, len(value), XLSX_CELL_LIMIT)]
            out[key] = chunks[0]
            for n, chunk in enumerate(chunks[1:], start=2):
                out[f"{key}.{n}"] = chunk
        else:
            out[key] = value
    return out


def _continuation_order(key: str) -> tuple[str, int]:
    base, _sep, n = key.rpartition(".")
    return (base, int(n)) if n.isdigit() else (key, 0)
