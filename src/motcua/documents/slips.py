"""Official slips as PDF (WeasyPrint): receipt with QR code, supplement request, refusal, apology, stop
notice, process control slip (A5) and the dossier register (A4, also xlsx)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import segno
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import timezone, translation

from motcua.documents.models import DEFAULT_FORM_NUMBERS, SlipKind, SlipTemplate
from motcua.dossiers.models import Dossier, DossierDocument


def lookup_url(dossier: Dossier) -> str:
    """The public lookup URL printed as a QR code on the receipt."""
    base: str = getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    return f"{base.rstrip('/')}/tra-cuu/?ma={dossier.code}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def _render_html(kind: str, context: dict[str, Any]) -> str:
    custom = SlipTemplate.objects.filter(kind=kind).first()
    context = {
        **context,
        "form_number": (custom.form_number if custom and custom.form_number else DEFAULT_FORM_NUMBERS[SlipKind(kind)]),
        "circular": custom.circular if custom else "03/2025/TT-VPCP",
        "province_name": settings.PROVINCE_NAME,
        "printed_at": timezone.localtime(),
    }
    with translation.override("vi"):
        if custom and custom.body.strip():
            return Template(custom.body).render(Context(context))
        return get_template(f"documents/{kind}.html").render(context)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def slip_context(dossier: Dossier) -> dict[str, Any]:
    version = dossier.version
    transitions = list(dossier.transitions.select_related("actor", "agency", "task").order_by("id"))
    return {
        "dossier": dossier,
        "version": version,
        # What the applicant handed in or uploaded: never the results the agency attached later.
        "documents": list(dossier.documents.filter(kind=DossierDocument.Kind.RECEIVED).order_by("id")),
        "transitions": transitions,
        "tasks": list(dossier.tasks.select_related("agency", "assignee").order_by("position", "id")),
        "last": transitions[-1] if transitions else None,
        "qr": qr_data_uri(lookup_url(dossier)) if dossier.code else "",
        "lookup_url": lookup_url(dossier) if dossier.code else "",
    }


def slip_pdf(dossier: Dossier, kind: str) -> bytes:
    """The PDF of one slip of ``dossier``."""
    if kind == SlipKind.REGISTER:
        raise ValueError("the register covers many dossiers: use register_pdf")
    return html_to_pdf(_render_html(kind, slip_context(dossier)))


def register_pdf(dossiers: Sequence[Dossier], *, start: dt.date, end: dt.date, agency_name: str = "") -> bytes:
    return html_to_pdf(
        _render_html(SlipKind.REGISTER, {"dossiers": dossiers, "start": start, "end": end, "agency_name": agency_name})
    )


REGISTER_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Người nộp",
    "Địa chỉ, số điện thoại",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày trả kết quả",
    "Trạng thái",
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

    for i, d in enumerate(dossiers, start=1):
        sheet.append(
            [
                i,
                d.code,
                d.version.name,
                d.applicant_name,
                ", ".join(x for x in (d.applicant_address, d.applicant_phone) if x),
                fmt(d.received_at),
                fmt(d.due_at),
                fmt(d.returned_at),
                d.get_status_display(),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
