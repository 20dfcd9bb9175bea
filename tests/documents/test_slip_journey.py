"""Issue #15: each slip reads the transition it is about (not the latest one), and a dossier that never
had that event has no such slip. Two dossiers go the whole way and every slip is checked with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from motcua.documents.http import slip_response
from motcua.documents.slips import SlipUnavailable, lookup_url, slip_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_apologise,
    dossier_forward,
    dossier_reject,
    dossier_request_supplement,
    dossier_resubmit,
    dossier_return_result,
    dossier_stop,
)
from tests.conftest import Cast
from tests.documents.test_slips import pdf_text
from tests.dossiers.factories import applicant, at, received

CLERK, OFFICER, HEAD = "Nguyễn Thị Lan", "Trần Văn Minh", "Phạm Thị Hoa"
MISSING = "Bản sao sổ hộ khẩu có chứng thực"
DELAY = "Chờ kết quả xác minh của Công an tỉnh"
REFUSAL = "Người yêu cầu không thuộc diện được cấp"


def supplemented(cast: Cast) -> Dossier:
    """Received on 1 March; supplement requested on the 2nd; the complete dossier back on the 4th."""
    dossier = received(cast, "2027-03-01 08:00", applicant=applicant(name="Đặng Thị Thu Hà"))
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=dossier, missing=MISSING, at=at("2027-03-02 09:00")
    )
    return dossier_resubmit(actor=cast.clerk, dossier=dossier, at=at("2027-03-04 10:00"))


def refused_after_apology(cast: Cast) -> Dossier:
    """… apology with a new date on the 5th, appraised on the 8th, refused by the head on the 9th."""
    dossier = supplemented(cast)
    dossier = dossier_apologise(
        actor=cast.head, dossier=dossier, reason=DELAY, new_due_at=at("2027-03-31 16:00"), at=at("2027-03-05 14:00")
    )
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-08 08:00"))
    return dossier_reject(actor=cast.head, dossier=dossier, reason=REFUSAL, at=at("2027-03-09 15:00"))


def text_of(dossier: Dossier, kind: str, tmp_path: Path) -> str:
    return pdf_text(slip_pdf(dossier, kind), tmp_path)


def test_the_receipt_is_signed_by_the_receiving_clerk_not_the_last_actor(cast: Cast, tmp_path: Path) -> None:
    text = text_of(refused_after_apology(cast), "receipt", tmp_path)
    assert CLERK in text
    assert HEAD not in text and OFFICER not in text
    assert "08 giờ 00 phút, ngày 01/03/2027" in text


def test_the_supplement_slip_reads_the_supplement_request(cast: Cast, tmp_path: Path) -> None:
    text = text_of(refused_after_apology(cast), "supplement", tmp_path)
    assert MISSING in text
    assert "Ngày 02/03/2027" in text
    assert OFFICER in text
    assert REFUSAL not in text and DELAY not in text and HEAD not in text


def test_the_apology_reads_the_apology_and_its_new_date(cast: Cast, tmp_path: Path) -> None:
    text = text_of(refused_after_apology(cast), "apology", tmp_path)
    assert DELAY in text
    assert "Ngày 05/03/2027" in text
    # the appointment it breaks is the one given at resubmission (10 working days from 4 March) …
    assert "hẹn trả kết quả ngày 18/03/2027" in text
    # … and the new one is the apology's, though the dossier went on to be refused
    assert "hẹn trả kết quả vào 16:00 ngày 31/03/2027" in text
    assert HEAD in text  # signed by the head of the agency
    assert REFUSAL not in text and MISSING not in text and OFFICER not in text


def test_the_refusal_reads_the_refusal(cast: Cast, tmp_path: Path) -> None:
    text = text_of(refused_after_apology(cast), "refusal", tmp_path)
    assert REFUSAL in text
    assert "Ngày 09/03/2027" in text
    assert HEAD in text
    assert DELAY not in text and MISSING not in text


def test_the_refusal_of_a_returned_dossier_still_reads_the_refusal(cast: Cast, tmp_path: Path) -> None:
    dossier = dossier_forward(actor=cast.officer, dossier=supplemented(cast), at=at("2027-03-08 08:00"))
    dossier = dossier_reject(actor=cast.head, dossier=dossier, reason=REFUSAL, at=at("2027-03-09 15:00"))
    dossier = dossier_return_result(
        actor=cast.clerk, dossier=dossier, collected_by="Đặng Văn Bình", at=at("2027-03-10 09:00")
    )
    text = text_of(dossier, "refusal", tmp_path)
    assert REFUSAL in text
    assert "Ngày 09/03/2027" in text and HEAD in text
    assert "Đặng Văn Bình" not in text
    supplement = text_of(dossier, "supplement", tmp_path)
    assert MISSING in supplement and "Đặng Văn Bình" not in supplement


@pytest.mark.parametrize("kind", ["apology", "stop", "refusal"])
def test_no_slip_is_printed_for_an_event_the_dossier_never_had(cast: Cast, kind: str) -> None:
    dossier = supplemented(cast)
    with pytest.raises(SlipUnavailable):
        slip_pdf(dossier, kind)
    assert slip_response(dossier, kind, actor=cast.clerk, via="test") is None


def test_a_dossier_never_received_has_no_receipt_and_no_supplement_slip(cast: Cast) -> None:
    from motcua.dossiers.services import dossier_submit
    from tests.dossiers.factories import procedure_for

    dossier = dossier_submit(
        version=procedure_for(cast), agency=cast.agency, applicant=applicant(), submitted_at=at("2027-03-01 08:00")
    )
    for kind in ("receipt", "supplement"):
        assert slip_response(dossier, kind, actor=cast.clerk, via="test") is None
    assert slip_response(dossier, "control", actor=cast.clerk, via="test") is not None


def test_the_back_office_answers_404_for_an_apology_slip_without_an_apology(cast: Cast) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(cast.clerk)
    dossier = supplemented(cast)
    assert client.get(reverse("backoffice:slip", args=[dossier.code, "apology"])).status_code == 404
    assert client.get(reverse("backoffice:slip", args=[dossier.code, "supplement"])).status_code == 200


def qr_of(pdf: bytes, tmp_path: Path) -> str:
    (tmp_path / "s.pdf").write_bytes(pdf)
    for old in tmp_path.glob("p*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "s.pdf"), str(tmp_path / "p")],
        check=True,
    )
    page = next(tmp_path.glob("p*.png"))
    found = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True)
    return found.stdout.strip()


def test_every_slip_given_to_the_applicant_carries_the_lookup_qr(cast: Cast, tmp_path: Path) -> None:
    dossier = refused_after_apology(cast)
    stopped = dossier_stop(actor=cast.leader, dossier=received(cast), reason="Theo đề nghị", at=at("2027-03-02 08:00"))
    for subject, kind in [
        (dossier, "receipt"),
        (dossier, "supplement"),
        (dossier, "refusal"),
        (dossier, "apology"),
        (stopped, "stop"),
    ]:
        assert qr_of(slip_pdf(subject, kind), tmp_path) == lookup_url(subject), kind


def test_the_control_slip_lists_every_event_of_the_journey(cast: Cast, tmp_path: Path) -> None:
    text = text_of(refused_after_apology(cast), "control", tmp_path)
    for fact in (MISSING, DELAY, REFUSAL, "02/03/2027", "04/03/2027", "05/03/2027", "09/03/2027"):
        assert fact in text


def test_a_granted_and_returned_dossier_prints_its_receipt_and_supplement_and_nothing_it_never_had(
    cast: Cast, tmp_path: Path
) -> None:
    from motcua.dossiers.services import dossier_approve

    dossier = dossier_forward(actor=cast.officer, dossier=supplemented(cast), at=at("2027-03-08 08:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-09 15:00"))
    dossier = dossier_return_result(actor=cast.clerk, dossier=dossier, at=at("2027-03-10 09:00"))
    receipt = text_of(dossier, "receipt", tmp_path)
    assert CLERK in receipt and HEAD not in receipt
    supplement = text_of(dossier, "supplement", tmp_path)
    assert MISSING in supplement and "Ngày 02/03/2027" in supplement and OFFICER in supplement
    for kind in ("refusal", "apology", "stop"):
        assert slip_response(dossier, kind, actor=cast.clerk, via="test") is None, kind
