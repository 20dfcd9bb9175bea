"""``{% load national_sync %}{% dossier_sync_log dossier %}``: the dossier's national portal sync log, for
the staff dossier page (nothing when the dossier has no event)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.sync.selectors import sync_log

register = template.Library()


@register.inclusion_tag("sync/_log.html")
def dossier_sync_log(dossier: Any) -> dict[str, Any]:
    return {"events": list(sync_log(dossier))}
