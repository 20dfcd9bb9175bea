"""The state of an online submission between its pages: answers in the session, uploaded scans in
``default_storage`` under ``tmp/<session key>/`` until the dossier is submitted (then they are attached
to it and the temporary copies deleted) or the applicant starts again."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from motcua.catalogue.models import Channel, ProcedureVersion, RequiredDocument
from motcua.core.storage import storage_files_older
from motcua.dossiers.uploads import upload_check
from motcua.organisation.models import Agency
from motcua.portal.forms import document_key

TMP_ROOT = "tmp"
STEPS = ("applicant", "agency", "documents", "delivery")


def online_version(code: str) -> ProcedureVersion | None:
    """The published version of procedure ``code`` if it can be submitted online here: it has an online
    channel and at least one agency that receives it."""
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .filter(procedure__code=code, status=ProcedureVersion.Status.PUBLISHED)
        .first()
    )
    if version is None or not can_submit_online(version):
        return None
    return version


def can_submit_online(version: ProcedureVersion) -> bool:
    has_channel = any(c.channel == Channel.Kind.ONLINE for c in version.channels.all())
    return has_channel and bool(receiving_agencies(version))


def receiving_agencies(version: ProcedureVersion) -> list[Agency]:
    """The version's competent agencies that exist today; the lead agency when none is listed."""
    today = timezone.localdate()
    agencies = list(Agency.objects.active_on(today).filter(procedure_versions=version).order_by("name"))
    if not agencies and version.lead_agency_id is not None:
        agencies = list(Agency.objects.active_on(today).filter(pk=version.lead_agency_id))
    return agencies


def required_documents(version: ProcedureVersion) -> list[RequiredDocument]:
    return list(version.documents.all())


@dataclass
class StoredFile:
    path: str
    filename: str
    size: int
    content_type: str

    def open(self) -> UploadedFile:
        """The temporary copy as an upload, for ``dossier_document_attach`` (which checks it again)."""
        handle = default_storage.open(self.path, "rb")
        return UploadedFile(file=handle, name=self.filename, content_type=self.content_type, size=self.size)


@dataclass
class Submission:
    """What the applicant has answered so far for one procedure version."""

    version_id: int
    applicant: dict[str, str] | None = None
    agency_id: int | None = None
    files: dict[str, StoredFile] = field(default_factory=dict)
    documents_done: bool = False
    delivery: str = ""

    def to_session(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "applicant": self.applicant,
            "agency_id": self.agency_id,
            "files": {key: vars(stored) for key, stored in self.files.items()},
            "documents_done": self.documents_done,
            "delivery": self.delivery,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Submission:
        return cls(
            version_id=int(data["version_id"]),
            applicant=data.get("applicant"),
            agency_id=data.get("agency_id"),
            files={key: StoredFile(**stored) for key, stored in (data.get("files") or {}).items()},
            documents_done=bool(data.get("documents_done")),
            delivery=str(data.get("delivery") or ""),
        )


def _session_key(code: str) -> str:
    return f"portal.submission.{code}"


def _tmp_folder(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()  # creates the key the temporary folder is named after
    return f"{TMP_ROOT}/{request.session.session_key}"


def submission_load(request: HttpRequest, version: ProcedureVersion) -> Submission:
    """The submission in progress for ``version``; a fresh one when none is, or when the procedure got a
    new version meanwhile (its documents differ: the old answers are dropped)."""
    data = request.session.get(_session_key(version.procedure.code))
    if data:
        submission = Submission.from_session(data)
        if submission.version_id == version.pk:
            return submission
        submission_discard(request, version.procedure.code)
    return Submission(version_id=version.pk)


def submission_save(request: HttpRequest, code: str, submission: Submission) -> None:
    request.session[_session_key(code)] = submission.to_session()


def submission_discard(request: HttpRequest, code: str) -> None:
    """Forget the answers and delete the temporary copies of the scans."""
    data = request.session.pop(_session_key(code), None)
    if data:
        files_delete(Submission.from_session(data).files.values())


def files_delete(files: Sequence[StoredFile] | Any) -> None:
    for stored in files:
        if default_storage.exists(stored.path):
            default_storage.delete(stored.path)


def file_keep(request: HttpRequest, upload: UploadedFile) -> StoredFile:
    """Keep an accepted upload in the temporary area of this session (under a random name: the
    applicant's file name is only shown, never used as a path)."""
    content_type, extension = upload_check(upload)
    path = default_storage.save(f"{_tmp_folder(request)}/{uuid.uuid4().hex}{extension}", upload)
    return StoredFile(path=path, filename=(upload.name or "")[-200:], size=upload.size or 0, content_type=content_type)


def first_incomplete_step(submission: Submission, version: ProcedureVersion) -> str | None:
    """The first step still to answer, or None when the answers can be checked."""
    if not submission.applicant:
        return "applicant"
    if submission.agency_id not in {a.pk for a in receiving_agencies(version)}:
        return "agency"
    if not submission.documents_done or missing_documents(submission, version):
        return "documents"
    if not submission.delivery:
        return "delivery"
    return None


def missing_documents(submission: Submission, version: ProcedureVersion) -> list[RequiredDocument]:
    return [d for d in required_documents(version) if not d.group and document_key(d.pk) not in submission.files]


def stale_uploads_delete(*, older_than: dt.timedelta) -> int:
    """Delete the temporary scans of submissions abandoned for longer than ``older_than``; returns how
    many files were deleted. (Run daily: ``motcua portal-clean-uploads``.)"""
    deleted = 0
    for path in storage_files_older(TMP_ROOT, timezone.now() - older_than):
        default_storage.delete(path)
        deleted += 1
    return deleted
