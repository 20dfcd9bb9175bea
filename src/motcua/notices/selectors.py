"""Reads of the notice outbox."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Sum, Value
from django.db.models.functions import Greatest, TruncMonth
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.notices.models import Notice, NoticeChannel


def notices_for_dossier(dossier: Dossier) -> list[Notice]:
    """The dossier's notices, oldest first."""
    return list(Notice.objects.filter(dossier=dossier).order_by("created_at", "id"))


def sms_cost_by_month(
    *,
    since: dt.datetime,
    until: dt.datetime,
    agency_ids: list[int] | None = None,
    level: str | None = None,
    price_per_part: float | Decimal | None = None,
) -> dict[str, Any]:
    """What the SMS of ``since..until`` cost, month by month (local months): parts × the price of one part
    (MOTCUA_SMS_PRICE_PER_PART, đồng). The SMS counted are those of the report's ``sms_sent`` (queued in
    the period, not failed or given up); an SMS without a known length (imported history) is one part.
    Costs are whole đồng, rounded half up per month; the total is the sum of the months."""
    price = Decimal(str(settings.SMS_PRICE_PER_PART if price_per_part is None else price_per_part))
    qs = Notice.objects.filter(channel=NoticeChannel.SMS, created_at__gte=since, created_at__lt=until).exclude(
        state__in=[Notice.State.FAILED, Notice.State.GIVEN_UP]
    )
    if agency_ids is not None:
        qs = qs.filter(dossier__agency_id__in=agency_ids)
    if level:
        qs = qs.filter(dossier__agency__level=level)
    rows = (
        qs.annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(sms=Count("id"), parts=Sum(Greatest("sms_parts", Value(1))))
        .order_by("month")
    )
    months = []
    for row in rows:
        parts = int(row["parts"] or 0)
        cost = int((parts * price).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        months.append({"month": f"{row['month']:%Y-%m}", "sms": int(row["sms"]), "parts": parts, "cost": cost})
    return {
        "price_per_part": float(price),
        "parts": sum(m["parts"] for m in months),
        "cost": sum(m["cost"] for m in months),
        "by_month": months,
    }
