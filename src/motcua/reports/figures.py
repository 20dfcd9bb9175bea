"""The centre's statistics report: every figure is one database aggregate (``Count`` with ``Q`` filters),
never a loop over rows. Reads only; the keys of ``report_figures`` are a contract (issue #11).

Definitions (docs/formats.md, "Statistics report"):
- the period is ``start..end`` in local dates, both inclusive;
- procedures: published versions (the catalogue in use), by the kind of their agencies (lead or
  competent); five-on-site among the departments' procedures;
- dossiers.received: received in the period (not refused at reception); resolved: of those, finished
  (status 9 or 10) by the period's end; on time or early: finished at or before the due date (or without
  one); late: finished after it; online: received online;
- guidance sessions, hotline calls, SMS sent (not failed), postal returns (shipments to the applicant),
  surveys: those dated in the period; signed_results: resolved dossiers with a signed electronic result.
- sms_cost (an extra key): parts of the SMS counted in sms_sent × MOTCUA_SMS_PRICE_PER_PART, whole đồng,
  per local month (``by_month``) and in total.
- with an agency: that agency and the agencies under it; the hotline (which belongs to the centre) and
  SMS/post without a dossier are not attributed to an agency and are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.models import Dossier, DossierDocument, Task
from motcua.engagement.models import GuidanceSession, HotlineCall, Survey
from motcua.organisation.models import Agency

FINISHED = (Dossier.Status.FINISHED, Dossier.Status.RETURNED)
NOT_RECEIVED = (Dossier.Status.SUBMITTED, Dossier.Status.REFUSED)


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` in percent with 2 decimals (half up); None (N/A) when ``whole`` is 0."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first instant of ``start``, first instant after ``end``) in the current time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def agency_subtree(agency: Agency | int) -> list[int]:
    """The agency's id and those of every agency under it (the tree is small: one query)."""
    root = agency if isinstance(agency, int) else agency.pk
    children: dict[int | None, list[int]] = {}
    for pk, parent in Agency.objects.values_list("id", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [root]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


# --- the sources the report reads from other helpers' apps ------------------------------------------


def sms_sent_count(*, since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None) -> int:
    """SMS notices queued in the period that did not fail (failed or given up), from the notices outbox."""
    from motcua.notices.models import Notice, NoticeChannel

    qs = Notice.objects.filter(channel=NoticeChannel.SMS, created_at__gte=since, created_at__lt=until).exclude(
        state__in=[Notice.State.FAILED, Notice.State.GIVEN_UP]
    )
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    if level:
        qs = qs.filter(dossier__agency__level=level)
    return int(qs.count())


def sms_cost(
    *, since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None
) -> dict[str, Any]:
    """SMS parts × MOTCUA_SMS_PRICE_PER_PART per month, from the notices app's selector."""
    from motcua.notices.selectors import sms_cost_by_month

    return sms_cost_by_month(since=since, until=until, agency_ids=agency_ids, level=level)


def postal_returns_count(
    *, since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None
) -> int:
    """Results handed to the public postal service for the applicant in the period."""
    from motcua.postal.models import Shipment

    qs = Shipment.objects.filter(
        direction=Shipment.Direction.TO_APPLICANT, handed_over_at__gte=since, handed_over_at__lt=until
    )
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    if level:
        qs = qs.filter(dossier__agency__level=level)
    return int(qs.count())


def result_signed_filter() -> Q:
    """Dossiers with a signed electronic result (a result document the signing worker signed, or one
    imported as signed)."""
    documents = DossierDocument.objects.filter(
        dossier=OuterRef("pk"), kind=DossierDocument.Kind.RESULT, signed_at__isnull=False
    )
    return Q(Exists(documents))


# --- the figures -------------------------------------------------------------------------------------


def _procedure_figures(agency_ids: list[int] | None, level: str | None) -> dict[str, Any]:
    versions: QuerySet[ProcedureVersion] = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    if level:
        versions = versions.filter(levels__contains=f",{level},")
    if agency_ids is not None:
        versions = versions.filter(Q(lead_agency_id__in=agency_ids) | Q(competent_agencies__id__in=agency_ids))
    ids = versions.values("id")

    def kind_q(kind: str) -> Q:
        return Q(lead_agency__kind=kind) | Q(competent_agencies__kind=kind)

    kinds = [str(k) for k in Agency.Kind.values]
    base = ProcedureVersion.objects.filter(id__in=ids)
    row = base.aggregate(
        total=Count("id", distinct=True),
        **{kind: Count("id", distinct=True, filter=kind_q(kind)) for kind in kinds},
        five_of=Count("id", distinct=True, filter=kind_q(Agency.Kind.DEPARTMENT)),
        five_count=Count("id", distinct=True, filter=kind_q(Agency.Kind.DEPARTMENT) & Q(five_on_site=True)),
    )
    return {
        "total": row["total"],
        "by_agency_kind": {kind: row[kind] for kind in kinds},
        "five_on_site": {
            "count": row["five_count"],
            "of": row["five_of"],
            "rate": rate(row["five_count"], row["five_of"]),
        },
    }


def received_dossiers(
    since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None
) -> QuerySet[Dossier]:
    qs = Dossier.objects.filter(received_at__gte=since, received_at__lt=until).exclude(status__in=NOT_RECEIVED)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=agency_ids)
    if level:
        qs = qs.filter(agency__level=level)
    return qs


def _dossier_figures(received: QuerySet[Dossier], until: dt.datetime) -> dict[str, Any]:
    resolved = Q(status__in=FINISHED, finished_at__lt=until)
    on_time = resolved & (Q(due_at__isnull=True) | Q(finished_at__lte=F("due_at")))
    late = resolved & Q(finished_at__gt=F("due_at"))
    row = received.aggregate(
        received=Count("id"),
        resolved=Count("id", filter=resolved),
        on_time_or_early=Count("id", filter=on_time),
        late=Count("id", filter=late),
        online=Count("id", filter=Q(channel=Dossier.Channel.ONLINE)),
        signed=Count("id", filter=resolved & ~Q(outcome="refused") & result_signed_filter()),
    )
    return {
        "received": row["received"],
        "resolved": row["resolved"],
        "on_time_or_early": row["on_time_or_early"],
        "late": row["late"],
        "online": row["online"],
        "online_rate": rate(row["online"], row["received"]),
        "_signed": row["signed"],
    }


def _survey_figures(
    since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None
) -> dict[str, Any]:
    qs = Survey.objects.filter(at__gte=since, at__lt=until)
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    if level:
        qs = qs.filter(dossier__agency__level=level)
    satisfactions = [str(v) for v in Survey.Satisfaction.values]
    attitudes = [str(v) for v in Survey.Attitude.values]
    row = qs.aggregate(
        total=Count("id"),
        **{f"s_{v}": Count("id", filter=Q(satisfaction=v)) for v in satisfactions},
        **{f"a_{v}": Count("id", filter=Q(attitude=v)) for v in attitudes},
    )
    return {
        "total": row["total"],
        "satisfaction": {v: row[f"s_{v}"] for v in satisfactions},
        "attitude": {v: row[f"a_{v}"] for v in attitudes},
    }


def late_agencies(received: QuerySet[Dossier]) -> list[dict[str, Any]]:
    """Of the inter-agency dossiers received (steps held by more than one agency), per agency: the
    dossiers where it used more working time than its budget, and by how many minutes in all."""
    other_agency = Task.objects.filter(dossier=OuterRef("dossier")).exclude(agency=OuterRef("agency"))
    rows = (
        Task.objects.filter(dossier__in=received.values("id"), used_minutes__gt=F("budget_minutes"))
        .filter(Exists(other_agency))
        .values("agency__identifier", "agency__name")
        .annotate(
            dossiers=Count("dossier", distinct=True),
            steps=Count("id"),
            budget_minutes=Sum("budget_minutes"),
            used_minutes=Sum("used_minutes"),
        )
        .order_by("agency__identifier")
    )
    out = [
        {
            "identifier": r["agency__identifier"],
            "name": r["agency__name"],
            "dossiers": r["dossiers"],
            "steps": r["steps"],
            "budget_minutes": r["budget_minutes"],
            "used_minutes": r["used_minutes"],
            "overrun_minutes": r["used_minutes"] - r["budget_minutes"],
        }
        for r in rows
    ]
    return sorted(out, key=lambda r: (-r["overrun_minutes"], r["identifier"]))


def report_figures(
    *, start: dt.date, end: dt.date, agency: Agency | int | None = None, level: str | None = None
) -> dict[str, Any]:
    """The statistics of ``start..end`` (inclusive local dates), optionally for one agency (and those
    under it) and/or one level. Keys per issue #11."""
    since, until = period_bounds(start, end)
    agency_ids = agency_subtree(agency) if agency is not None else None
    received = received_dossiers(since, until, agency_ids, level)
    dossiers = _dossier_figures(received, until)
    signed = dossiers.pop("_signed")

    guidance = GuidanceSession.objects.filter(at__gte=since, at__lt=until)
    if agency_ids is not None:
        guidance = guidance.filter(
            Q(procedure__versions__lead_agency_id__in=agency_ids)
            | Q(procedure__versions__competent_agencies__id__in=agency_ids)
        )
    if level:
        guidance = guidance.filter(procedure__versions__levels__contains=f",{level},")
    calls = HotlineCall.objects.filter(at__gte=since, at__lt=until)
    hotline = 0 if agency_ids is not None or level else calls.count()

    agency_row = None
    if agency is not None:
        agency_obj = agency if isinstance(agency, Agency) else Agency.objects.get(pk=agency)
        agency_row = {"id": agency_obj.pk, "identifier": agency_obj.identifier, "name": agency_obj.name}
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "agency": agency_row,
        "level": level or None,
        "procedures": _procedure_figures(agency_ids, level),
        "dossiers": dossiers,
        "guidance_sessions": guidance.aggregate(n=Count("id", distinct=True))["n"],
        "hotline_calls": hotline,
        "sms_sent": sms_sent_count(since=since, until=until, agency_ids=agency_ids, level=level),
        "postal_returns": postal_returns_count(since=since, until=until, agency_ids=agency_ids, level=level),
        "sms_cost": sms_cost(since=since, until=until, agency_ids=agency_ids, level=level),
        "signed_results": signed,
        "surveys": _survey_figures(since, until, agency_ids, level),
        "late_agencies": late_agencies(received),
    }


def flat_rows(figures: dict[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    """``("dossiers.received", 12)``… for tables and spreadsheets (lists are left to their own sheet)."""
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flat_rows(value, f"{name}.")
        elif not isinstance(value, list):
            yield name, value
