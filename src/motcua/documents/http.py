"""The one way an interface serves a slip as PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from motcua.core.audit import audit_read
from motcua.documents.models import SlipKind
from motcua.documents.slips import SlipUnavailable, slip_pdf
from motcua.dossiers.models import Dossier


def slip_response(dossier: Dossier, kind: str, *, actor: Any, via: str) -> HttpResponse | None:
    """The slip ``kind`` of ``dossier`` as an inline PDF; None for an unknown kind, or a slip about an event
    the dossier never had, e.g. an apology (the caller answers 404). The read is audited
    (``slip.downloaded``): a slip carries the applicant's personal data."""
    if kind not in SlipKind.values or kind == SlipKind.REGISTER:
        return None
    try:
        pdf = slip_pdf(dossier, kind)
    except SlipUnavailable:
        return None
    audit_read(action="slip.downloaded", actor=actor, obj=dossier, code=dossier.code, kind=kind, via=via)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{dossier.code}.pdf"'
    return response
