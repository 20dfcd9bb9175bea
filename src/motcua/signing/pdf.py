"""PDF work with pyHanko: the checks an uploaded result must pass, PAdES signing with a visible stamp and
a QR code, and the validation of a signed file. No database here (services.py and verify.py own that).

pyHanko's synchronous entry points call ``asyncio.run`` and fail under a running event loop (a
Playwright test, an async server); everything goes through :func:`run_coroutine`, which runs the async
API in a fresh thread when a loop is running in this one."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import logging
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger("motcua.signing")
T = TypeVar("T")
FIELD_NAME = "MotCuaKetQua"
# Dictionary keys and action types that carry scripts (ISO 32000-2 12.6.4.16, annotations' /AA).
SCRIPT_ACTIONS = {"/JavaScript", "/Rendition"}
MAX_OBJECTS = 200_000  # a walk of a hostile file stops here (and refuses it)


class PdfRefused(ValueError):
    """A PDF that cannot be accepted as a result, with a translated reason."""


def run_coroutine(factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``factory()`` to completion: here when no event loop runs in this thread, else in a new thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(factory())).result()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_pdf(data: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - parses the catalogue
    except Exception as exc:
        raise PdfRefused(_("The file is not a readable PDF.")) from exc
    if reader.encrypted:
        raise PdfRefused(_("The PDF is protected with a password; upload it without protection."))
    return reader


def _has_script(reader: PdfFileReader) -> bool:
    """True when any object reachable from the trailer is a JavaScript action (``/S /JavaScript`` or a
    ``/JS`` entry) or the document has a JavaScript name tree."""
    names = reader.root.get("/Names")
    if isinstance(names, generic.DictionaryObject) and "/JavaScript" in names:
        return True
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer_view]
    walked = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            walked += 1
            if walked > MAX_OBJECTS:
                return True
            try:
                obj = obj.get_object()
            except Exception:  # a dangling reference: nothing there
                logger.debug("dangling reference %s in a result PDF", key)
                continue
        if isinstance(obj, generic.DictionaryObject):
            if "/JS" in obj or obj.get("/S") in SCRIPT_ACTIONS:
                return True
            stack.extend(v for k, v in obj.items() if k != "/Parent")
        elif isinstance(obj, generic.ArrayObject):
            stack.extend(obj)
    return False


def pdf_refusal(data: bytes) -> str | None:
    """Why ``data`` cannot be accepted as a result to sign (translated), or None: it must be a readable,
    unprotected PDF without JavaScript, and any signature it already carries must be intact and valid."""
    try:
        reader = read_pdf(data)
        if _has_script(reader):
            return _("The PDF contains JavaScript; a result must be a plain document.")
        for embedded in reader.embedded_signatures:
            context = ValidationContext(trust_roots=[])  # integrity only: anyone may have signed before
            status = run_coroutine(partial(async_validate_pdf_signature, embedded, context))
            if not (status.intact and status.valid):
                return _("The PDF carries a signature that is not valid; upload the original document.")
    except PdfRefused as exc:
        return str(exc)
    except Exception:  # pyHanko on a broken structure
        logger.warning("result PDF could not be checked", exc_info=True)
        return _("The file is not a readable PDF.")
    return None


# --- signing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    data: bytes
    level: str  # "B-B" or "B-LT"
    fingerprint: str  # SHA-256 of the signer's certificate, hex
    signer_subject: str


def _has_revocation_pointers(cert: asn1_x509.Certificate) -> bool:
    return bool(cert.crl_distribution_points or cert.ocsp_urls)


def _stamp_style(font_path: str) -> Any:
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import QRStampStyle

    return QRStampStyle(
        stamp_text=_("Signed by: %(who)s\n%(agency)s\nTime: %(time)s\nVerification code: %(code)s"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font_path, font_size=8)),
        border_width=1,
    )


def _stamp_box(reader: PdfFileReader) -> tuple[int, int, int, int]:
    """A 250 × 80 pt box at the bottom right of the last page (inside a 30 pt margin)."""
    page = reader.root["/Pages"]
    node: Any = reader.find_page_for_modification(int(page["/Count"]) - 1)[0].get_object()
    media: Any = None
    for _depth in range(32):  # /MediaBox may be inherited from the page tree
        media = node.get("/MediaBox")
        if media is not None or "/Parent" not in node:
            break
        node = node["/Parent"]
    box = [float(v) for v in (media or [0, 0, 595, 842])]
    right, bottom = int(box[2]) - 30, int(box[1]) + 30
    return (max(int(box[0]), right - 250), bottom, right, bottom + 80)


def sign_pdf(
    data: bytes,
    *,
    signer: signers.Signer,
    trust_roots: Iterable[asn1_x509.Certificate],
    url: str,
    code: str,
    who: str,
    agency: str,
    time_text: str,
    reason: str,
    location: str,
    font_path: str,
    fetch_revocation: bool,
) -> Signed:
    """Sign ``data`` (PAdES) with a visible stamp holding a QR code of ``url``. B-LT (validation data
    embedded) when the signer's certificate names CRL/OCSP addresses and they can be fetched, else B-B
    with the certificate chain embedded."""
    reader = read_pdf(data)
    box = _stamp_box(reader)
    cert = signer.signing_cert
    assert cert is not None
    roots = list(trust_roots)
    chain = list(signer.cert_registry) if signer.cert_registry is not None else []

    def attempt(level: str) -> bytes:
        lt = level == "B-LT"
        context = (
            ValidationContext(trust_roots=roots, other_certs=chain, allow_fetching=True, revocation_mode="hard-fail")
            if lt
            else None
        )
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location,
            contact_info=url,
            embed_validation_info=lt,
            validation_context=context,
        )
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            stamp_style=_stamp_style(font_path),
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, box=box, on_page=-1),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = io.BytesIO()
        params = {"url": url, "code": code, "who": who, "agency": agency, "time": time_text}
        run_coroutine(lambda: pdf_signer.async_sign_pdf(writer, output=out, appearance_text_params=params))
        return out.getvalue()

    level = "B-B"
    signed: bytes | None = None
    if fetch_revocation and roots and _has_revocation_pointers(cert):
        try:
            signed, level = attempt("B-LT"), "B-LT"
        except Exception:  # revocation data out of reach: the plain level still proves the signer
            logger.warning("B-LT signing failed, signing B-B", exc_info=True)
    if signed is None:
        signed = attempt("B-B")
    return Signed(data=signed, level=level, fingerprint=cert.sha256.hex(), signer_subject=cert.subject.human_friendly)


# --- validation -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    """The last signature of a file, checked: ``intact`` (bytes match the digest), ``valid`` (the
    cryptography holds), ``whole_file`` (nothing appended after it), ``trusted`` (chains to a root)."""

    contact_info: str
    fingerprint: str
    signer_subject: str
    signed_at: dt.datetime | None
    intact: bool
    valid: bool
    whole_file: bool
    trusted: bool
    count: int


def signature_report(
    data: bytes, *, trust_roots: Iterable[asn1_x509.Certificate], moment: dt.datetime | None = None
) -> SignatureReport | None:
    """The report on the last signature in ``data``; None when there is none. Raises PdfRefused for a
    file that is not a readable PDF. The certificate is checked at ``moment`` (the signing time)."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = read_pdf(data)
    signatures = reader.embedded_signatures
    if not signatures:
        return None
    embedded = signatures[-1]
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False, moment=moment)
    try:
        status = run_coroutine(lambda: async_validate_pdf_signature(embedded, context))
    except Exception as exc:  # a mangled signature container
        logger.info("signature could not be validated: %s", exc)
        return SignatureReport("", "", "", None, False, False, False, False, len(signatures))
    cert = embedded.signer_cert
    return SignatureReport(
        contact_info=str(embedded.sig_object.get("/ContactInfo", "")),
        fingerprint=cert.sha256.hex(),
        signer_subject=cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact),
        valid=bool(status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        trusted=bool(status.trusted),
        count=len(signatures),
    )
