"""A legacy bundle (tests/reports/data/bundle/) imported twice: the figures it gives are the ones computed
by hand from its rows, and the second run changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier, Transition
from motcua.organisation.models import Agency
from motcua.reports.bundle import bundle_import
from motcua.reports.figures import report_figures

BUNDLE = Path(__file__).parent / "data" / "bundle"
NINE_MONTHS = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 9, 30)}


@pytest.fixture
def imported(db: None) -> str:
    out = StringIO()
    call_command("import-bundle", str(BUNDLE), stdout=out)
    return out.getvalue()


def test_the_bundle_reproduces_the_hand_computed_figures(imported: str) -> None:
    figures = report_figures(**NINE_MONTHS)
    assert figures["procedures"] == {
        "total": 6,
        "by_agency_kind": {
            "ministry": 0,
            "peoples_committee": 1,
            "department": 3,
            "police": 1,
            "utility": 1,
            "centre": 0,
            "unit": 0,
            "other": 0,
        },
        "five_on_site": {"count": 2, "of": 3, "rate": 66.67},
    }
    assert figures["dossiers"] == {
        "received": 8,
        "resolved": 5,
        "on_time_or_early": 3,
        "late": 2,
        "online": 5,
        "online_rate": 62.5,
    }
    assert figures["guidance_sessions"] == 3
    assert figures["hotline_calls"] == 4
    assert figures["signed_results"] == 4
    assert figures["sms_sent"] == 1  # one SMS delivered, one failed, one e-mail
    assert figures["postal_returns"] == 1  # one result sent to the applicant, one envelope received
    assert figures["surveys"] == {
        "total": 4,
        "satisfaction": {"very_satisfied": 1, "satisfied": 1, "neutral": 1, "dissatisfied": 1},
        "attitude": {"very_polite": 1, "normal": 2, "impolite": 1},
    }


def test_filters_by_agency_and_level(imported: str) -> None:
    justice = Agency.objects.get(identifier="000.00.20.H49")
    figures = report_figures(**NINE_MONTHS, agency=justice)
    assert figures["dossiers"]["received"] == 4
    assert figures["procedures"]["total"] == 2
    province = Agency.objects.get(identifier="000.00.00.H49")
    assert report_figures(**NINE_MONTHS, agency=province)["dossiers"]["received"] == 8
    assert report_figures(**NINE_MONTHS, level="commune")["dossiers"] == {
        "received": 1,
        "resolved": 0,
        "on_time_or_early": 0,
        "late": 0,
        "online": 0,
        "online_rate": 0.0,
    }


def test_the_report_names_each_rejected_row_and_the_skipped_files(imported: str) -> None:
    assert "agencies.csv: 6 created, 0 updated, 0 unchanged, 2 rejected" in imported
    assert "procedures.csv: 6 created, 0 updated, 0 unchanged, 1 rejected" in imported
    assert "dossiers.csv: 10 created, 0 updated, 0 unchanged, 3 rejected" in imported
    assert "  row 12: Unknown procedure 9.999999." in imported
    assert "  row 13: status_code" in imported
    assert "  row 14: finished_at" in imported
    assert "  row 6: at:" in imported  # guidance: 13th month
    assert "surveys.csv: 5 created, 0 updated, 0 unchanged, 1 rejected" in imported
    assert "notifications.csv: 3 created, 0 updated, 0 unchanged, 0 rejected" in imported
    assert "shipments.csv: 2 created, 0 updated, 0 unchanged, 0 rejected" in imported


def test_a_second_run_changes_nothing(imported: str) -> None:
    audit_entries = AuditLog.objects.count()
    transitions = Transition.objects.count()
    report = bundle_import(BUNDLE)
    assert report.changed == 0
    assert AuditLog.objects.count() == audit_entries
    assert Transition.objects.count() == transitions


def test_imported_dossiers_carry_their_history_as_transitions(imported: str) -> None:
    dossier = Dossier.objects.get(code="000.00.20.H49-250106-0001")
    assert list(dossier.transitions.values_list("action", "to_status")) == [
        ("submitted", 1),
        ("received", 2),
        ("approved", 9),
        ("returned", 10),
    ]
    assert not dossier.tasks.exists()
    assert dossier.applicant_phone == "+84912345678"


def test_a_changed_row_updates_the_dossier(imported: str, tmp_path: Path) -> None:
    rows = (BUNDLE / "dossiers.csv").read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1].replace(",10,online,1", ",10,online,0")
    (tmp_path / "dossiers.csv").write_text(f"{header}\n{first}\n", encoding="utf-8")
    report = bundle_import(tmp_path)
    assert report.lines() == ["dossiers.csv: 0 created, 1 updated, 0 unchanged, 0 rejected"]
    assert report_figures(**NINE_MONTHS)["signed_results"] == 3


def test_a_missing_folder_is_a_clear_error(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import-bundle", str(tmp_path / "nope"))
    with pytest.raises(CommandError):
        call_command("import-bundle", str(tmp_path))
