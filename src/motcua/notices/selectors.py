"""Reads of the notice outbox."""

from __future__ import annotations

from motcua.dossiers.models import Dossier
from motcua.notices.models import Notice


def notices_for_dossier(dossier: Dossier) -> list[Notice]:
    """The dossier's notices, oldest first."""
    return list(Notice.objects.filter(dossier=dossier).order_by("created_at", "id"))
