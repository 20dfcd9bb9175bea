"""Form 07 (the register) served per agency and period, its columns; form 06's hand-overs; dossiers from
before Circular 03/2025 keep the 2018 forms."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.core.models import AuditLog
from motcua.documents.slips import register_xlsx, slip_pdf
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_request_supplement
from tests.conftest import Cast
from tests.dossiers.factories import at, procedure_for, received

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_register_adds_the_handling_agency_the_transfer_and_return_dates_and_notes(cast: Cast) -> None:
    version = procedure_for(cast)
    forwarded = dossier_forward(actor=cast.officer, dossier=received(cast, version=version), at=at("2027-03-02 08:00"))
    done = dossier_approve(actor=cast.head, dossier=forwarded, at=at("2027-03-03 08:00"))
    sent_back = dossier_request_supplement(
        actor=cast.officer, dossier=received(cast, "2027-03-01 09:00", version=version), missing="Bản sao"
    )
    sheet = load_workbook(io.BytesIO(register_xlsx([done, sent_back]))).active
    header = [c.value for c in sheet[1]]
    first, second = (dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert first["Cơ quan giải quyết"] == cast.agency.name
    assert first["Ngày chuyển hồ sơ"] == "02/03/2027 08:00"
    assert first["Ngày nhận kết quả từ cơ quan"] == "03/03/2027 08:00"
    assert second["Ghi chú"].startswith("Yêu cầu bổ sung")


def test_a_clerk_prints_the_register_of_their_agency_and_the_read_is_audited(cast: Cast, tmp_path: Path) -> None:
    dossier = received(cast, "2027-03-01 08:00")
    client = logged_in(cast.clerk)
    response = client.get(
        "/backoffice/so-theo-doi/",
        {"agency": cast.agency.pk, "from": "2027-03-01", "to": "2027-03-31", "format": "pdf"},
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert dossier.code in pdf_text(response.content, tmp_path)
    xlsx = client.get(
        "/backoffice/so-theo-doi/",
        {"agency": cast.agency.pk, "from": "2027-03-01", "to": "2027-03-31", "format": "xlsx"},
    )
    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(row=2, column=2).value == dossier.code
    assert AuditLog.objects.filter(action="register.downloaded", actor=cast.clerk).count() == 2


def test_a_clerk_cannot_print_another_agencys_register(cast: Cast) -> None:
    received(cast, "2027-03-01 08:00")
    response = logged_in(cast.other_clerk).get(
        "/backoffice/so-theo-doi/",
        {"agency": cast.agency.pk, "from": "2027-03-01", "to": "2027-03-31", "format": "pdf"},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("start", "end"),
    [("2027-03-31", "2027-03-01"), ("2027-02-30", "2027-03-01"), ("2020-01-01", "2027-01-01"), ("1900-01-01", "x")],
)
def test_a_bad_period_is_a_400_with_a_message(cast: Cast, start: str, end: str) -> None:
    response = logged_in(cast.clerk).get(
        "/backoffice/so-theo-doi/", {"agency": cast.agency.pk, "from": start, "to": end, "format": "pdf"}
    )
    assert response.status_code == 400


def test_the_control_slip_lists_each_hand_over_with_giver_receiver_and_verdict(cast: Cast, tmp_path: Path) -> None:
    forwarded = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    text = pdf_text(slip_pdf(forwarded, "control"), tmp_path)
    assert "Giao, nhận hồ sơ" in text
    assert "08:00 02/03/2027" in text
    assert "Trần Văn Minh" in text  # the officer who handed the appraised dossier on


def test_a_dossier_received_before_15_september_2025_keeps_the_2018_forms(cast: Cast, tmp_path: Path) -> None:
    old = received(cast, "2025-09-12 08:00")
    new = received(cast, "2025-09-15 08:00")
    assert "Mẫu số 01 — Thông tư 01/2018/TT-VPCP" in pdf_text(slip_pdf(old, "receipt"), tmp_path)
    assert "Mẫu số 05 — Thông tư 01/2018/TT-VPCP" in pdf_text(slip_pdf(old, "control"), tmp_path)
    assert "Mẫu số 01 — Thông tư 03/2025/TT-VPCP" in pdf_text(slip_pdf(new, "receipt"), tmp_path)
    assert "Mẫu số 06 — Thông tư 03/2025/TT-VPCP" in pdf_text(slip_pdf(new, "control"), tmp_path)
