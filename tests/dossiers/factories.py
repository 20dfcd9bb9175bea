from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from motcua.catalogue.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_receive
from tests.conftest import Cast, make_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> dt.datetime:
    """A Vietnam-local instant from ``YYYY-MM-DD HH:MM``."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


def applicant(**fields: Any) -> Applicant:
    data = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912 345 678"}
    data.update(fields)
    return Applicant(**data)


def procedure_for(cast: Cast, code: str = "2.000488", days: int = 10, **fields: Any) -> ProcedureVersion:
    from decimal import Decimal

    from motcua.catalogue.records import ChannelRecord

    fields.setdefault(
        "channels",
        [
            ChannelRecord(
                channel="in_person", time_limit=Decimal(days), time_unit="working_day", fee_amount=Decimal(200000)
            ),
            ChannelRecord(
                channel="online", time_limit=Decimal(days), time_unit="working_day", fee_amount=Decimal(200000)
            ),
        ],
    )
    return make_procedure(
        code,
        "Thủ tục cấp Phiếu lý lịch tư pháp",
        levels=["province"],
        agency_identifiers=[cast.agency.identifier],
        **fields,
    )


def received(cast: Cast, when: str = "2027-03-01 08:00", version: ProcedureVersion | None = None, **kw: Any) -> Dossier:
    return dossier_receive(
        actor=cast.clerk,
        version=version or procedure_for(cast),
        agency=cast.agency,
        applicant=kw.pop("applicant", applicant()),
        received_at=at(when),
        **kw,
    )
