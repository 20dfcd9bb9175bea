"""Writes of the signing app: sign a result (``result_sign``) and render one from a template
(``result_render``). The record of a signature is the dossiers service ``dossier_result_signed``."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from typing import Any

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from motcua.core.audit import audit_log
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import dossier_result_attach, dossier_result_signed
from motcua.signing.keys import KeyUnavailable, signer_open
from motcua.signing.models import SigningKey
from motcua.signing.pdf import sign_pdf
from motcua.signing.selectors import signing_key_for_agency, trust_root_paths

DEFAULT_TEMPLATE = "signing/result_default.html"


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured trust roots as certificates (files that cannot be read are skipped)."""
    from pyhanko.keys import load_certs_from_pemder

    roots: list[asn1_x509.Certificate] = []
    for path in trust_root_paths():
        try:
            roots.extend(load_certs_from_pemder([str(path)]))
        except Exception:  # noqa: S112 - a broken file is not a root
            continue
    return roots


def verification_id_new() -> str:
    """80 random bits as 16 lower-case base32 letters and digits (unguessable, easy to type)."""
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def verification_url(verification_id: str) -> str:
    base = str(getattr(settings, "PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}/xac-thuc/{verification_id}/"


def result_sign(
    *, document: DossierDocument, key: SigningKey | None = None, at: dt.datetime | None = None
) -> DossierDocument:
    """Sign result ``document`` (PAdES, a visible stamp with the agency, the signer, the time and a QR code
    of its verification page) with ``key`` or its agency's key, and record it. Returns the document,
    unchanged when it is already signed or no key is configured (it stays "not signed")."""
    if document.is_signed:
        return document
    dossier: Dossier = document.dossier
    key = key or signing_key_for_agency(dossier.agency)
    if key is None:
        return document
    try:
        signer = signer_open(key)
    except KeyUnavailable as exc:
        audit_log(action="document.sign_failed", obj=document, code=dossier.code, key=key.label, reason=str(exc))
        raise
    when = at or timezone.now()
    verification_id = verification_id_new()
    url = verification_url(verification_id)
    with document.file.open("rb") as handle:
        data = handle.read()
    local = timezone.localtime(when)
    agency_name = (key.agency or dossier.agency).name
    with translation.override("vi"):
        signed = sign_pdf(
            data,
            signer=signer,
            trust_roots=trust_roots(),
            url=url,
            code=verification_id,
            who=key.signer_name,
            agency=agency_name,
            time_text=f"{local:%H:%M} {local:%d/%m/%Y}",
            reason=f"Kết quả giải quyết hồ sơ {dossier.code}",
            location=str(getattr(settings, "PROVINCE_NAME", "")),
            font_path=settings.SIGNING_STAMP_FONT,
            fetch_revocation=settings.SIGNING_FETCH_REVOCATION,
        )
    return dossier_result_signed(
        document=document,
        signed_pdf=signed.data,
        signer_name=key.signer_name,
        fingerprint=signed.fingerprint,
        level=signed.level,
        verification_id=verification_id,
        at=when,
    )


def result_render(
    *, dossier: Dossier, template: str = DEFAULT_TEMPLATE, context: dict[str, Any] | None = None
) -> bytes:
    """A result document of ``dossier`` (a decision or certificate) rendered from an HTML template to
    PDF through the project's one renderer (documents.rendering.html_to_pdf). Not stored: attach it
    with ``result_render_attach`` (which signs it like any other result)."""
    from motcua.documents.rendering import html_to_pdf
    from motcua.documents.slips import governing_body

    version = dossier.version
    values: dict[str, Any] = {
        "dossier": dossier,
        "procedure": version.procedure,
        "agency": dossier.agency,
        "governing_body": governing_body(dossier.agency),
        "province": getattr(settings, "PROVINCE_NAME", ""),
        "today": timezone.localdate(),
        **(context or {}),
    }
    with translation.override("vi"):
        html = render_to_string(template, values)
    return html_to_pdf(html)


def result_render_attach(
    *, actor: Any, dossier: Dossier, template: str = DEFAULT_TEMPLATE, name: str = "", at: dt.datetime | None = None
) -> DossierDocument:
    """Render a result from ``template`` and attach it (``dossier_result_attach``: checked, stored, and
    queued for signing)."""
    pdf = result_render(dossier=dossier, template=template)
    upload = SimpleUploadedFile("ket-qua.pdf", pdf, content_type="application/pdf")
    return dossier_result_attach(actor=actor, dossier=dossier, upload=upload, name=name, at=at)
