"""The day's hand-over list (bảng kê bàn giao) for the postal worker: an A4 PDF through the project's PDF
helper and an xlsx whose cells go through core.spreadsheet's escaping."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from motcua.core.formats import phone
from motcua.core.spreadsheet import row_escape
from motcua.documents.rendering import html_to_pdf
from motcua.postal.models import Shipment

HANDOVER_COLUMNS = [
    "STT",
    "Số hiệu bưu gửi",
    "Mã hồ sơ",
    "Người nhận",
    "Địa chỉ",
    "Điện thoại",
    "Cước (đồng)",
    "Giờ giao",
]


def handover_html(shipments: Sequence[Shipment], day: dt.date) -> str:
    with translation.override("vi"):
        return get_template("postal/handover.html").render(
            {
                "shipments": shipments,
                "day": day,
                "province_name": settings.PROVINCE_NAME,
                "total_fee": sum((s.fee for s in shipments), start=0),
                "printed_at": timezone.localtime(),
            }
        )


def handover_pdf(shipments: Sequence[Shipment], day: dt.date) -> bytes:
    return html_to_pdf(handover_html(shipments, day))


def handover_xlsx(shipments: Sequence[Shipment], day: dt.date) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"Ban giao {day:%d-%m-%Y}"
    sheet.append(HANDOVER_COLUMNS)
    for i, s in enumerate(shipments, start=1):
        sheet.append(
            row_escape(
                [
                    i,
                    s.tracking_number,
                    s.dossier.code,
                    s.recipient,
                    s.address,
                    phone(s.phone),
                    int(s.fee),
                    timezone.localtime(s.handed_over_at).strftime("%H:%M %d/%m/%Y"),
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
