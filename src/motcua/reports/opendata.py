"""Open data (no personal data): the published catalogue as rows, and a month's aggregate statistics.
The portal serves them at stable public URLs (portal/opendata.py, docs/formats.md "Open data")."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from motcua.catalogue.models import Channel, ProcedureVersion
from motcua.core.inputs import FIRST_DATE
from motcua.reports.figures import report_figures
from motcua.reports.quality import quality_index

CATALOGUE_COLUMNS = [
    "code",
    "name",
    "field",
    "levels",
    "agency_identifier",
    "agency_name",
    "online_level",
    "five_on_site",
    "in_person_time_limit",
    "online_time_limit",
    "time_unit",
    "fee",
    "decision_number",
    "decision_date",
    "effective_from",
]


def _number(value: Any) -> Any:
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def catalogue_rows() -> list[dict[str, Any]]:
    """Every published procedure version, by national code (three queries); the agency is the lead agency,
    else the competent agencies joined by "; "."""
    versions = list(
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .order_by("procedure__code")
        .values(
            "id",
            "procedure__code",
            "name",
            "field__name",
            "levels",
            "lead_agency__identifier",
            "lead_agency__name",
            "online_level",
            "five_on_site",
            "decision_number",
            "decision_date",
            "effective_from",
        )
    )
    channels: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in Channel.objects.filter(version_id__in=[v["id"] for v in versions]).values(
        "version_id", "channel", "time_limit", "time_unit", "fee_amount"
    ):
        channels[row["version_id"]][row["channel"]] = dict(row)
    competent: dict[int, list[tuple[str, str]]] = defaultdict(list)
    through = ProcedureVersion.competent_agencies.through
    for version_id, identifier, name in (
        through.objects.filter(procedureversion_id__in=[v["id"] for v in versions])
        .order_by("agency__identifier")
        .values_list("procedureversion_id", "agency__identifier", "agency__name")
    ):
        competent[version_id].append((identifier, name))
    out = []
    for v in versions:
        agencies = (
            [(v["lead_agency__identifier"], v["lead_agency__name"])]
            if v["lead_agency__identifier"]
            else competent.get(v["id"], [])
        )
        by_channel = channels.get(v["id"], {})
        first = next(iter(by_channel.values()), {})
        out.append(
            {
                "code": v["procedure__code"],
                "name": v["name"],
                "field": v["field__name"] or "",
                "levels": [lv for lv in v["levels"].split(",") if lv],
                "agency_identifier": "; ".join(a[0] for a in agencies),
                "agency_name": "; ".join(a[1] for a in agencies),
                "online_level": v["online_level"],
                "five_on_site": v["five_on_site"],
                "in_person_time_limit": _number(by_channel.get("in_person", {}).get("time_limit")),
                "online_time_limit": _number(by_channel.get("online", {}).get("time_limit")),
                "time_unit": first.get("time_unit", ""),
                "fee": _number(first.get("fee_amount")),
                "decision_number": v["decision_number"],
                "decision_date": v["decision_date"].isoformat() if v["decision_date"] else None,
                "effective_from": v["effective_from"].isoformat() if v["effective_from"] else None,
            }
        )
    return out


def month_open(year: int, month: int) -> bool:
    """A month with open statistics: from the calendar's first year up to the current month."""
    if not 1 <= month <= 12:
        return False
    first = dt.date(year, month, 1) if 1 <= year <= 9999 else None
    today = timezone.localdate()
    return first is not None and FIRST_DATE <= first <= today


def month_statistics(year: int, month: int) -> dict[str, Any]:
    """The report's figures and the Decision 766 index of one month for the whole province: counts,
    rates and scores only (a month still running is marked ``complete: false``)."""
    start = dt.date(year, month, 1)
    end = dt.date(year, month, calendar.monthrange(year, month)[1])
    figures = report_figures(start=start, end=end)
    figures.pop("agency", None)
    figures.pop("level", None)
    index = quality_index(start=start, end=end)
    return {
        "period": figures.pop("period"),
        "complete": end < timezone.localdate(),
        **figures,
        "quality_index": {
            "score": index["score"],
            "assessed_points": index["assessed_points"],
            "score_100": index["score_100"],
            "groups": {
                g["key"]: {
                    "score": g["score"],
                    "points": g["points"],
                    "indicators": {
                        i["key"]: {k: i[k] for k in ("numerator", "denominator", "value", "score", "points")}
                        for i in g["indicators"]
                    },
                }
                for g in index["groups"]
            },
        },
    }
