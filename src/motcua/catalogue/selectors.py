"""Reads of the catalogue used by the portal, the API and the exporters."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from motcua.catalogue.models import Channel, ProcedureVersion
from motcua.core.text import fold


def published_versions() -> QuerySet[ProcedureVersion]:
    """The version in force of every published procedure, ready for listing."""
    return (
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure", "field")
        .prefetch_related(Prefetch("channels", queryset=Channel.objects.order_by("id")))
        .order_by("procedure__code")
    )


def procedure_search(
    *,
    query: str = "",
    level: str = "",
    field_id: int | None = None,
    agency_id: int | None = None,
    online_level: str = "",
    queryset: QuerySet[ProcedureVersion] | None = None,
) -> QuerySet[ProcedureVersion]:
    """Filter versions by a diacritics- and case-insensitive text query and the catalogue facets."""
    qs = queryset if queryset is not None else published_versions()
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    if level:
        qs = qs.filter(levels__contains=f",{level},")
    if field_id:
        qs = qs.filter(field_id=field_id)
    if agency_id:
        qs = qs.filter(competent_agencies__id=agency_id)
    if online_level:
        qs = qs.filter(online_level=online_level)
    return qs
