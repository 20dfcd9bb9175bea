"""The demo centre: what ``demo_load`` builds, that it is idempotent, and the ``demo`` command."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from motcua.catalogue.models import Channel, Procedure, ProcedureVersion, RequiredDocument
from motcua.core.models import AuditLog
from motcua.core.text import squash
from motcua.demo import data
from motcua.demo.loader import demo_load
from motcua.organisation.models import Agency, Counter, ServicePoint, StaffRole, validate_agency_identifier

IDENTIFIER = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")
JUSTICE_DATA = Path("/work/shared/data/tthc-dichvucong-bo-tu-phap")


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> dict[str, int]:
    models = [
        Agency,
        ServicePoint,
        Counter,
        StaffRole,
        Procedure,
        ProcedureVersion,
        Channel,
        RequiredDocument,
        AuditLog,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_demo_builds_agencies_of_a_reorganised_province() -> None:
    summary = demo_load()
    assert summary.agencies == Agency.objects.count() >= 25
    assert Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, level=Agency.Level.PROVINCE).count() >= 17
    assert Agency.objects.filter(kind=Agency.Kind.POLICE).count() == 1
    assert Agency.objects.filter(kind=Agency.Kind.UTILITY).count() == 1
    assert Agency.objects.get(identifier=data.PROVINCE).kind == Agency.Kind.PEOPLES_COMMITTEE
    assert Agency.objects.get(kind=Agency.Kind.CENTRE).identifier == data.CENTRE
    communes = Agency.objects.filter(level=Agency.Level.COMMUNE)
    today_communes = communes.active_on(dt.date(2026, 1, 15))
    assert today_communes.count() >= 5
    assert all(c.parent_id == Agency.objects.get(identifier=data.PROVINCE).pk for c in today_communes)
    district = Agency.objects.get(level=Agency.Level.DISTRICT)
    assert district.active_to == dt.date(2025, 6, 30)
    assert not district.is_active_on(dt.date(2025, 7, 1))
    assert district.children.filter(level=Agency.Level.COMMUNE, active_to__isnull=False).exists()
    assert Agency.objects.active_on(dt.date(2025, 6, 1)).filter(level=Agency.Level.DISTRICT).exists()


@pytest.mark.django_db
def test_every_agency_identifier_validates_and_is_unique() -> None:
    identifiers = [row[0] for row in data.AGENCIES]
    assert len(identifiers) == len(set(identifiers))
    for identifier in identifiers:
        assert IDENTIFIER.fullmatch(identifier), identifier
        validate_agency_identifier(identifier)
        assert identifier.endswith(".H49")


@pytest.mark.django_db
def test_service_points_and_counters() -> None:
    demo_load()
    centre = ServicePoint.objects.get(kind=ServicePoint.Kind.PROVINCIAL_CENTRE)
    assert centre.counters.count() == 12
    assert all(counter.agency_id for counter in centre.counters.all())
    posted = {a.kind for a in centre.agencies.all()}
    assert {Agency.Kind.DEPARTMENT, Agency.Kind.POLICE, Agency.Kind.UTILITY} <= posted
    desks = ServicePoint.objects.filter(kind=ServicePoint.Kind.COMMUNE_DESK)
    assert desks.count() == len(data.COMMUNES)
    for desk in desks:
        assert desk.agency.level == Agency.Level.COMMUNE
        assert desk.counters.count() == 2


@pytest.mark.django_db
def test_about_forty_published_procedures_each_with_a_time_limit() -> None:
    demo_load()
    published = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    assert published.count() == len(data.PROCEDURES) >= 40
    assert not ProcedureVersion.objects.exclude(status=ProcedureVersion.Status.PUBLISHED).exists()
    units = set()
    for version in published.prefetch_related("channels", "documents", "legal_bases", "competent_agencies"):
        channels = list(version.channels.all())
        assert any(c.time_limit is not None for c in channels), version.procedure.code
        units.update(c.time_unit for c in channels)
        assert 2 <= version.documents.count() <= 4, version.procedure.code
        assert version.legal_bases.exists()
        assert version.decision_number.endswith("/QĐ-UBND") and version.decision_date and version.decision_signer
        assert version.field is not None and version.level_list
        assert version.competent_agencies.exists()
        assert re.fullmatch(r"\d\.\d{6}", version.procedure.code)
    assert {"working_day", "day", "hour"} <= units
    assert published.filter(five_on_site=True).count() >= 5
    assert published.filter(after_15h_next_day=True).exists()
    birth = published.get(procedure__code="1.001193")
    assert set(birth.competent_agencies.values_list("identifier", flat=True)) == set(data.COMMUNES)
    assert {c.channel for c in birth.channels.all()} == {"in_person", "online", "postal"}
    justice = Agency.objects.get(identifier=data.JUSTICE)
    assert published.filter(competent_agencies=justice, levels__contains=",province,").count() >= 10
    for identifier in (data.FINANCE, data.CONSTRUCTION, data.AGRICULTURE, data.POLICE):
        assert published.filter(competent_agencies__identifier=identifier).exists(), identifier


def test_non_justice_codes_are_the_verified_ones() -> None:
    non_justice = {"1.001612", "2.001610", "1.012753", "1.002861", "1.002390"}
    assert set(data.VERIFIED_ELSEWHERE) == non_justice
    assert non_justice <= {spec["code"] for spec in data.PROCEDURES}


def test_justice_codes_and_names_match_the_national_records() -> None:
    from tests.conftest import shared_data

    shared_data()  # fails loudly when the records are missing
    for spec in data.PROCEDURES:
        if spec["code"] in data.VERIFIED_ELSEWHERE:
            continue
        record = json.loads((JUSTICE_DATA / f"{spec['code']}.json").read_text(encoding="utf-8"))
        assert squash(str(spec["name"])) == squash(record["ten_thu_tuc"]), spec["code"]


def test_demo_text_is_nfc() -> None:
    source = (Path(data.__file__)).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", source)


@pytest.mark.django_db
def test_one_user_per_role_with_their_staff_role(client: Any, settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    summary = demo_load()
    assert {login.username for login in summary.logins} == {row[0] for row in data.USERS}
    roles = set(StaffRole.objects.values_list("role", flat=True))
    assert roles == set(StaffRole.Role.values)
    justice_roles = set(StaffRole.objects.filter(agency__identifier=data.JUSTICE).values_list("role", flat=True))
    assert {"receiving_clerk", "officer", "approver", "agency_head"} <= justice_roles
    commune_clerk = StaffRole.objects.get(agency__level=Agency.Level.COMMUNE, role="receiving_clerk")
    assert commune_clerk.service_point.kind == ServicePoint.Kind.COMMUNE_DESK
    assert StaffRole.objects.filter(agency__identifier=data.CONSTRUCTION, role="receiving_clerk").exists()
    assert StaffRole.objects.get(role="supervisor").agency.kind == Agency.Kind.CENTRE
    admin = get_user_model().objects.get(staff_roles__role="administrator")
    assert admin.is_superuser and admin.is_staff
    for user in get_user_model().objects.all():
        assert user.first_name and user.last_name
        assert user.check_password(data.PASSWORD)
    assert client.login(username=admin.username, password=data.PASSWORD)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = demo_load()
    before = _counts()
    second = demo_load()
    assert _counts() == before
    assert not any(second.created.values())
    assert any(first.created.values())
    assert (second.agencies, second.procedures, second.users) == (first.agencies, first.procedures, first.users)


@pytest.mark.django_db
def test_demo_command_loads_and_prints_logins(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path / "static"
    out = io.StringIO()
    call_command("demo", "--no-serve", "--addrport", "127.0.0.1:8123", stdout=out)
    text = out.getvalue()
    assert ProcedureVersion.objects.filter(status="published").count() == len(data.PROCEDURES)
    for username, *_rest in data.USERS:
        assert username in text
    assert data.PASSWORD in text
    assert "http://127.0.0.1:8123/" in text and "http://127.0.0.1:8123/admin/" in text


# --- sample dossiers ------------------------------------------------------------------------------------

DEMO_NOW = dt.datetime(2027, 3, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def demo_dossiers(db: Any, settings: Any, tmp_path: Path) -> list[Any]:
    from motcua.demo.dossiers import demo_dossiers_load

    settings.MEDIA_ROOT = tmp_path
    demo_load()
    return demo_dossiers_load(now=DEMO_NOW)


def test_the_sample_dossiers_give_every_desk_work_in_every_due_band(demo_dossiers: list[Any]) -> None:
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.selectors import due_band
    from motcua.workdays.services import calendar_load

    dossiers = list(Dossier.objects.order_by("id"))
    assert [d.code for d in dossiers] == [lookup.code for lookup in demo_dossiers]
    S = Dossier.Status
    assert {d.status for d in dossiers} >= {S.SUBMITTED, S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT, S.FINISHED, S.RETURNED}
    assert any(d.outcome == "refused" for d in dossiers)
    cal = calendar_load()
    bands = {due_band(d, DEMO_NOW, cal) for d in dossiers if d.status in (S.RECEIVED, S.IN_PROCESS)}
    assert bands >= {"overdue", "due_soon", "on_track"}
    assert all(d.received_at is None or d.received_at <= DEMO_NOW for d in dossiers)
    online_sent_back = [d for d in dossiers if d.status == S.SUPPLEMENT and d.channel == Dossier.Channel.ONLINE]
    assert online_sent_back, "an online dossier the applicant can complete on the tracking page"


def test_a_sample_approval_rests_on_the_demo_authorisation(demo_dossiers: list[Any]) -> None:
    from motcua.dossiers.models import Transition

    approvals = Transition.objects.filter(action="approved")
    assert approvals.exists()
    assert all(t.authority == "authorisation:15/QĐ-STP" for t in approvals)


def test_the_sample_result_is_a_vietnamese_pdf_the_applicant_can_download(demo_dossiers: list[Any]) -> None:
    import subprocess
    import tempfile

    from django.test import Client

    from motcua.dossiers.models import DossierDocument

    result = DossierDocument.objects.get(kind=DossierDocument.Kind.RESULT)
    client = Client()
    response = client.post("/tra-cuu/", {"code": result.dossier.code, "secret": demo_dossiers[0].phone})
    assert response.status_code == 302
    download = client.get(f"/tra-cuu/{result.dossier.code}/ket-qua/")
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True).stdout
    assert result.dossier.applicant_name in unicodedata.normalize("NFC", text)
    assert "CHỨNG CHỈ HÀNH NGHỀ ĐẤU GIÁ" in unicodedata.normalize("NFC", text)


def test_loading_the_sample_dossiers_twice_creates_nothing_new(demo_dossiers: list[Any]) -> None:
    from motcua.demo.dossiers import demo_dossiers_load
    from motcua.dossiers.models import Dossier, Transition

    before = (Dossier.objects.count(), Transition.objects.count())
    assert demo_dossiers_load(now=DEMO_NOW) == demo_dossiers
    assert (Dossier.objects.count(), Transition.objects.count()) == before


@pytest.mark.django_db
def test_demo_agencies_that_receive_dossiers_have_address_phone_email_and_hours() -> None:
    demo_load()
    for identifier in [data.JUSTICE, data.CONSTRUCTION, data.POLICE, data.CENTRE, *data.COMMUNES]:
        agency = Agency.objects.get(identifier=identifier)
        assert agency.address and agency.phone and agency.email and agency.opening_hours, identifier
