"""The national monthly reporting template: a layout (ReportTemplate, or the default below when the centre
has none) filled from ``report_figures`` and ``quality_index``, written as xlsx or an A4 PDF."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from motcua.core.spreadsheet import row_escape
from motcua.documents.rendering import html_to_pdf
from motcua.reports.figures import flat_rows
from motcua.reports.models import ReportTemplate

MONTHLY = "monthly"

# The form's wording is Vietnamese, as the national form (an administrator changes it in the admin).
DEFAULT_MONTHLY = ReportTemplate(
    code=MONTHLY,
    name="Báo cáo tháng",
    form_number="Mẫu số 01",
    title="Báo cáo tình hình, kết quả thực hiện cơ chế một cửa, một cửa liên thông",
    layout="""\
I | Thủ tục hành chính |
1 | Tổng số thủ tục hành chính đang thực hiện | procedures.total
2 | Thủ tục thực hiện theo hình thức "5 tại chỗ" | procedures.five_on_site.count
II | Tiếp nhận và giải quyết hồ sơ |
1 | Số hồ sơ tiếp nhận | dossiers.received
1.1 | Trong đó: tiếp nhận trực tuyến | dossiers.online
1.2 | Tiếp nhận trực tiếp và qua bưu chính | dossiers.received - dossiers.online
2 | Số hồ sơ đã giải quyết | dossiers.resolved
2.1 | Giải quyết đúng hạn và trước hạn | dossiers.on_time_or_early
2.2 | Giải quyết quá hạn | dossiers.late
3 | Số hồ sơ đang giải quyết | dossiers.received - dossiers.resolved
4 | Kết quả điện tử có chữ ký số | signed_results
5 | Kết quả trả qua dịch vụ bưu chính công ích | postal_returns
III | Hướng dẫn, hỗ trợ, thông tin |
1 | Lượt hướng dẫn | guidance_sessions
2 | Cuộc gọi đường dây nóng | hotline_calls
3 | Tin nhắn SMS đã gửi | sms_sent
IV | Đánh giá mức độ hài lòng |
1 | Số phiếu đánh giá | surveys.total
1.1 | Rất hài lòng | surveys.satisfaction.very_satisfied
1.2 | Hài lòng | surveys.satisfaction.satisfied
1.3 | Bình thường | surveys.satisfaction.neutral
1.4 | Không hài lòng | surveys.satisfaction.dissatisfied
V | Chỉ số chất lượng phục vụ (Quyết định 766/QĐ-TTg) |
1 | Điểm đạt được | quality.score
2 | Số điểm được đánh giá | quality.assessed_points
3 | Điểm quy đổi thang 100 | quality.score_100
""",
)

KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


@dataclass
class Row:
    number: str
    label: str
    expression: str
    value: Any = None

    @property
    def heading(self) -> bool:
        return not self.expression


def parse_layout(layout: str) -> list[Row]:
    rows = []
    for line in layout.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (3 - len(parts))
        rows.append(Row(parts[0], parts[1], "|".join(parts[2:]).strip("| ")))
    return rows


def _terms(expression: str) -> list[tuple[int, str]]:
    """``a + b - c`` → [(1, a), (1, b), (-1, c)]; raises ValueError on anything else."""
    tokens = re.split(r"\s*([+-])\s*", expression.strip())
    terms, sign = [], 1
    for i, part in enumerate(tokens):
        if i % 2:
            sign = -1 if part == "-" else 1
        elif KEY.match(part):
            terms.append((sign, part))
        else:
            raise ValueError(part)
    return terms


def known_keys() -> set[str]:
    """The keys a layout may use: those of the report and the index of any period (one day's)."""
    return {key for key, _v in flat_rows(_sample_figures())}


def _sample_figures() -> dict[str, Any]:
    import datetime as dt

    from motcua.reports.figures import report_figures
    from motcua.reports.quality import quality_index

    day = dt.date(2025, 1, 1)
    return values_for(report_figures(start=day, end=day), quality_index(start=day, end=day))


def layout_errors(layout: str) -> list[str]:
    errors = []
    keys = known_keys()
    rows = parse_layout(layout)
    if not rows:
        return [_("The layout has no rows.")]
    for n, row in enumerate(rows, start=1):
        if not row.label:
            errors.append(_("Row %(row)d: the label is empty.") % {"row": n})
        if row.heading:
            continue
        try:
            terms = _terms(row.expression)
        except ValueError:
            errors.append(_("Row %(row)d: %(text)s is not a figure key.") % {"row": n, "text": row.expression[:80]})
            continue
        for _sign, key in terms:
            if key not in keys:
                errors.append(_("Row %(row)d: unknown figure %(key)s.") % {"row": n, "key": key})
    return errors


def values_for(figures: dict[str, Any], index: dict[str, Any]) -> dict[str, Any]:
    """Every figure by key: the report's (``dossiers.received``) and the index's (``quality.…``)."""
    quality: dict[str, Any] = {
        "score": index["score"],
        "assessed_points": index["assessed_points"],
        "score_100": index["score_100"],
    }
    for group in index["groups"]:
        quality[group["key"]] = {
            "score": group["score"],
            **{
                i["key"]: {k: i[k] for k in ("numerator", "denominator", "value", "score")} for i in group["indicators"]
            },
        }
    return {**figures, "quality": quality}


def fill(template: ReportTemplate, values: dict[str, Any]) -> list[Row]:
    flat = dict(flat_rows(values))
    rows = parse_layout(template.layout)
    for row in rows:
        if row.heading:
            continue
        total: Any = 0
        for sign, key in _terms(row.expression):
            value = flat.get(key)
            if value is None:
                total = None
                break
            total += sign * value
        row.value = round(total, 2) if isinstance(total, float) else total
    return rows


def monthly_template(code: str = MONTHLY) -> ReportTemplate:
    found = ReportTemplate.objects.filter(code=code).first()
    if found is None and code != MONTHLY:
        raise ReportTemplate.DoesNotExist(code)
    return found or DEFAULT_MONTHLY


def template_report(*, template: ReportTemplate, figures: dict[str, Any], index: dict[str, Any]) -> dict[str, Any]:
    issuing = template.issuing_body or f"UBND tỉnh {settings.PROVINCE_NAME}"
    return {
        "template": template,
        "issuing_body": issuing,
        "agency": figures.get("agency"),
        "period": figures["period"],
        "rows": fill(template, values_for(figures, index)),
    }


def _shown(value: Any) -> Any:
    return "N/A" if value is None else value


def template_xlsx(report: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    template: ReportTemplate = report["template"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Bao cao thang"
    bold = Font(bold=True)
    sheet.append(row_escape([report["issuing_body"].upper(), "", template.form_number]))
    if report["agency"]:
        sheet.append(row_escape([report["agency"]["name"].upper()]))
    sheet.append(row_escape([template.title.upper()]))
    sheet.append(row_escape([f"Từ ngày {report['period']['from']} đến ngày {report['period']['to']}"]))
    sheet.append([])
    sheet.append(["STT", "Chỉ tiêu", "Số liệu"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in report["rows"]:
        sheet.append(row_escape([row.number, row.label, "" if row.heading else _shown(row.value)]))
        if row.heading:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 14
    for cells in sheet.iter_rows(min_col=2, max_col=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_pdf(report: dict[str, Any]) -> bytes:
    html = render_to_string("reports/template_pdf.html", {**report, "na": "N/A"})
    return html_to_pdf(html)
