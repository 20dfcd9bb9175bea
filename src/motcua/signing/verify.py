"""Is this file a valid result of this system? (`motcua verify`, the /xac-thuc/ page's upload form.)

A file passes when its last signature is intact and valid, covers the whole file, names a verification
code this system issued, was made with the certificate recorded for that result, the bytes are exactly
those issued (SHA-256), and the signer's certificate chains to a configured trust root at signing time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.dossiers.models import DossierDocument
from motcua.signing.pdf import PdfRefused, SignatureReport, read_pdf, sha256, signature_report
from motcua.signing.services import trust_roots

VERIFICATION_PATH = re.compile(r"/xac-thuc/([a-z2-7]{16})/?$")


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str  # translated; what passed, or the first check that failed
    document: DossierDocument | None = None
    report: SignatureReport | None = None


def document_for_verification(verification_id: str) -> DossierDocument | None:
    return (
        DossierDocument.objects.select_related("dossier__version__procedure", "dossier__agency")
        .filter(verification_id=verification_id, kind=DossierDocument.Kind.RESULT)
        .exclude(signed_file="")
        .first()
    )


def verification_id_in(data: bytes) -> str | None:
    """The verification code named by the last signature of ``data`` (its /ContactInfo), if any."""
    reader = read_pdf(data)
    signatures = reader.embedded_signatures
    if not signatures:
        return None
    found = VERIFICATION_PATH.search(str(signatures[-1].sig_object.get("/ContactInfo", "")))
    return found.group(1) if found else None


def result_verify(data: bytes) -> Verdict:
    """Check ``data`` against what this system issued; see the module's doc."""
    try:
        verification_id = verification_id_in(data)
    except PdfRefused as exc:
        return Verdict(False, str(exc))
    except Exception:
        return Verdict(False, _("The file is not a readable PDF."))
    if verification_id is None:
        try:
            signed = bool(read_pdf(data).embedded_signatures)
        except Exception:
            signed = False
        if not signed:
            return Verdict(False, _("The file is not signed."))
        return Verdict(False, _("The signature does not name a result of this system."))
    document = document_for_verification(verification_id)
    if document is None:
        return Verdict(False, _("The verification code %(code)s is unknown.") % {"code": verification_id})
    report = signature_report(data, trust_roots=trust_roots(), moment=document.signed_at)
    if report is None or not (report.intact and report.valid):
        return Verdict(
            False, _("The signature does not match the file: it was altered after signing."), document, report
        )
    if not report.whole_file:
        return Verdict(False, _("The file was changed after it was signed."), document, report)
    if report.fingerprint != document.signer_fingerprint:
        return Verdict(
            False, _("The file was signed with another certificate than the issued result."), document, report
        )
    if sha256(data) != document.signed_sha256:
        return Verdict(False, _("The file differs from the result that was issued."), document, report)
    if not report.trusted:
        return Verdict(
            False,
            _("The signer's certificate does not chain to a trusted root or was not valid at signing time."),
            document,
            report,
        )
    return Verdict(
        True,
        _("Valid: this is the result issued for dossier %(code)s.") % {"code": document.dossier.code},
        document,
        report,
    )
