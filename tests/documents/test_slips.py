import datetime as dt
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from motcua.catalogue.records import DocumentRecord
from motcua.documents.models import SlipTemplate
from motcua.documents.slips import lookup_url, register_pdf, register_xlsx, slip_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    ReceivedDocument,
    dossier_apologise,
    dossier_approve,
    dossier_forward,
    dossier_receive,
    dossier_request_supplement,
    dossier_result_attach,
    dossier_stop,
    dossier_submit,
)
from motcua.dossiers.uploads import dossier_document_attach
from tests.conftest import Cast, make_agency, make_procedure
from tests.dossiers.factories import applicant, at, procedure_for, received
from tests.pdfs import minimal_pdf

NAME = "Nguyễn Thị Ánh Tuyết"
PDF = minimal_pdf()  # a result must be a readable PDF: it gets signed


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())  # table cells wrap: compare words, not lines


def in_order(text: str, *parts: str) -> bool:
    """Every part is in ``text``, each after the one before (header columns interleave in pdftotext)."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def test_the_receipt_prints_the_applicant_with_every_diacritic_and_the_due_date(cast: Cast, tmp_path: Path) -> None:
    dossier = received(cast, "2027-03-01 08:00", applicant=applicant(name=NAME))
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert NAME in text
    assert dossier.code in text
    assert "15/03/2027" in text
    assert "Mẫu số 01" in text


def test_the_receipt_qr_code_decodes_to_the_lookup_url(cast: Cast, tmp_path: Path) -> None:
    dossier = received(cast)
    (tmp_path / "r.pdf").write_bytes(slip_pdf(dossier, "receipt"))
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True, check=True
    ).stdout
    assert decoded.strip() == lookup_url(dossier)
    assert dossier.code in decoded


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("supplement", "Bản sao giấy khai sinh"),
        ("apology", "xin lỗi"),
        ("stop", "dừng xử lý"),
        ("control", "Thẩm định"),
    ],
)
def test_every_slip_renders_its_own_content(cast: Cast, tmp_path: Path, kind: str, words: str) -> None:
    dossier = received(cast, applicant=applicant(name=NAME))
    if kind == "supplement":
        dossier = dossier_request_supplement(actor=cast.officer, dossier=dossier, missing="Bản sao giấy khai sinh")
    elif kind == "apology":
        dossier = dossier_apologise(
            actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=dossier.due_at + dt.timedelta(days=7)
        )
    elif kind == "stop":
        dossier = dossier_stop(actor=cast.leader, dossier=dossier, reason="Theo đề nghị")
    text = pdf_text(slip_pdf(dossier, kind), tmp_path)
    assert words.lower() in text.lower()
    assert NAME in text


def test_a_centre_can_renumber_a_form(cast: Cast, tmp_path: Path) -> None:
    SlipTemplate.objects.create(kind="receipt", form_number="01/TN", circular="01/2018/TT-VPCP")
    text = pdf_text(slip_pdf(received(cast), "receipt"), tmp_path)
    assert "Mẫu số 01/TN" in text
    assert "01/2018/TT-VPCP" in text


def test_the_register_lists_every_dossier_in_pdf_and_xlsx(cast: Cast, tmp_path: Path) -> None:
    dossiers = [received(cast, applicant=applicant(name=NAME)), received(cast, applicant=applicant(name="Lê Văn Đức"))]
    text = pdf_text(
        register_pdf(dossiers, start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31), agency_name="Sở Tư pháp"), tmp_path
    )
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Lê Văn Đức" in text
    sheet = load_workbook(io.BytesIO(register_xlsx(dossiers))).active
    assert [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)] == [NAME, "Lê Văn Đức"]


# --- issue #9: the receipt lists what the applicant handed in -------------------------------------------


def papers(cast: Cast, count: int = 1) -> dict[str, Any]:
    """A procedure requiring ``count`` documents, and those documents handed in at the counter."""
    names = [f"Giấy tờ số {i} của người yêu cầu" for i in range(1, count + 1)]
    version = procedure_for(cast, documents=[DocumentRecord(name=n, originals=1, copies=1) for n in names])
    handed = [ReceivedDocument(name=d.name, originals=1, copies=1, required_id=d.pk) for d in version.documents.all()]
    return {"version": version, "documents": handed}


def finished(cast: Cast, **kw: Any) -> Dossier:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast, **kw), at=at("2027-03-02 08:00"))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))


def test_a_reprinted_receipt_does_not_list_the_result_as_a_submitted_document(
    cast: Cast, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    dossier = finished(cast, **papers(cast))
    upload = SimpleUploadedFile("kq.pdf", PDF, content_type="application/pdf")
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=upload, name="Phiếu lý lịch tư pháp số 1")
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert "Giấy tờ số 1 của người yêu cầu" in text
    assert "Phiếu lý lịch tư pháp số 1" not in text


def test_the_receipt_writes_the_phone_and_the_fee_the_vietnamese_way(cast: Cast, tmp_path: Path) -> None:
    dossier = received(cast, applicant=applicant(phone="0912345678"))
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert "0912 345 678" in text and "+84" not in text
    assert "200.000 đồng" in text and "VND" not in text


def test_the_register_writes_phones_the_vietnamese_way(cast: Cast, tmp_path: Path) -> None:
    dossiers = [received(cast)]
    text = pdf_text(register_pdf(dossiers, start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31)), tmp_path)
    assert "0912 345 678" in text
    sheet = load_workbook(io.BytesIO(register_xlsx(dossiers))).active
    assert "0912 345 678" in next(sheet.iter_rows(min_row=2, values_only=True))[4]


def test_an_online_receipt_shows_the_uploaded_files_not_zero_originals(
    cast: Cast, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    version = papers(cast, 2)["version"]
    first, second = version.documents.all()
    dossier = dossier_submit(
        version=version, agency=cast.agency, applicant=applicant(), submitted_at=at("2027-03-01 08:00")
    )
    for required, count in ((first, 1), (second, 2)):
        for i in range(count):
            upload = SimpleUploadedFile(f"scan{i}.pdf", PDF, content_type="application/pdf")
            dossier_document_attach(dossier=dossier, upload=upload, name=required.name, required_id=required.pk)
    dossier = dossier_receive(actor=cast.clerk, dossier=dossier, received_at=at("2027-03-01 09:00"))
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert "Giấy tờ số 1 của người yêu cầu Bản điện tử (1 tệp)" in text
    assert "Giấy tờ số 2 của người yêu cầu Bản điện tử (2 tệp)" in text
    assert " 0 0 " not in text


def test_a_counter_receipt_lists_a_scanned_paper_once(cast: Cast, tmp_path: Path, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    dossier = received(cast, **papers(cast))
    required = dossier.version.documents.get()
    upload = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    dossier_document_attach(
        dossier=dossier, upload=upload, name=required.name, required_id=required.pk, actor=cast.clerk
    )
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert text.count("Giấy tờ số 1 của người yêu cầu") == 1
    assert "1 1 (kèm 1 tệp điện tử)" in text


# --- the header names the governing body above the agency ----------------------------------------------


def test_the_header_names_the_provincial_committee_above_a_department(cast: Cast, tmp_path: Path) -> None:
    cast.agency.parent.name = "Ủy ban nhân dân tỉnh Quảng Ninh"  # type: ignore[union-attr]
    cast.agency.parent.save()  # type: ignore[union-attr]
    text = pdf_text(slip_pdf(received(cast), "receipt"), tmp_path)
    assert in_order(text, "UBND TỈNH QUẢNG NINH", "SỞ TƯ PHÁP")


def test_a_commune_slip_names_the_province_above_the_commune(cast: Cast, tmp_path: Path) -> None:
    from motcua.organisation.models import Agency, StaffRole

    province = cast.agency.parent
    assert province is not None
    province.name = "Ủy ban nhân dân tỉnh Quảng Ninh"
    province.save()
    ward = make_agency(
        "000.01.01.H49", "Ủy ban nhân dân phường Hạ Long", kind=Agency.Kind.PEOPLES_COMMITTEE, level="commune"
    )
    StaffRole.objects.create(user=cast.clerk, agency=ward, role=StaffRole.Role.RECEIVING_CLERK)
    version = make_procedure("1.001193", "Thủ tục đăng ký khai sinh", agency_identifiers=[ward.identifier])
    dossier = dossier_receive(actor=cast.clerk, version=version, agency=ward, applicant=applicant())
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert in_order(text, "UBND TỈNH QUẢNG NINH", "UBND PHƯỜNG HẠ LONG")


def test_an_agency_outside_the_tree_takes_the_governing_body_from_the_setting(
    cast: Cast, tmp_path: Path, settings: Any
) -> None:
    settings.SLIP_GOVERNING_BODY = "Bộ Công an"
    police = make_agency("000.00.40.H49", "Công an tỉnh Quảng Ninh", parent=None, kind="police")
    text = pdf_text(
        register_pdf([received(cast)], start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31), agency=police), tmp_path
    )
    assert in_order(text, "BỘ CÔNG AN", "CÔNG AN TỈNH QUẢNG NINH")


# --- form 01 carries every item of the circular's model -------------------------------------------------


def test_the_receipt_has_copies_time_limit_email_and_register_row(cast: Cast, tmp_path: Path) -> None:
    received(cast, "2027-03-01 08:00")
    dossier = received(cast, "2027-03-01 09:30", applicant=applicant(email="An.Nguyen@Example.vn"))
    text = pdf_text(slip_pdf(dossier, "receipt"), tmp_path)
    assert "Email: an.nguyen@example.vn" in text
    assert "Số lượng hồ sơ: 01 (bộ)" in text
    assert "Thời gian giải quyết hồ sơ theo quy định: 10 ngày làm việc" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2027, Số thứ tự: 2" in text
    assert "Lập thành 02 liên" in text


# --- A5: the signature block never stands alone on a page -------------------------------------------------


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """The words of each page."""
    path = tmp_path / "paged.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize(("count", "expected_pages"), [(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (6, 2)])
def test_a_receipt_with_a_proxy_keeps_its_signatures_with_the_last_lines(
    cast: Cast, tmp_path: Path, count: int, expected_pages: int
) -> None:
    proxy = applicant(
        proxy_name="Trần Thị Bích Ngọc",
        proxy_id_number="001190012345",
        proxy_phone="0987654321",
        address="Số 12, tổ 3, khu 5, phường Hạ Long, tỉnh Quảng Ninh",
        email="an.nguyen@example.vn",
    )
    dossier = received(cast, applicant=proxy, **papers(cast, count))
    pages = pages_of(slip_pdf(dossier, "receipt"), tmp_path)
    assert len(pages) == expected_pages
    last = pages[-1]
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in last
    assert "5. Thời gian trả kết quả giải quyết hồ sơ" in last  # the block took its last lines along
