"""Reads of the catalogue used by the portal, the API and the exporters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Concat, Length, Replace, Substr

from motcua.catalogue.models import Channel, Procedure, ProcedureVersion, RequiredDocument
from motcua.core.text import fold
from motcua.organisation.models import Agency


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


# --- governance (#13) ------------------------------------------------------------------------------------


def listing_deadline(decision_date: dt.date, days: int | None = None) -> dt.date:
    """The last day to list a procedure publicly: ``CATALOGUE_LISTING_DAYS`` working days after the
    announcing decision, counted by the working calendar."""
    from motcua.workdays.services import calendar_load

    calendar = calendar_load()
    remaining = settings.CATALOGUE_LISTING_DAYS if days is None else days
    day = decision_date
    while remaining > 0:
        day = calendar.next_working_day(day)
        remaining -= 1
    return day


def publication_state(version: ProcedureVersion, today: dt.date) -> str:
    """``on_time`` / ``late`` (listed after the deadline) / ``pending`` (not listed yet; ``overdue`` once
    the deadline passed)."""
    assert version.decision_date is not None
    deadline = listing_deadline(version.decision_date)
    if version.listed_on is not None:
        return "on_time" if version.listed_on <= deadline else "late"
    return "overdue" if today > deadline else "pending"


@dataclass
class TimelinessRow:
    agency_id: int | None
    agency: str
    level: str
    on_time: int = 0
    late: int = 0
    pending: int = 0
    overdue: int = 0


def timeliness_versions(*, start: dt.date, end: dt.date) -> QuerySet[ProcedureVersion]:
    """Versions whose announcing decision falls in the period (repealed ones aside)."""
    return (
        ProcedureVersion.objects.filter(decision_date__gte=start, decision_date__lte=end)
        .exclude(status=ProcedureVersion.Status.REPEALED)
        .select_related("procedure__owner_agency", "lead_agency")
        .order_by("procedure__code", "id")
    )


def timeliness_report(
    *, start: dt.date, end: dt.date, today: dt.date, agency_id: int | None = None, level: str = ""
) -> list[TimelinessRow]:
    """Published on time / late / pending, per owner agency (the lead agency when none is set) and level."""
    rows: dict[tuple[int | None, str], TimelinessRow] = {}
    labels = dict(Agency.Level.choices)
    for version in timeliness_versions(start=start, end=end):
        owner = version.procedure.owner_agency or version.lead_agency
        if agency_id is not None and (owner is None or owner.pk != agency_id):
            continue
        state = publication_state(version, today)
        for lv in version.level_list or [""]:
            if level and lv != level:
                continue
            key = (owner.pk if owner else None, lv)
            row = rows.get(key)
            if row is None:
                row = rows[key] = TimelinessRow(
                    agency_id=key[0], agency=owner.name if owner else "—", level=str(labels.get(lv, "—"))
                )
            setattr(row, state, getattr(row, state) + 1)
    return sorted(rows.values(), key=lambda r: (r.agency, r.level))


def flagged_procedures() -> QuerySet[Procedure]:
    return Procedure.objects.filter(needs_review=True).select_related("owner_agency").order_by("code")


def inter_agency_report() -> list[tuple[ProcedureVersion, list[str]]]:
    """Draft and published inter-agency versions and what their internal process lacks (only those
    lacking something)."""
    from motcua.catalogue.process import inter_agency_limit_problems

    out = []
    qs = (
        ProcedureVersion.objects.filter(status__in=[ProcedureVersion.Status.DRAFT, ProcedureVersion.Status.PUBLISHED])
        .select_related("procedure")
        .order_by("procedure__code", "id")
    )
    for version in qs:
        problems = inter_agency_limit_problems(version)
        if problems:
            out.append((version, problems))
    return out


def counter_listing(counter_id: int) -> list[ProcedureVersion]:
    """The published procedures served at a counter (niêm yết): those of the floor areas the counter
    serves, and those carried out by the counter's agency; with channels and required documents."""
    from motcua.organisation.models import Counter

    counter = Counter.objects.get(pk=counter_id)
    wanted = Q(pk__in=[])
    if apps.is_installed("motcua.floor"):
        wanted |= Q(procedure__service_areas__counters=counter)
    if counter.agency_id is not None:
        wanted |= Q(competent_agencies=counter.agency_id)
    published = ProcedureVersion.objects.filter(wanted, status=ProcedureVersion.Status.PUBLISHED)
    ids = set(published.values_list("pk", flat=True))
    return list(
        ProcedureVersion.objects.filter(pk__in=ids)
        .select_related("procedure")
        .prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("id")),
            Prefetch("documents", queryset=RequiredDocument.objects.order_by("position", "id")),
        )
        .order_by("procedure__code")
    )
