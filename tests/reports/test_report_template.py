"""The national monthly reporting template: a layout an administrator can change, filled from the report."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import load_workbook

from motcua.reports.figures import report_figures
from motcua.reports.models import ReportTemplate
from motcua.reports.quality import quality_index
from motcua.reports.templates import DEFAULT_MONTHLY, layout_errors, template_report
from tests.conftest import Cast
from tests.dossiers.factories import received

pytestmark = pytest.mark.django_db
MARCH = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 3, 31)}


def report_for(template: ReportTemplate) -> dict[str, Any]:
    return template_report(template=template, figures=report_figures(**MARCH), index=quality_index(**MARCH))


def values(report: dict[str, Any]) -> dict[str, Any]:
    return {row.label: row.value for row in report["rows"] if not row.heading}


def test_the_default_layout_is_valid_and_filled_from_the_report(cast: Cast) -> None:
    assert layout_errors(DEFAULT_MONTHLY.layout) == []
    received(cast, "2027-03-01 08:00")
    received(cast, "2027-03-02 08:00", channel="online")
    filled = values(report_for(DEFAULT_MONTHLY))
    assert filled["Số hồ sơ tiếp nhận"] == 2
    assert filled["Trong đó: tiếp nhận trực tuyến"] == 1
    assert filled["Tiếp nhận trực tiếp và qua bưu chính"] == 1  # an expression: received - online
    assert filled["Số hồ sơ đang giải quyết"] == 2


def test_an_administrator_changes_the_layout(cast: Cast, tmp_path: Path) -> None:
    ReportTemplate.objects.create(
        code="monthly",
        name="Tháng",
        form_number="Mẫu 9",
        title="Báo cáo riêng của tỉnh",
        layout="A | Hồ sơ |\n1 | Tiếp nhận cộng trực tuyến | dossiers.received + dossiers.online\n"
        "2 | Điểm 766 | quality.score",
    )
    received(cast, "2027-03-01 08:00", channel="online")
    out = tmp_path / "thang.xlsx"
    call_command("monthly-report", "--month", "2027-03", "--output", str(out))
    sheet = load_workbook(out).active
    assert sheet is not None
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert ["STT", "Chỉ tiêu", "Số liệu"] in [list(r[:3]) for r in cells]
    assert ["1", "Tiếp nhận cộng trực tuyến", 2] in [list(r[:3]) for r in cells]
    assert any(r[0] and "BÁO CÁO RIÊNG" in str(r[0]) for r in cells)
    assert any("Mẫu 9" in str(c) for r in cells for c in r if c)


def test_a_layout_with_an_unknown_figure_is_refused() -> None:
    template = ReportTemplate(code="x", name="x", title="x", layout="1 | Hồ sơ | dossiers.recieved\n2 | Sai | 1 * 2")
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    messages = " ".join(caught.value.message_dict["layout"])
    assert "dossiers.recieved" in messages and "1 * 2" in messages


def test_the_pdf_is_an_a4_document(cast: Cast, tmp_path: Path) -> None:
    out = tmp_path / "thang.pdf"
    call_command("monthly-report", "--month", "2027-03", "--format", "pdf", "--output", str(out))
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("month", ["2027-13", "2027-3", "march", "1800-01"])
def test_a_bad_month_is_a_clear_error(db: None, month: str, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("monthly-report", "--month", month, "--output", str(tmp_path / "x.xlsx"))


def test_an_unknown_template_is_a_clear_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="nope"):
        call_command("monthly-report", "--month", "2027-03", "--template", "nope", "--output", str(tmp_path / "x"))


def test_the_dashboard_downloads_the_template(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.supervisor)
    response = client.get(
        "/backoffice/bao-cao/", {"from": "2027-03-01", "to": "2027-03-31", "download": "template-xlsx"}
    )
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert load_workbook(BytesIO(response.content)).active is not None
