"""Official slips as PDF (WeasyPrint): receipt with QR code, supplement request, refusal, apology, stop
notice, process control slip (A5) and the dossier register (A4, also xlsx)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.db.models import Q
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.text import format_lazy

from motcua.catalogue.models import TimeUnit
from motcua.core.formats import phone
from motcua.core.spreadsheet import row_escape
from motcua.core.text import nfc
from motcua.documents.models import (
    CIRCULAR_2018,
    CIRCULAR_2025,
    CIRCULAR_2025_FROM,
    DEFAULT_FORM_NUMBERS,
    FORM_NUMBERS_2018,
    SlipKind,
    SlipTemplate,
)
from motcua.documents.rendering import html_to_pdf
from motcua.dossiers.models import Dossier, DossierDocument, Task, Transition
from motcua.organisation.models import Agency


def lookup_url(dossier: Dossier) -> str:
    """The public lookup URL printed as a QR code on the receipt."""
    base: str = getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    return f"{base.rstrip('/')}/tra-cuu/?ma={dossier.code}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


_COMMITTEE = re.compile(r"^(ủy|uỷ) ban nhân dân\b", re.IGNORECASE)


def _header_name(name: str) -> str:
    """A name as slip headers write it: "Ủy ban nhân dân tỉnh Quảng Ninh" → "UBND tỉnh Quảng Ninh"."""
    return _COMMITTEE.sub("UBND", nfc(name))


def governing_body(agency: Agency) -> str:
    """The line above the agency in a slip's header: the nearest people's committee above it (a
    department → "UBND tỉnh Quảng Ninh"; a commune → the province), else its parent, else the setting
    SLIP_GOVERNING_BODY (an agency outside the tree, e.g. a police force)."""
    parents: list[Agency] = []
    current = agency.parent
    while current is not None and len(parents) < 10:  # 10: a guard against a cycle in bad data
        parents.append(current)
        current = current.parent
    committee = next((a for a in parents if a.kind == Agency.Kind.PEOPLES_COMMITTEE), None)
    chosen = committee or (parents[0] if parents else None)
    if chosen is not None:
        return _header_name(chosen.name)
    return str(getattr(settings, "SLIP_GOVERNING_BODY", ""))


def follows_2018_circular(dossier: Dossier) -> bool:
    """A dossier received before 15 Sep 2025 keeps the slips of Circular 01/2018 when printed again."""
    received = dossier.received_at or dossier.submitted_at
    return received is not None and timezone.localtime(received).date() < CIRCULAR_2025_FROM


def _form(kind: str, custom: SlipTemplate | None, legacy: bool) -> tuple[str, str]:
    """(form number, circular) printed on the slip ``kind``."""
    if legacy and kind in FORM_NUMBERS_2018:
        return FORM_NUMBERS_2018[SlipKind(kind)], CIRCULAR_2018
    number = custom.form_number if custom and custom.form_number else DEFAULT_FORM_NUMBERS[SlipKind(kind)]
    return number, custom.circular if custom else CIRCULAR_2025


def _render_html(kind: str, context: dict[str, Any], *, legacy: bool = False) -> str:
    custom = SlipTemplate.objects.filter(kind=kind).first()
    form_number, circular = _form(kind, custom, legacy)
    context = {
        **context,
        "form_number": form_number,
        "circular": circular,
        "province_name": settings.PROVINCE_NAME,
        "printed_at": timezone.localtime(),
    }
    with translation.override("vi"):
        if custom and custom.body.strip():
            return Template(custom.body).render(Context(context))
        return get_template(f"documents/{kind}.html").render(context)


# The transition each slip is about (the newest one of these actions). A dossier without one has no such
# slip: no receipt before reception, no apology without an apology.
SLIP_ACTIONS: dict[str, tuple[str, ...]] = {
    SlipKind.RECEIPT: ("received",),
    SlipKind.SUPPLEMENT: ("supplement_requested",),
    SlipKind.REFUSAL: ("refused", "rejected"),
    SlipKind.APOLOGY: ("apologised",),
    SlipKind.STOP: ("stopped",),
}


# Slips handed to the applicant carry the QR code of the lookup page (the process control slip stays inside).
APPLICANT_SLIPS = frozenset({SlipKind.RECEIPT, SlipKind.SUPPLEMENT, SlipKind.REFUSAL, SlipKind.APOLOGY, SlipKind.STOP})


class SlipUnavailable(LookupError):
    """The dossier never had the event the slip is about."""


def slip_event(transitions: Sequence[Transition], kind: str) -> Transition | None:
    """The transition the slip ``kind`` reads its reason, date and signer from: the newest one of its
    actions; for the control slip (which lists them all) the newest transition."""
    actions = SLIP_ACTIONS.get(kind)
    if actions is None:
        return transitions[-1] if transitions else None
    return next((t for t in reversed(transitions) if t.action in actions), None)


@dataclass
class HandedIn:
    """One line of the receipt's document list: paper originals and copies, and uploaded files."""

    name: str
    originals: int = 0
    copies: int = 0
    files: int = 0

    @property
    def electronic_only(self) -> bool:
        return self.files > 0 and not self.originals and not self.copies


def handed_in(dossier: Dossier) -> list[HandedIn]:
    """What the applicant handed in or uploaded, never the results the agency attached later. Rows of the
    same required document (the paper and its scan, or several uploaded files) make one line."""
    lines: dict[object, HandedIn] = {}
    for doc in dossier.documents.filter(kind=DossierDocument.Kind.RECEIVED).order_by("id"):
        key = ("required", doc.required_id) if doc.required_id is not None else ("name", doc.name)
        line = lines.setdefault(key, HandedIn(name=doc.name))
        line.originals += doc.originals
        line.copies += doc.copies
        line.files += 1 if doc.file else 0
    return list(lines.values())


def slip_context(dossier: Dossier, kind: str = SlipKind.CONTROL) -> dict[str, Any]:
    """What a slip template reads. ``event`` is the transition the slip is about (``last`` is the same,
    kept for centres' own templates written before)."""
    version = dossier.version
    transitions = list(dossier.transitions.select_related("actor", "agency", "task").order_by("at", "id"))
    event = slip_event(transitions, kind)
    if event is None and kind in SLIP_ACTIONS:
        raise SlipUnavailable(f"{dossier} has no {kind} slip")
    tasks = list(dossier.tasks.select_related("agency", "assignee").order_by("position", "id"))
    context = {
        "dossier": dossier,
        "version": version,
        "documents": handed_in(dossier),
        "transitions": transitions,
        "tasks": tasks,
        "handovers": handovers(tasks),
        "governing_body": governing_body(dossier.agency),
        "agency_name": _header_name(dossier.agency.name),
        "event": event,
        "last": event,
        "qr": qr_data_uri(lookup_url(dossier)) if dossier.code and kind in APPLICANT_SLIPS else "",
        "lookup_url": lookup_url(dossier) if dossier.code else "",
    }
    if kind == SlipKind.RECEIPT:
        context.update(_receipt_facts(dossier))
    if kind == SlipKind.APOLOGY and event is not None:
        context.update(_apology_dates(dossier, transitions, event))
    return context


@dataclass
class Handover:
    """One row of the process control slip (form 06): who handed the dossier to whom, when, and how the
    giving step ended against its deadline."""

    at: dt.datetime
    giver_agency: str
    giver: str
    receiver_agency: str
    receiver: str
    verdict: str


def handovers(tasks: Sequence[Task]) -> list[Handover]:
    """The hand-overs between successive steps (consultations aside): the giving step's end, the
    receiving step's start."""
    from motcua.core.templatetags.motcua import person_name

    steps = [t for t in tasks if not t.is_consultation]
    rows = []
    for giver, receiver in zip(steps, steps[1:], strict=False):
        if giver.finished_at is None or receiver.position == giver.position:
            continue
        rows.append(
            Handover(
                at=giver.finished_at,
                giver_agency=giver.agency.name,
                giver=person_name(giver.assignee),
                receiver_agency=receiver.agency.name,
                receiver=person_name(receiver.assignee),
                verdict=giver.verdict,
            )
        )
    return rows


def register_entry(dossier: Dossier) -> tuple[str, int] | None:
    """Where the dossier stands in its agency's register: the book is the year of reception, the row its
    rank among the agency's dossiers received that year (by time of reception, then id)."""
    if dossier.received_at is None:
        return None
    local = timezone.localtime(dossier.received_at)
    start = local.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    same_year = Dossier.objects.filter(
        agency_id=dossier.agency_id, received_at__gte=start, received_at__lt=start.replace(year=start.year + 1)
    )
    before = Q(received_at__lt=dossier.received_at) | Q(received_at=dossier.received_at, pk__lte=dossier.pk)
    return str(local.year), same_year.filter(before).count()


def _receipt_facts(dossier: Dossier) -> dict[str, Any]:
    """What form 01 adds: the statutory time limit (as taken at reception) and the register book and row."""
    limit: Any = ""
    if dossier.time_limit is not None:
        number = f"{dossier.time_limit.normalize():f}".replace(".", ",")
        unit = TimeUnit(dossier.time_unit).label if dossier.time_unit in TimeUnit.values else dossier.time_unit
        limit = format_lazy("{} {}", number, unit)  # the unit in the slip's language (Vietnamese)
    book, row = register_entry(dossier) or ("", 0)
    return {"time_limit": limit, "register_book": book, "register_row": row}


def _apology_dates(dossier: Dossier, transitions: Sequence[Transition], apology: Transition) -> dict[str, Any]:
    """The appointment the apology breaks (the due date set by the latest reception or resubmission before
    it) and the new one it gives (the dossier's due date recorded with the apology)."""
    restart = next((t for t in reversed(transitions[: transitions.index(apology)]) if t.action == "resubmitted"), None)
    previous = restart.step_deadline if restart is not None else dossier.original_due_at
    return {"previous_due_at": previous, "new_due_at": apology.step_deadline or dossier.due_at}


def slip_pdf(dossier: Dossier, kind: str) -> bytes:
    """The PDF of one slip of ``dossier``; SlipUnavailable when the dossier never had its event."""
    if kind == SlipKind.REGISTER:
        raise ValueError("the register covers many dossiers: use register_pdf")
    return html_to_pdf(_render_html(kind, slip_context(dossier, kind), legacy=follows_2018_circular(dossier)))


def register_pdf(
    dossiers: Sequence[Dossier],
    *,
    start: dt.date,
    end: dt.date,
    agency_name: str = "",
    agency: Agency | None = None,
) -> bytes:
    """The dossier register (form 07) of ``agency`` (its header as on the slips), or of a named office."""
    header = (
        {"governing_body": governing_body(agency), "agency_name": _header_name(agency.name)}
        if agency is not None
        else {"governing_body": settings.PROVINCE_NAME, "agency_name": agency_name}
    )
    rows = register_rows(dossiers)
    return html_to_pdf(_render_html(SlipKind.REGISTER, {"rows": rows, "start": start, "end": end, **header}))


@dataclass
class RegisterRow:
    """One line of the dossier register (form 07)."""

    dossier: Dossier
    handling_agencies: str
    transferred_at: dt.datetime | None
    back_from_agency_at: dt.datetime | None
    notes: str


NOTE_ACTIONS = {
    "supplement_requested": "Yêu cầu bổ sung",
    "apologised": "Xin lỗi, hẹn lại",
    "refused": "Từ chối",
    "rejected": "Từ chối",
    "stopped": "Dừng xử lý",
    "withdrawn": "Rút hồ sơ",
}


def register_rows(dossiers: Sequence[Dossier]) -> list[RegisterRow]:
    """The register's facts per dossier, read in three queries whatever the number of dossiers: the
    agencies that handled it, when the desk transferred it, when the result came back from the agency
    (the dossier finished), and notes (supplements, apologies, refusals)."""
    ids = [d.pk for d in dossiers]
    agencies: dict[int, list[str]] = {}
    for dossier_id, name in (
        Task.objects.filter(dossier_id__in=ids, is_consultation=False)
        .exclude(kind__in=["receive", "return"])
        .order_by("dossier_id", "position", "id")
        .values_list("dossier_id", "agency__name")
    ):
        names = agencies.setdefault(dossier_id, [])
        if name not in names:
            names.append(name)
    transferred: dict[int, dt.datetime] = {}
    notes: dict[int, list[str]] = {}
    for dossier_id, action, at in (
        Transition.objects.filter(dossier_id__in=ids, action__in=["forwarded", *NOTE_ACTIONS])
        .order_by("at", "id")
        .values_list("dossier_id", "action", "at")
    ):
        if action == "forwarded":
            transferred.setdefault(dossier_id, at)
        else:
            notes.setdefault(dossier_id, []).append(f"{NOTE_ACTIONS[action]} {timezone.localtime(at):%d/%m/%Y}")
    return [
        RegisterRow(
            dossier=d,
            handling_agencies=", ".join(agencies.get(d.pk, [])),
            transferred_at=transferred.get(d.pk),
            back_from_agency_at=d.finished_at,
            notes="; ".join(notes.get(d.pk, [])),
        )
        for d in dossiers
    ]


REGISTER_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Người nộp",
    "Địa chỉ, số điện thoại",
    "Cơ quan giải quyết",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày chuyển hồ sơ",
    "Ngày nhận kết quả từ cơ quan",
    "Ngày trả kết quả",
    "Trạng thái",
    "Ghi chú",
]


def register_xlsx(dossiers: Sequence[Dossier]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "So theo doi"
    sheet.append(REGISTER_COLUMNS)

    def fmt(value: dt.datetime | None) -> str:
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""

    for i, row in enumerate(register_rows(dossiers), start=1):
        d = row.dossier
        sheet.append(
            row_escape(
                [
                    i,
                    d.code,
                    d.version.name,
                    d.applicant_name,
                    ", ".join(x for x in (d.applicant_address, phone(d.applicant_phone)) if x),
                    row.handling_agencies,
                    fmt(d.received_at),
                    fmt(d.due_at),
                    fmt(row.transferred_at),
                    fmt(row.back_from_agency_at),
                    fmt(d.returned_at),
                    d.get_status_display(),
                    row.notes,
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
