"""Signed results: every result is signed (PAdES, a visible Noto stamp with a QR code of its public
verification page) with its agency's key; pdfsig and `motcua verify` accept it, one altered byte fails
both; uploads carrying JavaScript or a broken signature are refused."""

from __future__ import annotations

import asyncio
import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier, DossierDocument, Transition
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_result_attach
from motcua.signing.ca import CaFiles, ca_create
from motcua.signing.keys import KeyUnavailable
from motcua.signing.selectors import signing_key_for_agency
from motcua.signing.services import result_render, result_render_attach, result_sign
from motcua.signing.tasks import result_sign_task
from motcua.signing.verify import result_verify
from tests.conftest import Cast, make_agency
from tests.dossiers.factories import at, received
from tests.pdfs import minimal_pdf
from tests.signing.conftest import PASSPHRASE_ENV, make_key


def finished(cast: Cast) -> Dossier:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))


def attach(cast: Cast, dossier: Dossier, data: bytes | None = None) -> DossierDocument:
    upload = SimpleUploadedFile("ket-qua.pdf", data or minimal_pdf(), content_type="application/pdf")
    return dossier_result_attach(actor=cast.clerk, dossier=dossier, upload=upload, at=at("2027-03-03 09:00"))


def signed_result(cast: Cast, ca: CaFiles) -> DossierDocument:
    make_key(ca, cast.agency)
    document = attach(cast, finished(cast), result_render(dossier=finished_for_render(cast)))
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    return document


def finished_for_render(cast: Cast) -> Dossier:
    return Dossier.objects.get() if Dossier.objects.exists() else finished(cast)


def signed_bytes(document: DossierDocument) -> bytes:
    with document.signed_file.open("rb") as handle:
        return handle.read()


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def verify_command(path: Path) -> tuple[int, str]:
    try:
        call_command("verify", str(path), stdout=(out := io.StringIO()))
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue()


# --- which key -------------------------------------------------------------------------------------


def test_an_agency_signs_with_its_own_key_else_its_parents_else_the_centres(cast: Cast, ca_dir: CaFiles) -> None:
    assert signing_key_for_agency(cast.agency) is None
    default = make_key(ca_dir, None, label="Trung tâm")
    assert signing_key_for_agency(cast.agency) == default
    province = make_agency("000.00.00.H49")
    parents = make_key(ca_dir, province, label="UBND tỉnh")
    assert signing_key_for_agency(cast.agency) == parents
    own = make_key(ca_dir, cast.agency, label="Sở Tư pháp")
    make_key(ca_dir, cast.agency, label="Khóa cũ", active=False)
    assert signing_key_for_agency(cast.agency) == own


# --- signing ---------------------------------------------------------------------------------------


def test_an_attached_result_is_queued_and_the_task_signs_it(cast: Cast, ca_dir: CaFiles) -> None:
    make_key(ca_dir, cast.agency)
    document = attach(cast, finished(cast))
    assert not document.is_signed
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    assert document.is_signed
    assert document.signer_name == "Phạm Thị Hoa"
    assert document.signature_level == "B-B"  # the test CA publishes no revocation addresses
    assert (
        document.signer_fingerprint
        == ca_dir.signer_cert.fingerprint(
            __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256()
        ).hex()
    )
    assert len(document.verification_id or "") == 16
    assert Transition.objects.filter(dossier=document.dossier, action="result_signed").count() == 1
    entry = AuditLog.objects.get(action="document.signed")
    assert entry.data["verification_id"] == document.verification_id


def test_signing_twice_keeps_the_first_signature(cast: Cast, ca_dir: CaFiles) -> None:
    make_key(ca_dir, cast.agency)
    document = attach(cast, finished(cast))
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    first = (document.verification_id, document.signed_sha256)
    result_sign_task.call(document.pk)
    result_sign(document=DossierDocument.objects.get(pk=document.pk))
    document.refresh_from_db()
    assert (document.verification_id, document.signed_sha256) == first
    assert Transition.objects.filter(action="result_signed").count() == 1


def test_without_a_key_the_result_stays_not_signed(cast: Cast) -> None:
    document = attach(cast, finished(cast))
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    assert not document.is_signed
    assert document.served_file == document.file


def test_a_missing_passphrase_leaves_the_result_unsigned_and_says_why(
    cast: Cast, ca_dir: CaFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_key(ca_dir, cast.agency)
    monkeypatch.delenv(PASSPHRASE_ENV)
    document = attach(cast, finished(cast))
    with pytest.raises(KeyUnavailable, match=PASSPHRASE_ENV):
        result_sign_task.call(document.pk)
    document.refresh_from_db()
    assert not document.is_signed
    assert AuditLog.objects.filter(action="document.sign_failed").exists()


def test_the_passphrase_is_never_stored(cast: Cast, ca_dir: CaFiles) -> None:
    key = make_key(ca_dir, cast.agency)
    values = [str(v) for v in DossierDocument.objects.values_list()] + [
        str(getattr(key, f.name)) for f in key._meta.fields
    ]
    assert not any("s3cret-pass" in v for v in values)


def test_signing_works_under_a_running_event_loop(ca_dir: CaFiles) -> None:
    """pyHanko's synchronous API fails under a running loop (Playwright tests leave one)."""
    from pyhanko.sign import signers

    from motcua.signing.pdf import sign_pdf

    signer = signers.SimpleSigner.load_pkcs12_data(ca_dir.p12.read_bytes(), [], passphrase=b"s3cret-pass")

    async def inside_a_loop() -> bytes:
        return sign_pdf(
            minimal_pdf(),
            signer=signer,
            trust_roots=[],
            url="https://dichvucong.example.vn/xac-thuc/aaaaaaaaaaaaaaaa/",
            code="aaaaaaaaaaaaaaaa",
            who="Phạm Thị Hoa",
            agency="Sở Tư pháp",
            time_text="08:00 03/03/2027",
            reason="thử",
            location="Quảng Ninh",
            font_path="/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
            fetch_revocation=False,
        ).data

    # A thread of its own: the test process may already run a loop in this thread (Playwright's).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result().startswith(b"%PDF-")


def test_pdfsig_says_the_issued_result_is_valid_and_one_altered_byte_fails_it_and_verify(
    cast: Cast, ca_dir: CaFiles, tmp_path: Path
) -> None:
    document = signed_result(cast, ca_dir)
    good = tmp_path / "ket-qua.pdf"
    good.write_bytes(signed_bytes(document))
    assert "Signature is Valid." in pdfsig(good)
    code, text = verify_command(good)
    assert code == 0, text
    assert document.dossier.code in text

    data = bytearray(good.read_bytes())
    data[len(data) // 3] ^= 0x01  # one byte inside the signed range
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(bytes(data))
    assert "Signature is Valid." not in pdfsig(bad)
    code, text = verify_command(bad)
    assert code == 1
    assert "altered" in text


def test_verify_refuses_an_unsigned_an_unknown_and_an_appended_file(
    cast: Cast, ca_dir: CaFiles, tmp_path: Path
) -> None:
    unsigned = tmp_path / "a.pdf"
    unsigned.write_bytes(minimal_pdf())
    assert verify_command(unsigned) == (1, "The file is not signed.")

    document = signed_result(cast, ca_dir)
    data = signed_bytes(document)
    DossierDocument.objects.filter(pk=document.pk).update(verification_id="aaaaaaaaaaaaaaaa")
    known = tmp_path / "b.pdf"
    known.write_bytes(data)
    code, text = verify_command(known)
    assert code == 1 and "unknown" in text
    DossierDocument.objects.filter(pk=document.pk).update(verification_id=document.verification_id)

    appended = tmp_path / "c.pdf"
    appended.write_bytes(data + b"\n% added later\n")
    code, text = verify_command(appended)
    assert code == 1


def test_verify_refuses_a_signer_outside_the_trust_roots(
    cast: Cast, ca_dir: CaFiles, tmp_path: Path, settings: Any
) -> None:
    document = signed_result(cast, ca_dir)
    other = ca_create(tmp_path / "other", signer_name="Khác")
    settings.SIGNING_TRUST_ROOTS = [str(other.ca_pem)]
    verdict = result_verify(signed_bytes(document))
    assert not verdict.ok
    assert "trusted root" in verdict.reason


def test_the_stamp_carries_a_qr_code_of_the_verification_page(cast: Cast, ca_dir: CaFiles, tmp_path: Path) -> None:
    document = signed_result(cast, ca_dir)
    pdf = tmp_path / "k.pdf"
    pdf.write_bytes(signed_bytes(document))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True, check=False).stdout
    assert f"https://dichvucong.example.vn/xac-thuc/{document.verification_id}/" in decoded
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Phạm Thị Hoa" in text  # the stamp's Vietnamese text survives (Noto Sans)
    assert "Giấy chứng nhận".upper() in text.upper()


def test_a_result_rendered_from_the_default_template_is_attached_and_signed(cast: Cast, ca_dir: CaFiles) -> None:
    make_key(ca_dir, cast.agency)
    dossier = finished(cast)
    document = result_render_attach(actor=cast.clerk, dossier=dossier, at=at("2027-03-03 09:00"))
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    assert result_verify(signed_bytes(document)).ok


# --- refused uploads -------------------------------------------------------------------------------

JAVASCRIPT = minimal_pdf(extra_catalog="/OpenAction 4 0 R", extra_objects=("<< /S /JavaScript /JS (app.alert(1)) >>",))


def test_a_result_carrying_javascript_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="JavaScript"):
        attach(cast, finished(cast), JAVASCRIPT)
    assert not DossierDocument.objects.filter(kind=DossierDocument.Kind.RESULT).exists()


def test_a_result_with_a_broken_signature_is_refused(cast: Cast, ca_dir: CaFiles) -> None:
    document = signed_result(cast, ca_dir)
    data = bytearray(signed_bytes(document))
    data[len(data) // 3] ^= 0x01
    with pytest.raises(ValidationError, match="signature that is not valid"):
        attach(cast, document.dossier, bytes(data))


def test_an_unreadable_pdf_is_refused_as_a_result(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="not a readable PDF"):
        attach(cast, finished(cast), b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def test_the_back_office_form_shows_the_javascript_refusal(cast: Cast) -> None:
    dossier = finished(cast)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.clerk)
    response = client.post(
        f"/backoffice/ho-so/{dossier.code}/ket-qua/",
        {"file": SimpleUploadedFile("x.pdf", JAVASCRIPT), "lock_version": dossier.lock_version},
        follow=True,
    )
    assert response.status_code == 200
    assert "JavaScript" in response.content.decode()


def test_the_demo_makes_and_configures_a_key_whose_results_verify(cast: Cast, settings: Any, tmp_path: Path) -> None:
    from motcua.demo.loader import DemoSummary, _load_signing_key

    settings.HOME = tmp_path / "home"
    settings.SIGNING_TRUST_DIR = tmp_path / "home" / "signing" / "trust"
    settings.SIGNING_TRUST_ROOTS = []
    summary = DemoSummary()
    _load_signing_key(summary)
    _load_signing_key(summary)  # idempotent
    assert summary.created["signing_keys"] == 1
    key = signing_key_for_agency(cast.agency)
    assert key is not None and key.secret_env == ""
    assert Path(key.path).is_relative_to(settings.HOME)
    document = attach(cast, finished(cast))
    result_sign_task.call(document.pk)
    document.refresh_from_db()
    assert result_verify(signed_bytes(document)).ok
