"""Explicit output shapes of the public API v1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from motcua.catalogue.models import Channel, ProcedureVersion
from motcua.organisation.models import Agency

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier


def iso(value: dt.datetime | None) -> str | None:
    """An instant in Vietnam's time as an RFC 3339 date-time (what OpenAPI's ``date-time`` means: seconds
    included, even though every instant is kept to the minute), with the +07:00 offset."""
    from django.utils import timezone

    return timezone.localtime(value).replace(microsecond=0).isoformat(timespec="seconds") if value else None


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def channel_to_dict(channel: Channel) -> dict[str, Any]:
    return {
        "channel": channel.channel,
        "time_limit": number(channel.time_limit),
        "time_unit": channel.time_unit,
        "fee": None
        if channel.fee_amount is None
        else {"amount": number(channel.fee_amount), "currency": channel.fee_currency, "kind": channel.fee_kind or None},
    }


def procedure_summary(version: ProcedureVersion) -> dict[str, Any]:
    levels = version.level_list
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name if version.field else None,
        "level": levels[0] if levels else None,
        "levels": levels,
        "status": version.status,
        "online_level": version.online_level,
        "five_on_site": version.five_on_site,
        "channels": [channel_to_dict(c) for c in version.channels.all()],
    }


def procedure_detail(version: ProcedureVersion) -> dict[str, Any]:
    data = procedure_summary(version)
    data.update(
        {
            "kind": version.kind or None,
            "applicants": version.applicants,
            "after_15h_next_day": version.after_15h_next_day,
            "legacy_online_level": version.legacy_online_level,
            "decision": {
                "number": version.decision_number or None,
                "date": version.decision_date.isoformat() if version.decision_date else None,
                "signer": version.decision_signer or None,
            },
            "effective_from": version.effective_from.isoformat() if version.effective_from else None,
            "effective_to": version.effective_to.isoformat() if version.effective_to else None,
            "competent_agency_text": version.competent_agency_text,
            "receiving_agencies": [a.identifier for a in version.competent_agencies.all()],
            "lead_agency": version.lead_agency.identifier if version.lead_agency else None,
            "cooperating_agencies": [a.identifier for a in version.cooperating_agencies.all()],
            "steps": version.steps,
            "requirements": version.requirements,
            "result": {"name": version.result_name, "code": version.result_code or None},
            "documents": [
                {
                    "name": d.name,
                    "group": d.group or None,
                    "form": d.form_name or None,
                    "originals": d.originals,
                    "copies": d.copies,
                }
                for d in version.documents.all()
            ],
            "legal_basis": [{"title": b.title, "number": b.number or None} for b in version.legal_bases.all()],
        }
    )
    return data


def agency_to_dict(agency: Agency) -> dict[str, Any]:
    return {
        "identifier": agency.identifier,
        "name": agency.name,
        "kind": agency.kind,
        "level": agency.level,
        "parent": agency.parent.identifier if agency.parent else None,
        "active_from": agency.active_from.isoformat() if agency.active_from else None,
        "active_to": agency.active_to.isoformat() if agency.active_to else None,
    }


def dossier_public(found: dict[str, Any]) -> dict[str, Any]:
    """What the applicant may see of a dossier: status, dates, and the steps (no staff notes)."""

    from motcua.dossiers.models import ACTION_LABELS, Dossier

    return {
        "code": found["code"],
        "procedure": found["version__name"],
        "status_code": found["status"],
        "status": str(Dossier.Status(found["status"]).label),
        "received_at": iso(found["received_at"]),
        "due_at": iso(found["due_at"]),
        "finished_at": iso(found["finished_at"]),
        "history": [
            {"at": iso(at), "action": action, "label": str(ACTION_LABELS.get(action, action))}
            for at, action in found["history"]
        ],
    }


def result_documents(dossier: Dossier) -> list[dict[str, Any]]:
    """The electronic results attached to a dossier, oldest first (the last one is what the applicant
    downloads); ``sha256`` lets a receiving system check the file it gets."""

    from motcua.dossiers.models import DossierDocument

    rows = dossier.documents.filter(kind=DossierDocument.Kind.RESULT).exclude(file="").order_by("id")
    return [
        {
            "name": d.name,
            "sha256": d.sha256 or None,
            "uploaded_at": iso(d.uploaded_at),
        }
        for d in rows
    ]
