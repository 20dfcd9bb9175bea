"""Scanned documents: size limit and real content sniffing (the file name and the browser's type are
not trusted)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.storage import storage_files_older
from motcua.dossiers.models import Dossier, DossierDocument

# Leading bytes of the formats a scan may have.
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)


def sniff(head: bytes) -> tuple[str, str] | None:
    """The (content type, extension) of a file from its first bytes, or None if not an allowed scan."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def upload_check(upload: UploadedFile) -> tuple[str, str]:
    """Refuse files that are too large or are not really PDF/PNG/JPEG/TIFF scans."""
    limit: int = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"size": upload.size // (1024 * 1024) + 1, "limit": limit // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(_("Only PDF, PNG, JPEG or TIFF scans are accepted."), code="file_type")
    return found


def upload_check_pdf(upload: UploadedFile) -> tuple[str, str]:
    """The scan checks, and the content must really be a PDF (an electronic result is always one): any
    other content, an image or not, gets the one message that names PDF only."""
    try:
        content_type, extension = upload_check(upload)
    except ValidationError as exc:
        if exc.code != "file_type":
            raise
        content_type, extension = "", ""
    if content_type != "application/pdf":
        raise ValidationError(_("Only a PDF file is accepted."), code="file_type")
    return content_type, extension


def upload_sha256(upload: UploadedFile) -> str:
    """The hex SHA-256 of the upload's content, read in chunks; the file is rewound afterwards."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_store(
    *,
    dossier: Dossier,
    upload: UploadedFile,
    name: str,
    actor: Any = None,
    at: dt.datetime | None = None,
    kind: str = DossierDocument.Kind.RECEIVED,
    required_id: int | None = None,
) -> DossierDocument:
    """Check ``upload`` (a result must be a PDF; a scan any allowed type), store it with its SHA-256 and
    who uploaded it, and save its DossierDocument row. The callers own the transaction and the record."""
    result = kind == DossierDocument.Kind.RESULT
    content_type, extension = upload_check_pdf(upload) if result else upload_check(upload)
    document = DossierDocument(
        dossier=dossier,
        kind=kind,
        name=name,
        required_id=required_id,
        content_type=content_type,
        size=upload.size or 0,
        sha256=upload_sha256(upload),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        uploaded_at=at or timezone.now(),
    )
    stem = f"{dossier.pk}-ket-qua" if result else f"{dossier.pk}-{len(name)}"
    document.file.save(f"{stem}{extension}", upload, save=False)
    document.save()
    return document


@transaction.atomic
def dossier_document_attach(
    *, dossier: Dossier, upload: UploadedFile, name: str, actor: Any = None, required_id: int | None = None
) -> DossierDocument:
    """Store a scan of one document of ``dossier`` (digitisation at reception)."""
    document = document_store(dossier=dossier, upload=upload, name=name, actor=actor, required_id=required_id)
    audit_log(action="dossier.document_attached", actor=actor, obj=dossier, code=dossier.code, document=name)
    return document


STORED_ROOT = "dossiers"  # DossierDocument.file's upload_to is dossiers/%Y/%m/


def orphan_files_delete(*, older_than: dt.timedelta) -> int:
    """Delete stored dossier files that no DossierDocument references and that are older than
    ``older_than`` — what a transaction that failed after saving its file leaves behind. Young files are
    kept: their transaction may still be running. Returns how many were deleted. (Run daily, with
    ``motcua portal-clean-uploads``.)"""
    referenced: dict[str, set[str]] = {}  # per folder, the files documents point to
    deleted = 0
    for path in storage_files_older(STORED_ROOT, timezone.now() - older_than):
        folder = path.rsplit("/", 1)[0]
        if folder not in referenced:
            names = DossierDocument.objects.filter(file__startswith=f"{folder}/").values_list("file", flat=True)
            signed = DossierDocument.objects.filter(signed_file__startswith=f"{folder}/").values_list(
                "signed_file", flat=True
            )
            referenced[folder] = set(names) | set(signed)
        if path not in referenced[folder]:
            default_storage.delete(path)
            deleted += 1
    return deleted
