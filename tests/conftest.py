"""The named cast and factories shared by every test module."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from motcua.catalogue.models import ProcedureVersion
from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.catalogue.services import procedure_import
from motcua.organisation.models import Agency


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
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
