"""``{% load notices %}{% dossier_notices dossier %}``: the notices sent about a dossier and their state,
for the staff dossier page (``staff=True``: recipients and reasons in full) and the tracking page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier
from motcua.notices.selectors import notices_for_dossier

register = template.Library()


@register.inclusion_tag("notices/_list.html")
def dossier_notices(dossier: Dossier, staff: bool = False) -> dict[str, Any]:
    return {"notices": notices_for_dossier(dossier), "staff": staff}
