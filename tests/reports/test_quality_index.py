"""The Decision 766 quality index: every indicator is a numerator over a denominator from the data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward
from motcua.engagement.services import survey_record
from motcua.payments.models import LedgerEntry
from motcua.reports.quality import quality_index, quality_ranking
from tests.conftest import Cast
from tests.dossiers.factories import at, procedure_for, received

pytestmark = pytest.mark.django_db
MARCH = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 3, 31)}


def indicator(index: dict[str, Any], key: str) -> dict[str, Any]:
    return next(i for g in index["groups"] for i in g["indicators"] if i["key"] == key)


def group(index: dict[str, Any], key: str) -> dict[str, Any]:
    return next(g for g in index["groups"] if g["key"] == key)


def finish(cast: Cast, dossier: Dossier, when: str) -> Dossier:
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at(when))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at(when))


@pytest.fixture
def march(cast: Cast) -> dict[str, Dossier]:
    """Four dossiers received in March: one finished on time, one finished late, one online, one open."""
    ten_days = procedure_for(cast, days=10)
    one_day = procedure_for(cast, code="2.000489", days=1)
    on_time = finish(cast, received(cast, "2027-03-01 08:00", version=ten_days), "2027-03-03 09:00")
    late = finish(cast, received(cast, "2027-03-01 09:00", version=one_day), "2027-03-08 09:00")
    online = received(cast, "2027-03-02 08:00", version=ten_days, channel=Dossier.Channel.ONLINE)
    still_open = received(cast, "2027-03-02 09:00", version=ten_days)
    survey_record(at=at("2027-03-08 10:00"), satisfaction="dissatisfied", attitude="normal", dossier=late)
    survey_record(at=at("2027-03-03 10:00"), satisfaction="very_satisfied", attitude="very_polite", dossier=on_time)
    return {"on_time": on_time, "late": late, "online": online, "open": still_open}


def test_with_no_data_every_indicator_is_not_assessed() -> None:
    index = quality_index(**MARCH)
    assert index["score"] == 0 and index["assessed_points"] == 0 and index["score_100"] is None
    assert {i["score"] for g in index["groups"] for i in g["indicators"]} == {None}


def test_the_groups_carry_the_decision_766_points() -> None:
    index = quality_index(**MARCH)
    points = {g["key"]: g["points"] for g in index["groups"]}
    assert points == {
        "publicity": 18, "progress": 20, "online": 12, "payment": 10, "digitisation": 22, "satisfaction": 18,
    }  # fmt: skip
    assert sum(points.values()) == 100
    assert sum(i["points"] for g in index["groups"] for i in g["indicators"]) == 100


def test_progress_counts_on_time_over_resolved(march: dict[str, Dossier]) -> None:
    index = quality_index(**MARCH)
    on_time = indicator(index, "on_time")
    assert (on_time["numerator"], on_time["denominator"], on_time["value"], on_time["score"]) == (1, 2, 50.0, 5.0)
    time_used = indicator(index, "time_used")
    assert time_used["numerator"] > 0 and time_used["denominator"] > 0 and 0 < time_used["score"] <= 10


def test_online_dossiers_earn_full_marks_at_half(march: dict[str, Dossier]) -> None:
    row = indicator(quality_index(**MARCH), "received_online")
    assert (row["numerator"], row["denominator"], row["value"], row["full_at"]) == (1, 4, 25.0, 50)
    assert row["score"] == 2.0  # 25 % of the 50 % that earns the 4 points


def test_satisfaction_is_100_minus_late_and_complaints(march: dict[str, Dossier]) -> None:
    index = quality_index(**MARCH)
    row = indicator(index, "satisfaction")
    # late 1 of 2 resolved = 50 %; complaints (dissatisfied answers) 1 of 4 received = 25 %
    assert row["numerator"] == 25.0 and row["denominator"] == 100
    assert row["score"] == round(12 * 25 / 90, 2)
    answers = indicator(index, "satisfied_answers")
    assert (answers["numerator"], answers["denominator"], answers["score"]) == (1, 2, round(6 * 50 / 90, 2))


def test_online_payment_counts_fee_bearing_dossiers_paid_online(march: dict[str, Dossier]) -> None:
    LedgerEntry.objects.create(
        dossier=march["online"],
        kind=LedgerEntry.Kind.PAYMENT,
        method=LedgerEntry.Method.ONLINE,
        amount=Decimal(200000),
        at=timezone.now(),
    )
    row = indicator(quality_index(**MARCH), "paid_online")
    assert (row["numerator"], row["denominator"], row["value"]) == (1, 4, 25.0)
    assert row["score"] == 2.5


def test_data_reuse_is_not_assessed_and_the_rest_is_rescaled(march: dict[str, Dossier]) -> None:
    index = quality_index(**MARCH)
    reuse = indicator(index, "data_reuse")
    assert reuse["score"] is None and reuse["note"]
    assert index["assessed_points"] < 100
    assert index["score_100"] == round(index["score"] * 100 / index["assessed_points"], 2)
    assert group(index, "digitisation")["assessed_points"] == 15


def test_an_agency_scope_leaves_out_other_agencies(cast: Cast, march: dict[str, Dossier]) -> None:
    index = quality_index(**MARCH, agency=cast.other_agency)
    assert indicator(index, "on_time")["denominator"] == 0
    assert quality_index(**MARCH, agency=cast.agency)["groups"] == quality_index(**MARCH)["groups"]


def test_the_ranking_has_the_province_levels_and_agencies(cast: Cast, march: dict[str, Dossier]) -> None:
    ranking = quality_ranking(**MARCH)
    assert ranking["province"]["score"] > 0
    assert [r["level"] for r in ranking["levels"]] == ["province"]
    assert cast.agency.identifier in [r["agency"]["identifier"] for r in ranking["agencies"]]


def test_motcua_report_index_prints_the_numerators(march: dict[str, Dossier]) -> None:
    out = StringIO()
    call_command("report", "--index", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "table", stdout=out)
    assert "1 / 2 = 50.0%" in out.getvalue()
    out = StringIO()
    call_command("report", "--index", "--from", "2027-03-01", "--to", "2027-03-31", stdout=out)
    assert json.loads(out.getvalue())["score"] == quality_index(**MARCH)["score"]


def test_motcua_report_index_refuses_xlsx(march: dict[str, Dossier], tmp_path: Any) -> None:
    with pytest.raises(CommandError):
        call_command(
            "report", "--index", "--from", "2027-03-01", "--to", "2027-03-31", "--format", "xlsx",
            "--output", str(tmp_path / "x.xlsx"),
        )  # fmt: skip


def test_synchronisation_counts_only_when_it_is_on(cast: Cast, settings: Any) -> None:
    settings.NATIONAL_SYNC_URL = ""
    received(cast, "2027-03-01 08:00")
    assert indicator(quality_index(**MARCH), "synced")["score"] is None
    settings.NATIONAL_SYNC_URL = "http://127.0.0.1:9/none"
    received(cast, "2027-03-02 08:00")  # queued, not sent yet
    row = indicator(quality_index(**MARCH), "synced")
    assert (row["numerator"], row["denominator"], row["score"]) == (0, 2, 0.0)
