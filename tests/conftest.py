"""The named cast and factories shared by every test module."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.catalogue.services import procedure_import
from motcua.organisation.models import Agency


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Rules match the English source of messages; a few tests check the Vietnamese text explicitly.
    Pages are unaffected: LocaleMiddleware picks the language of each request (Vietnamese by default)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: each test starts from none (one test's failed lookups must
    not throttle the next one's client)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_test_settings(settings: Any) -> None:
    # A fast password hasher: the real one takes ~0.5 s per user by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_agency(identifier: str = "000.00.20.H49", name: str = "Sở Tư pháp", **fields: Any) -> Agency:
    province = Agency.objects.get_or_create(
        identifier="000.00.00.H49",
        defaults={"name": "UBND tỉnh", "kind": Agency.Kind.PEOPLES_COMMITTEE, "level": Agency.Level.PROVINCE},
    )[0]
    if identifier == province.identifier:
        return province
    fields.setdefault("parent", province)
    return Agency.objects.update_or_create(identifier=identifier, defaults={"name": name, **fields})[0]


def make_record(code: str = "1.001193", name: str = "Thủ tục đăng ký khai sinh", **fields: Any) -> ProcedureRecord:
    defaults: dict[str, Any] = {
        "levels": ["commune"],
        "field_name": "Hộ tịch",
        "decision_number": "163/QĐ-BTP",
        "channels": [
            ChannelRecord(channel="in_person", time_limit=Decimal(1), time_unit="working_day", fee_amount=Decimal(0)),
            ChannelRecord(channel="online", time_limit=Decimal(1), time_unit="working_day", fee_amount=Decimal(0)),
        ],
        "documents": [DocumentRecord(name="Tờ khai đăng ký khai sinh", form_name="Mẫu TK", originals=1)],
        "legal_bases": [LegalBasisRecord(title="Luật Hộ tịch", number="60/2014/QH13")],
    }
    defaults.update(fields)
    return ProcedureRecord(code=code, name=name, **defaults)


def make_procedure(code: str = "1.001193", name: str = "Thủ tục đăng ký khai sinh", **fields: Any) -> ProcedureVersion:
    """A published procedure version, created through the same service as imports."""
    return procedure_import(record=make_record(code, name, **fields)).version


# --- the cast of people -----------------------------------------------------------------------------


def make_user(username: str, agency: Agency | None, *roles: str, full_name: str = "") -> Any:
    from django.contrib.auth import get_user_model

    from motcua.organisation.models import StaffRole

    user = get_user_model().objects.create_user(username=username, password="x", first_name=full_name or username)
    for role in roles:
        assert agency is not None
        StaffRole.objects.create(user=user, agency=agency, role=role)
    return user


class Cast:
    """A receiving clerk, an officer, a leader (approver), the agency head, a supervisor and a clerk of
    another agency, all around Sở Tư pháp."""

    def __init__(self) -> None:
        from motcua.organisation.models import StaffRole

        Role = StaffRole.Role
        self.agency = make_agency()
        self.other_agency = make_agency("000.00.30.H49", "Sở Xây dựng")
        self.clerk = make_user("clerk", self.agency, Role.RECEIVING_CLERK, full_name="Nguyễn Thị Lan")
        self.officer = make_user("officer", self.agency, Role.OFFICER, full_name="Trần Văn Minh")
        self.leader = make_user("leader", self.agency, Role.APPROVER, full_name="Lê Văn Hùng")
        self.head = make_user("head", self.agency, Role.AGENCY_HEAD, full_name="Phạm Thị Hoa")
        self.supervisor = make_user("supervisor", make_agency("000.00.01.H49", "Trung tâm PVHCC"), Role.SUPERVISOR)
        self.other_clerk = make_user("other_clerk", self.other_agency, Role.RECEIVING_CLERK)
        self.other_officer = make_user("other_officer", self.other_agency, Role.OFFICER)


@pytest.fixture
def cast(db: Any) -> Cast:
    return Cast()


# --- the shared national records (../shared/data) ---------------------------------------------------

SHARED_DATA = Path("/work/shared/data/tthc-dichvucong-bo-tu-phap")


def shared_data(name: str = "") -> Path:
    """A file of the national records the tests read. Missing data is a FAILURE, never a skip: a CI run
    without the records must not pass silently (issue #15)."""
    path = SHARED_DATA / name if name else SHARED_DATA
    if not path.exists():
        pytest.fail(f"the shared national records are missing: {path} (see /work/shared/data/SOURCE.md)")
    return path
