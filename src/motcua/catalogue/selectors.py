"""Reads of the catalogue used by the portal, the API and the exporters."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Concat, Length, Replace, Substr

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
    """Filter versions by a diacritics- and case-insensitive text query and the catalogue facets. With a
    query, the best matches come first (``search_rank``)."""
    qs = queryset if queryset is not None else published_versions()
    words = fold(query).split()
    for word in words:
        qs = qs.filter(search_text__contains=word)
    if words:
        qs = search_rank(qs, words)
    if level:
        qs = qs.filter(levels__contains=f",{level},")
    if field_id:
        qs = qs.filter(field_id=field_id)
    if agency_id:
        qs = qs.filter(competent_agencies__id=agency_id)
    if online_level:
        qs = qs.filter(online_level=online_level)
    return qs


# Punctuation that ends a word in a name: "(hộ tịch)" holds the whole word "ho". Not "." "-" "/", which are
# part of codes and numbers ("1.001193", "60/2014/QH13").
WORD_BREAKS = "(),;:\"'"


def _name_words() -> Combinable:
    """The folded name of a version (``search_text`` without its leading code), with spaces around it and
    instead of punctuation, so that " word " finds a whole word and " word" the start of one."""
    name: Combinable = Substr("search_text", Length("procedure__code") + 2)
    for mark in WORD_BREAKS:
        name = Replace(name, Value(mark), Value(" "))
    return Concat(Value(" "), name, Value(" "))


def search_rank(qs: QuerySet[ProcedureVersion], words: list[str]) -> QuerySet[ProcedureVersion]:
    """Order ``qs`` by how well its names match the folded query ``words``: each word scores 3 as a whole
    word of the name, 2 as the start of one, 1 inside one (the "ho" in "phong"), 0 when it matched only the
    code; the highest total first, then by code. The same simple score on SQLite and PostgreSQL."""
    qs = qs.annotate(name_words=_name_words())
    score: Combinable = Value(0)
    for word in words:
        score = score + Case(
            When(name_words__contains=f" {word} ", then=Value(3)),
            When(name_words__contains=f" {word}", then=Value(2)),
            When(name_words__contains=word, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return qs.annotate(search_score=score).order_by(F("search_score").desc(), "procedure__code")
