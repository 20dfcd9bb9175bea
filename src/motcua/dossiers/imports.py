"""Dossiers from a legacy one-stop system: written as they stand (status, dates), with the transition rows
their history implies, without running the process engine (no tasks, no codes issued, no due-date
arithmetic). Idempotent: the same row twice changes nothing; a changed row updates the dossier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalogue.models import ProcedureVersion
from motcua.core.audit import audit_log
from motcua.core.text import fold, squash
from motcua.dossiers.identity import normalize_phone
from motcua.dossiers.models import Dossier, DossierDocument, Transition
from motcua.organisation.models import Agency

IMPORT_NOTE = "imported"
IMPORTED_RESULT_NAME = "Kết quả điện tử đã ký số (nhập từ hệ thống cũ)"

S = Dossier.Status
# The transition that led to each final status (after "received"), and when it happened.
FINAL_ACTIONS: dict[int, tuple[str, str]] = {
    S.REFUSED: ("refused", "received_at"),
    S.IN_PROCESS: ("forwarded", "received_at"),
    S.SUPPLEMENT: ("supplement_requested", "received_at"),
    S.FEES_DUE: ("fees_requested", "received_at"),
    S.WITHDRAWN: ("withdrawn", "finished_at"),
    S.STOPPED: ("stopped", "finished_at"),
    S.FINISHED: ("approved", "finished_at"),
    S.RETURNED: ("approved", "finished_at"),
}


@dataclass
class ImportedDossier:
    code: str
    version: ProcedureVersion
    agency: Agency
    channel: str
    applicant_name: str
    applicant_phone: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    status: int
    result_delivery: str
    result_signed: bool


def _check(row: ImportedDossier) -> None:
    if row.status not in S.values:
        raise ValidationError({"status_code": [_("The status code must be 1 to 10.")]})
    if row.channel not in Dossier.Channel.values:
        raise ValidationError({"channel": [_("Unknown channel %(value)s.") % {"value": row.channel}]})
    if row.result_delivery not in Dossier.Delivery.values:
        raise ValidationError(
            {"result_delivery": [_("Unknown result delivery %(value)s.") % {"value": row.result_delivery}]}
        )
    if row.status != S.SUBMITTED and row.received_at is None:
        raise ValidationError({"received_at": [_("A received dossier needs its reception time.")]})
    if row.status in {S.FINISHED, S.RETURNED, S.WITHDRAWN, S.STOPPED} and row.finished_at is None:
        raise ValidationError({"finished_at": [_("A finished dossier needs its finishing time.")]})
    if row.status == S.RETURNED and row.returned_at is None:
        raise ValidationError({"returned_at": [_("A returned dossier needs its return time.")]})
    if row.received_at and row.finished_at and row.finished_at < row.received_at:
        raise ValidationError({"finished_at": [_("The dossier cannot finish before it was received.")]})
    if row.result_signed and row.status not in {S.FINISHED, S.RETURNED}:
        raise ValidationError({"result_signed": [_("Only a finished dossier has a signed result.")]})


def _values(row: ImportedDossier) -> dict[str, Any]:
    name = squash(row.applicant_name)[:255]
    return {
        "version": row.version,
        "agency": row.agency,
        "channel": row.channel,
        "status": row.status,
        "applicant_name": name,
        "applicant_name_folded": fold(name)[:255],
        "applicant_phone": normalize_phone(row.applicant_phone)[:16] if row.applicant_phone else "",
        "submitted_at": row.received_at if row.channel == Dossier.Channel.ONLINE else None,
        "received_at": row.received_at,
        "clock_started_at": row.received_at,
        "due_at": row.due_at,
        "original_due_at": row.due_at,
        "finished_at": row.finished_at,
        "returned_at": row.returned_at,
        "result_delivery": row.result_delivery,
    }


def _transitions(dossier: Dossier) -> list[Transition]:
    def make(action: str, at: dt.datetime, from_status: int | None, to_status: int) -> Transition:
        return Transition(
            dossier=dossier,
            action=action,
            at=at,
            from_status=from_status,
            to_status=to_status,
            agency=dossier.agency,
            step_deadline=dossier.due_at,
            note=IMPORT_NOTE,
        )

    rows: list[Transition] = []
    if dossier.channel == Dossier.Channel.ONLINE and dossier.received_at:
        rows.append(make("submitted", dossier.received_at, None, S.SUBMITTED))
    if dossier.status == S.SUBMITTED:
        return rows or [make("submitted", dossier.created_at, None, S.SUBMITTED)]
    assert dossier.received_at is not None
    if dossier.status != S.REFUSED:
        rows.append(make("received", dossier.received_at, rows[-1].to_status if rows else None, S.RECEIVED))
    final = FINAL_ACTIONS.get(dossier.status)
    if final is not None:
        action, when_field = final
        to_status = S.FINISHED if dossier.status == S.RETURNED else dossier.status
        rows.append(make(action, getattr(dossier, when_field), rows[-1].to_status if rows else None, to_status))
    if dossier.status == S.RETURNED and dossier.returned_at is not None:
        rows.append(make("returned", dossier.returned_at, S.FINISHED, S.RETURNED))
    return rows


def _signed_result(dossier: Dossier, wanted: bool) -> bool:
    """Keep the imported signed-result mark in step with ``wanted``; True if it changed."""
    marks = DossierDocument.objects.filter(dossier=dossier, kind=DossierDocument.Kind.RESULT, name=IMPORTED_RESULT_NAME)
    if wanted and not marks.exists():
        document = DossierDocument(
            dossier=dossier,
            kind=DossierDocument.Kind.RESULT,
            name=IMPORTED_RESULT_NAME,
            uploaded_at=dossier.finished_at,
            signed_at=dossier.finished_at,  # signed by the previous system; the file stayed there
        )
        document.save()
        return True
    if not wanted and marks.exists():
        marks.delete()
        return True
    return False


def _stored(dossier: Dossier, name: str) -> Any:
    return getattr(dossier, f"{name}_id") if name in {"version", "agency"} else getattr(dossier, name)


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, (ProcedureVersion, Agency)) else value


@transaction.atomic
def dossier_import(*, row: ImportedDossier, actor: Any = None) -> tuple[Dossier, str]:
    """Create or update the dossier ``row.code``: ``(dossier, "created" | "updated" | "unchanged")``."""
    code = squash(row.code)
    if not code or len(code) > 64:
        raise ValidationError({"code": [_("The dossier code is missing or longer than 64 characters.")]})
    _check(row)
    values = _values(row)
    dossier = Dossier.objects.select_for_update().filter(code=code).first()
    if dossier is None:
        dossier = Dossier.objects.create(code=code, applicant_id_number="", **values)
        Transition.objects.bulk_create(_transitions(dossier))
        _signed_result(dossier, row.result_signed)
        audit_log(action="dossier.imported", actor=actor, obj=dossier, code=code, status=dossier.status)
        return dossier, "created"
    changed = [name for name, value in values.items() if _stored(dossier, name) != _comparable(value)]
    for name in changed:
        setattr(dossier, name, values[name])
    if changed:
        dossier.lock_version += 1
        dossier.save(update_fields=[*changed, "lock_version"])
        dossier.transitions.filter(note=IMPORT_NOTE).delete()
        Transition.objects.bulk_create(_transitions(dossier))
    signed_changed = _signed_result(dossier, row.result_signed)
    if not changed and not signed_changed:
        return dossier, "unchanged"
    audit_log(action="dossier.import_updated", actor=actor, obj=dossier, code=code, fields=changed)
    return dossier, "updated"
