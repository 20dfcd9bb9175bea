"""The statistics report over dossiers made by the live services (factories), checked by hand."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_approve,
    dossier_forward,
    dossier_result_attach,
    dossier_result_signed,
)
from motcua.engagement.services import guidance_session_record, hotline_call_record, survey_record
from motcua.reports.figures import rate, report_figures
from tests.conftest import Cast, make_procedure
from tests.dossiers.factories import applicant, at, procedure_for, received
from tests.dossiers.test_inter_agency import inter_agency_process
from tests.pdfs import minimal_pdf

PDF = minimal_pdf()
MARCH = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 3, 31)}


def finish(cast: Cast, dossier: Dossier, when: str) -> Dossier:
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at(when))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at(when))


def test_rates_are_percent_with_two_decimals_and_na_for_nothing() -> None:
    assert rate(1, 3) == 33.33
    assert rate(2, 3) == 66.67
    assert rate(0, 0) is None


def test_report_counts_live_dossiers_by_the_rules(cast: Cast) -> None:
    version = procedure_for(cast, days=10)  # department agency (default kind), not five-on-site
    make_procedure(
        "1.000001",
        "Thủ tục tại chỗ",
        levels=["province"],
        agency_identifiers=[cast.agency.identifier],
        five_on_site=True,
    )
    on_time = finish(cast, received(cast, "2027-03-01 08:00", version=version), "2027-03-03 09:00")
    result = dossier_result_attach(
        actor=cast.clerk, dossier=on_time, upload=SimpleUploadedFile("kq.pdf", PDF), name="KQ"
    )
    assert report_figures(**MARCH)["signed_results"] == 0  # attached, not yet signed
    dossier_result_signed(  # what the signing worker records
        document=result,
        signed_pdf=minimal_pdf("signed"),
        signer_name="Phạm Thị Hoa",
        fingerprint="ab" * 32,
        level="B-B",
        verification_id="K7Q2M9X4T1W8R5N3",
        at=at("2027-03-03 10:00"),
    )
    late = received(cast, "2027-03-02 08:00", version=version)
    finish(cast, late, "2027-03-29 09:00")  # due 16 March
    received(cast, "2027-03-03 08:00", version=version, channel="online")  # open
    after_end = received(cast, "2027-03-30 08:00", version=version)
    finish(cast, after_end, "2027-04-02 09:00")  # finished after the period: not resolved
    received(cast, "2027-04-01 08:00", version=version)  # outside the period
    survey_record(at=at("2027-03-05 08:00"), satisfaction="satisfied", attitude="very_polite", dossier=on_time)
    survey_record(at=at("2027-03-06 08:00"), satisfaction="dissatisfied", attitude="impolite")
    guidance_session_record(at=at("2027-03-02 10:00"), procedure=version.procedure, topic="LLTP")
    hotline_call_record(at=at("2027-03-02 10:00"), topic="LLTP")
    hotline_call_record(at=at("2027-04-02 10:00"), topic="LLTP")

    figures = report_figures(**MARCH)

    assert figures["dossiers"] == {
        "received": 4,
        "resolved": 2,
        "on_time_or_early": 1,
        "late": 1,
        "online": 1,
        "online_rate": 25.0,
    }
    assert figures["procedures"]["total"] == 2
    assert figures["procedures"]["by_agency_kind"]["department"] == 2
    assert figures["procedures"]["five_on_site"] == {"count": 1, "of": 2, "rate": 50.0}
    assert figures["signed_results"] == 1
    assert figures["guidance_sessions"] == 1
    assert figures["hotline_calls"] == 1
    assert figures["sms_sent"] == 0 and figures["postal_returns"] == 0
    assert figures["surveys"]["total"] == 2
    assert figures["surveys"]["satisfaction"] == {"very_satisfied": 0, "satisfied": 1, "neutral": 0, "dissatisfied": 1}
    assert figures["surveys"]["attitude"] == {"very_polite": 1, "normal": 0, "impolite": 1}


def test_agency_filter_keeps_only_that_agencys_dossiers(cast: Cast) -> None:
    version = procedure_for(cast)
    received(cast, "2027-03-01 08:00", version=version)
    assert report_figures(**MARCH, agency=cast.agency)["dossiers"]["received"] == 1
    assert report_figures(**MARCH, agency=cast.other_agency)["dossiers"]["received"] == 0
    assert report_figures(**MARCH, level="province")["dossiers"]["received"] == 1
    assert report_figures(**MARCH, level="commune")["dossiers"]["received"] == 0


def test_the_agency_that_overran_its_budget_in_an_inter_agency_dossier_is_named(cast: Cast) -> None:
    from django.contrib.auth import get_user_model

    version = procedure_for(cast, days=10)
    inter_agency_process(cast, version)
    tax_officer = get_user_model().objects.get(username="tax_officer")
    dossier = received(cast, "2027-03-01 08:00", version=version, applicant=applicant())
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    dossier = dossier_forward(actor=cast.other_officer, dossier=dossier, at=at("2027-03-02 10:00"))
    dossier_forward(actor=tax_officer, dossier=dossier, at=at("2027-03-08 10:00"))  # budget 16 h, used 4 days
    rows = report_figures(**MARCH)["late_agencies"]
    assert [r["identifier"] for r in rows] == ["000.00.50.H49"]
    assert rows[0]["dossiers"] == 1
    assert rows[0]["overrun_minutes"] == rows[0]["used_minutes"] - 16 * 60 > 0


def test_sms_sent_counts_the_notices_that_did_not_fail(cast: Cast) -> None:
    from django.utils import timezone

    from motcua.notices.models import Notice

    version = procedure_for(cast)
    received(cast, "2027-03-01 08:00", version=version)  # the applicant has a phone: one "received" SMS
    other = received(cast, "2027-03-01 09:00", version=version)
    Notice.objects.filter(dossier=other).update(state=Notice.State.FAILED)
    today = timezone.localdate()
    figures = report_figures(start=today, end=today)
    assert figures["sms_sent"] == 1
