"""Plain records that importers produce and ``procedure_import`` writes. Parsers never touch the
database; the service never parses text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class ChannelRecord:
    channel: str  # "in_person" | "online" | "postal"
    time_limit: Decimal | None = None
    time_unit: str = "working_day"  # "working_day" | "day" | "hour" | "month"
    time_note: str = ""
    fee_amount: Decimal | None = None  # None = unknown / not stated; 0 = free
    fee_currency: str = "VND"
    fee_kind: str = ""  # "phi" | "le_phi" | "mixed" | ""
    fee_note: str = ""
    description: str = ""


@dataclass
class DocumentRecord:
    name: str
    group: str = ""
    form_name: str = ""
    originals: int = 0
    copies: int = 0
    quantity_note: str = ""


@dataclass
class LegalBasisRecord:
    title: str
    number: str = ""


@dataclass
class ProcedureRecord:
    code: str
    name: str
    levels: list[str] = field(default_factory=list)  # subset of ministry/province/district/commune
    field_name: str = ""
    kind: str = ""
    applicants: str = ""
    competent_agency_text: str = ""
    cooperating_agency_text: str = ""
    agency_identifiers: list[str] = field(default_factory=list)  # agencies that carry it out, if known
    lead_agency_identifier: str = ""
    authorised_agency_text: str = ""  # cơ quan được ủy quyền
    receiving_address: str = ""  # địa chỉ tiếp nhận hồ sơ
    related_procedures: str = ""  # thủ tục liên quan
    issuing_body: str = ""  # cơ quan ban hành (national list)
    steps: str = ""
    requirements: str = ""
    result_name: str = ""
    result_code: str = ""
    online_level: str = "none"  # "full" | "partial" | "none"
    legacy_online_level: int | None = None
    five_on_site: bool = False
    after_15h_next_day: bool = False
    decision_number: str = ""
    decision_date: dt.date | None = None
    decision_signer: str = ""
    effective_from: dt.date | None = None
    source: str = ""
    source_url: str = ""
    status: str = ""  # wanted status from our own export; "" lets the importer decide
    channels: list[ChannelRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    legal_bases: list[LegalBasisRecord] = field(default_factory=list)
    review_notes: list[str] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A stable hash of the content, so that re-importing the same record changes nothing."""
        data = dataclasses.asdict(self)
        data.pop("status", None)
        blob = json.dumps(data, sort_keys=True, default=_json_default, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))
