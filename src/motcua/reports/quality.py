"""The service-quality index of Decision 766/QĐ-TTg (100 points), group by group, from the data.

Every indicator is a numerator over a denominator counted by database aggregates (three queries for a
scope: procedures, dossiers, surveys) and scored pro rata against the level where it earns full marks.
A zero denominator, or an indicator the system does not record, is N/A: it scores nothing and is left
out of ``assessed_points`` (``score_100`` rescales the assessed points to 100). The scope is the one of
``report_figures``: a period, optionally an agency (and those under it) and/or a level.

Groups and indicators (points; full marks at):
- publicity 18: procedures published with their announcing decision (6; 100 %), published complete —
  a time limit on every channel and at least one required document (6; 100 %), dossiers synchronised to
  the national portal (6; 100 %; N/A while MOTCUA_NATIONAL_SYNC_URL is empty);
- progress 20: resolved on time or early (10; 100 %), processing time within the time allowed — total
  time allowed over total time used by the resolved dossiers with a due date (10; 100 %);
- online service 12: published procedures offered online, fully or partly (4; 100 %), of those, the ones
  that received an online dossier in the period (4; 100 %), dossiers received online (4; 50 %);
- online payment 10: fee-bearing dossiers (a fee, not exempted) paid online (10; 100 %);
- digitisation 22: granted resolved dossiers with an electronic result (8; 80 %), received dossiers with
  digitised inputs — at least one scanned received document (7; 80 %), reuse of digitised data (7;
  not recorded: N/A);
- satisfaction 18: satisfied or very satisfied survey answers (6; 90 %), satisfaction = 100 % − (late
  rate + share of received dossiers with a complaint, read as a "dissatisfied" survey answer) (12; 90 %).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.utils.translation import gettext as _

from motcua.catalogue.models import Channel, ProcedureVersion, RequiredDocument
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.engagement.models import Survey
from motcua.organisation.models import Agency
from motcua.reports.figures import FINISHED, agency_subtree, period_bounds, rate, received_dossiers

TWO = Decimal("0.01")


def _round(value: Decimal) -> float:
    return float(value.quantize(TWO, rounding=ROUND_HALF_UP))


@dataclass
class Indicator:
    key: str
    name: str
    points: int
    numerator: float | int | None
    denominator: float | int | None
    full_at: int = 100  # percent where the indicator earns all its points
    note: str = ""

    @property
    def value(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return _round(Decimal(str(self.numerator)) * 100 / Decimal(str(self.denominator)))

    @property
    def score(self) -> float | None:
        value = self.value
        if value is None:
            return None
        share = min(Decimal(str(value)) / Decimal(self.full_at), Decimal(1))
        return _round(max(share, Decimal(0)) * self.points)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "points": self.points,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "full_at": self.full_at,
            "score": self.score,
            "note": self.note,
        }


def _procedure_counts(agency_ids: list[int] | None, level: str | None, since: dt.datetime, until: dt.datetime) -> Any:
    versions = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    if level:
        versions = versions.filter(levels__contains=f",{level},")
    if agency_ids is not None:
        versions = versions.filter(Q(lead_agency_id__in=agency_ids) | Q(competent_agencies__id__in=agency_ids))
    untimed = Channel.objects.filter(version=OuterRef("pk"), time_limit__isnull=True)
    documents = RequiredDocument.objects.filter(version=OuterRef("pk"))
    online = Q(online_level__in=["full", "partial"])
    received_online = Dossier.objects.filter(
        version__procedure=OuterRef("procedure"),
        channel=Dossier.Channel.ONLINE,
        received_at__gte=since,
        received_at__lt=until,
    )
    if agency_ids is not None:
        received_online = received_online.filter(agency_id__in=agency_ids)
    return ProcedureVersion.objects.filter(id__in=versions.values("id")).aggregate(
        published=Count("id"),
        announced=Count("id", filter=~Q(decision_number="") & Q(decision_date__isnull=False)),
        complete=Count("id", filter=Q(Exists(documents)) & ~Q(Exists(untimed)) & Q(channels__isnull=False)),
        offered_online=Count("id", filter=online),
        used_online=Count("id", filter=online & Q(Exists(received_online))),
    )


def _dossier_counts(received: Any, until: dt.datetime) -> dict[str, Any]:
    resolved = Q(status__in=FINISHED, finished_at__lt=until)
    granted = resolved & ~Q(outcome="refused")
    result = DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DossierDocument.Kind.RESULT)
    scanned = DossierDocument.objects.filter(dossier=OuterRef("pk"), kind=DossierDocument.Kind.RECEIVED).exclude(
        file=""
    )
    fee_bearing = Q(fee_amount__gt=0, fee_exempt=False)
    counts: dict[str, Any] = dict(
        received=Count("id"),
        resolved=Count("id", filter=resolved),
        on_time=Count("id", filter=resolved & (Q(due_at__isnull=True) | Q(finished_at__lte=F("due_at")))),
        late=Count("id", filter=resolved & Q(finished_at__gt=F("due_at"))),
        online=Count("id", filter=Q(channel=Dossier.Channel.ONLINE)),
        granted=Count("id", filter=granted),
        with_result=Count("id", filter=granted & Q(Exists(result))),
        scanned=Count("id", filter=Q(Exists(scanned))),
        fee_bearing=Count("id", filter=fee_bearing),
        allowed=Sum(
            ExpressionWrapper(F("due_at") - F("received_at"), output_field=DurationField()),
            filter=resolved & Q(due_at__isnull=False),
        ),
        used=Sum(
            ExpressionWrapper(F("finished_at") - F("received_at"), output_field=DurationField()),
            filter=resolved & Q(due_at__isnull=False),
        ),
    )
    if apps.is_installed("motcua.payments"):
        from motcua.payments.models import LedgerEntry

        paid_online = LedgerEntry.objects.filter(
            dossier=OuterRef("pk"), kind=LedgerEntry.Kind.PAYMENT, method=LedgerEntry.Method.ONLINE
        )
        counts["paid_online"] = Count("id", filter=fee_bearing & Q(Exists(paid_online)))
    if apps.is_installed("motcua.sync") and settings.NATIONAL_SYNC_URL:  # off: not assessed
        from motcua.sync.models import SyncEvent

        synced = SyncEvent.objects.filter(dossier=OuterRef("pk"), kind="status", state="sent")
        counts["synced"] = Count("id", filter=Q(Exists(synced)))
    row = received.aggregate(**counts)
    row.setdefault("paid_online", None)
    row.setdefault("synced", None)
    return row


def _survey_counts(since: dt.datetime, until: dt.datetime, agency_ids: list[int] | None, level: str | None) -> Any:
    qs = Survey.objects.filter(at__gte=since, at__lt=until)
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    if level:
        qs = qs.filter(dossier__agency__level=level)
    return qs.aggregate(
        total=Count("id"),
        satisfied=Count("id", filter=Q(satisfaction__in=["very_satisfied", "satisfied"])),
        complaints=Count("dossier", distinct=True, filter=Q(satisfaction="dissatisfied", dossier__isnull=False)),
    )


def _seconds(value: dt.timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds())


def _time_ratio(allowed: int | None, used: int | None) -> tuple[int | None, int | None]:
    """(time allowed, time used) in seconds; nothing used at all counts as within the time allowed."""
    if allowed is None or used is None:
        return None, None
    return (allowed, used) if used > 0 else (1, 1)


def quality_index(
    *, start: dt.date, end: dt.date, agency: Agency | int | None = None, level: str | None = None
) -> dict[str, Any]:
    """The Decision 766 index of one scope with every numerator and denominator."""
    since, until = period_bounds(start, end)
    agency_ids = agency_subtree(agency) if agency is not None else None
    p = _procedure_counts(agency_ids, level, since, until)
    d = _dossier_counts(received_dossiers(since, until, agency_ids, level), until)
    s = _survey_counts(since, until, agency_ids, level)

    late_rate = rate(d["late"], d["resolved"])
    complaint_rate = rate(s["complaints"], d["received"])
    satisfaction_value = None
    if late_rate is not None and complaint_rate is not None:
        satisfaction_value = max(Decimal(100) - Decimal(str(late_rate)) - Decimal(str(complaint_rate)), Decimal(0))
    allowed, used = _seconds(d["allowed"]), _seconds(d["used"])
    not_recorded = _("not recorded by this system")
    groups = [
        ("publicity", _("Publicity and transparency"), 18, [
            Indicator("announced", _("Published procedures with their announcing decision"), 6,
                      p["announced"], p["published"]),
            Indicator("complete", _("Published procedures complete (time limits, required documents)"), 6,
                      p["complete"], p["published"]),
            Indicator("synced", _("Received dossiers synchronised to the national portal"), 6,
                      d["synced"], d["received"], note="" if d["synced"] is not None else not_recorded),
        ]),
        ("progress", _("Progress of handling"), 20, [
            Indicator("on_time", _("Resolved dossiers on time or early"), 10, d["on_time"], d["resolved"]),
            Indicator("time_used", _("Time allowed over time used (seconds, resolved dossiers)"), 10,
                      *_time_ratio(allowed, used)),
        ]),
        ("online", _("Online public services"), 12, [
            Indicator("offered_online", _("Published procedures offered online"), 4,
                      p["offered_online"], p["published"]),
            Indicator("used_online", _("Online procedures that received an online dossier"), 4,
                      p["used_online"], p["offered_online"]),
            Indicator("received_online", _("Dossiers received online"), 4, d["online"], d["received"], full_at=50),
        ]),
        ("payment", _("Online payment"), 10, [
            Indicator("paid_online", _("Fee-bearing dossiers paid online"), 10, d["paid_online"], d["fee_bearing"],
                      note="" if d["paid_online"] is not None else not_recorded),
        ]),
        ("digitisation", _("Digitisation"), 22, [
            Indicator("electronic_results", _("Granted dossiers with an electronic result"), 8,
                      d["with_result"], d["granted"], full_at=80),
            Indicator("digitised_inputs", _("Received dossiers with digitised inputs"), 7,
                      d["scanned"], d["received"], full_at=80),
            Indicator("data_reuse", _("Reuse of digitised data"), 7, None, None, full_at=80, note=not_recorded),
        ]),
        ("satisfaction", _("Satisfaction"), 18, [
            Indicator("satisfied_answers", _("Survey answers satisfied or very satisfied"), 6,
                      s["satisfied"], s["total"], full_at=90),
            Indicator("satisfaction", _("100 % − (late rate + share of dossiers with a complaint)"), 12,
                      float(satisfaction_value) if satisfaction_value is not None else None,
                      100 if satisfaction_value is not None else None, full_at=90,
                      note=_("late %(late)s %% of %(resolved)s resolved; complaints %(complaints)s of %(received)s")
                      % {"late": late_rate if late_rate is not None else "N/A", "resolved": d["resolved"],
                         "complaints": s["complaints"], "received": d["received"]}),
        ]),
    ]  # fmt: skip
    out_groups = []
    total, assessed = Decimal(0), 0
    for key, name, points, indicators in groups:
        rows = [i.as_dict() for i in indicators]
        scored = [r for r in rows if r["score"] is not None]
        score = sum((Decimal(str(r["score"])) for r in scored), Decimal(0))
        group_assessed = sum(r["points"] for r in scored)
        total += score
        assessed += group_assessed
        out_groups.append(
            {
                "key": key,
                "name": name,
                "points": points,
                "score": _round(score) if scored else None,
                "assessed_points": group_assessed,
                "indicators": rows,
            }
        )
    agency_row = None
    if agency is not None:
        found = agency if isinstance(agency, Agency) else Agency.objects.get(pk=agency)
        agency_row = {"id": found.pk, "identifier": found.identifier, "name": found.name}
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "agency": agency_row,
        "level": level or None,
        "score": _round(total),
        "assessed_points": assessed,
        "score_100": _round(total * 100 / assessed) if assessed else None,
        "groups": out_groups,
    }


def quality_ranking(*, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The index for the province, each level and each agency with dossiers or procedures (own subtree)."""
    levels = [lv for lv in Agency.Level.values if Agency.objects.filter(level=lv).exists()]
    agencies = (
        Agency.objects.filter(Q(dossiers__isnull=False) | Q(parent__isnull=True)).distinct().order_by("identifier")
    )
    return {
        "province": quality_index(start=start, end=end),
        "levels": [{"level": lv, **quality_index(start=start, end=end, level=lv)} for lv in levels],
        "agencies": sorted(
            (quality_index(start=start, end=end, agency=a) for a in agencies),
            key=lambda r: (-(r["score_100"] or 0), r["agency"]["identifier"]),
        ),
    }


def _shown(value: Any) -> str:
    return "N/A" if value is None else str(value)


def quality_table(index: dict[str, Any]) -> str:
    """The index as a plain text table: each indicator with its numerator / denominator, value and score."""
    lines = [
        _("Decision 766 quality index, %(start)s – %(end)s")
        % {"start": index["period"]["from"], "end": index["period"]["to"]},
        _("Score: %(score)s of %(assessed)s points assessed (%(score_100)s / 100)")
        % {
            "score": index["score"],
            "assessed": index["assessed_points"],
            "score_100": _shown(index["score_100"]),
        },
    ]
    for group in index["groups"]:
        lines.append(f"\n{group['name']}: {_shown(group['score'])} / {group['points']}")
        for row in group["indicators"]:
            value = "N/A" if row["value"] is None else f"{row['value']}%"
            lines.append(
                f"  {row['name']}: {_shown(row['numerator'])} / {_shown(row['denominator'])} = {value}"
                f" → {_shown(row['score'])} / {row['points']}" + (f" ({row['note']})" if row["note"] else "")
            )
    return "\n".join(lines) + "\n"
