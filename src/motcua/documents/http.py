"""The one way an interface serves a slip as PDF."""

from __future__ import annotations

from django.http import HttpResponse

from motcua.documents.models import SlipKind
from motcua.documents.slips import slip_pdf
from motcua.dossiers.models import Dossier


def slip_response(dossier: Dossier, kind: str) -> HttpResponse | None:
    """The slip ``kind`` of ``dossier`` as an inline PDF; None for an unknown kind (the caller answers 404)."""
    if kind not in SlipKind.values or kind == SlipKind.REGISTER:
        return None
    response = HttpResponse(slip_pdf(dossier, kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{dossier.code}.pdf"'
    return response
