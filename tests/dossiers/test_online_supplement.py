"""A fully online dossier sent back for supplements: the applicant uploads the missing documents and
resubmits from the tracking page; the clock restarts from zero as the rules say; the receiving clerk sees
it in the "supplements received" inbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.errors import DossierError, IllegalTransition
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.selectors import inbox_parts
from motcua.dossiers.services import (
    SupplementFile,
    dossier_forward,
    dossier_receive,
    dossier_request_supplement,
    dossier_resubmit_online,
    dossier_submit,
)
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, procedure_for, received

S = Dossier.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _scan(name: str = "cccd.pdf", content: bytes = PDF) -> SupplementFile:
    return SupplementFile(upload=SimpleUploadedFile(name, content), name="Bản sao CCCD")


def online(cast: Cast, when: str = "2027-03-01 08:00") -> Dossier:
    return dossier_submit(version=procedure_for(cast), agency=cast.agency, applicant=applicant(), submitted_at=at(when))


def online_in_process_sent_back(cast: Cast) -> Dossier:
    dossier = dossier_receive(actor=cast.clerk, dossier=online(cast), received_at=at("2027-03-01 09:00"))
    return dossier_request_supplement(
        actor=cast.officer, dossier=dossier, missing="Bản sao CCCD", at=at("2027-03-03 08:00")
    )


def _inbox(user: Any) -> list[str]:
    return [d.code for part in inbox_parts(user, "supplements") for d in part]


def test_the_applicant_resubmits_online_and_the_clock_restarts_from_zero(cast: Cast) -> None:
    dossier = online_in_process_sent_back(cast)
    dossier = dossier_resubmit_online(dossier=dossier, files=[_scan()], note="Đã bổ sung", at=at("2027-03-10 08:00"))
    assert dossier.status == S.RECEIVED
    assert dossier.paused_at is None
    assert dossier.due_at == at("2027-03-24 08:00")  # 10 working days from the complete dossier
    assert dossier.supplement_received_at == at("2027-03-10 08:00")
    scan = dossier.documents.get(name="Bản sao CCCD")
    assert scan.kind == DossierDocument.Kind.RECEIVED and scan.sha256 and scan.uploaded_by is None
    last = dossier.transitions.order_by("-id").first()
    assert last is not None
    assert (last.action, last.actor, last.note) == ("supplement_received", None, "Đã bổ sung")
    assert str(last.action_label) == "supplement sent online"


def test_a_supplement_asked_at_reception_goes_back_to_the_clerk_and_the_clock_starts_at_reception(cast: Cast) -> None:
    dossier = dossier_request_supplement(
        actor=cast.clerk, dossier=online(cast), missing="Tờ khai có chữ ký", at=at("2027-03-01 10:00")
    )
    dossier = dossier_resubmit_online(dossier=dossier, files=[_scan()], at=at("2027-03-08 08:00"))
    assert dossier.status == S.SUBMITTED
    assert dossier.due_at is None and dossier.received_at is None
    assert dossier.code in _inbox(cast.clerk)
    dossier = dossier_receive(actor=cast.clerk, dossier=dossier, received_at=at("2027-03-08 09:00"))
    assert dossier.due_at == at("2027-03-22 09:00")
    assert dossier.supplement_received_at is None  # the clerk took it up
    assert dossier.code not in _inbox(cast.clerk)


def test_the_supplements_received_inbox_is_the_receiving_agencys_until_staff_act(cast: Cast) -> None:
    waiting = online_in_process_sent_back(cast)
    assert _inbox(cast.clerk) == []  # still waiting for the applicant
    dossier = dossier_resubmit_online(dossier=waiting, files=[_scan()], at=at("2027-03-10 08:00"))
    assert _inbox(cast.clerk) == [dossier.code]
    assert _inbox(cast.other_clerk) == []
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-10 10:00"))
    assert dossier.supplement_received_at is None
    assert _inbox(cast.clerk) == []


def test_an_online_resubmission_needs_at_least_one_file(cast: Cast) -> None:
    dossier = online_in_process_sent_back(cast)
    with pytest.raises(DossierError):
        dossier_resubmit_online(dossier=dossier, files=[], at=at("2027-03-10 08:00"))
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT


def test_a_refused_scan_writes_nothing(cast: Cast) -> None:
    dossier = online_in_process_sent_back(cast)
    with pytest.raises(ValidationError):
        dossier_resubmit_online(
            dossier=dossier, files=[_scan(), _scan("virus.pdf", b"MZ\x90\x00" * 10)], at=at("2027-03-10 08:00")
        )
    dossier.refresh_from_db()
    assert dossier.status == S.SUPPLEMENT and dossier.supplement_received_at is None
    assert not dossier.documents.filter(name="Bản sao CCCD").exists()


def test_a_counter_dossier_is_completed_at_the_counter_not_online(cast: Cast) -> None:
    dossier = dossier_request_supplement(
        actor=cast.officer, dossier=received(cast), missing="Bản sao CCCD", at=at("2027-03-03 08:00")
    )
    with pytest.raises(DossierError):
        dossier_resubmit_online(dossier=dossier, files=[_scan()], at=at("2027-03-10 08:00"))


def test_only_a_dossier_waiting_for_supplements_can_be_resubmitted(cast: Cast) -> None:
    dossier = dossier_receive(actor=cast.clerk, dossier=online(cast), received_at=at("2027-03-01 09:00"))
    with pytest.raises(IllegalTransition):
        dossier_resubmit_online(dossier=dossier, files=[_scan()], at=at("2027-03-10 08:00"))
