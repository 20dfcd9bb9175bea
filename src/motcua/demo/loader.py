"""Writes the demo centre of :mod:`motcua.demo.data` to the database. Idempotent and atomic: a second
run finds every row by its natural key (identifier, name, number, username, code) and changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.catalogue.services import procedure_import
from motcua.core.text import nfc, squash
from motcua.demo import data
from motcua.organisation.models import Agency, Counter, ServicePoint, StaffRole

SOURCE = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    full_name: str
    role: str
    agency: str


@dataclass
class DemoSummary:
    agencies: int = 0
    service_points: int = 0
    counters: int = 0
    procedures: int = 0
    users: int = 0
    created: dict[str, int] = field(default_factory=dict)  # what this run created, per kind
    logins: list[DemoLogin] = field(default_factory=list)


def demo_load(*, stdout: TextIO | None = None) -> DemoSummary:
    """Create or bring up to date the demo centre; return what it holds."""
    summary = DemoSummary()
    with transaction.atomic():
        agencies = _load_agencies(summary)
        points = _load_service_points(agencies, summary)
        _load_procedures(summary)
        _load_users(agencies, points, summary)
        _load_signing_key(summary)
    if stdout is not None:
        created = ", ".join(f"{kind}:{n}" for kind, n in summary.created.items() if n) or "-"
        stdout.write(
            f"agencies={summary.agencies} service_points={summary.service_points} counters={summary.counters} "
            f"procedures={summary.procedures} users={summary.users} created={created}\n"
        )
    return summary


def _count(summary: DemoSummary, kind: str, created: bool) -> None:
    summary.created[kind] = summary.created.get(kind, 0) + int(created)


def _save_if_changed(obj: Any, values: dict[str, Any]) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.full_clean()
        obj.save(update_fields=changed)


def _load_agencies(summary: DemoSummary) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for identifier, name, short_name, kind, level, parent, active_from, active_to in data.AGENCIES:
        values = {
            "name": nfc(name),
            "short_name": nfc(short_name),
            "kind": kind,
            "level": level,
            "parent": agencies[parent] if parent else None,
            "active_from": active_from,
            "active_to": active_to,
        }
        address, phone, email, hours = data.AGENCY_CONTACTS.get(identifier, ("", "", "", ""))
        values.update(address=nfc(address), phone=phone, email=email, opening_hours=nfc(hours))
        agency = Agency.objects.filter(identifier=identifier).first()
        created = agency is None
        if agency is None:
            agency = Agency(identifier=identifier, **values)
            agency.full_clean()
            agency.save()
        else:
            _save_if_changed(agency, values)
        _count(summary, "agencies", created)
        agencies[identifier] = agency
    summary.agencies = len(agencies)
    return agencies


def _point(name: str, kind: str, agency: Agency, address: str, summary: DemoSummary) -> ServicePoint:
    point, created = ServicePoint.objects.get_or_create(
        name=name, defaults={"kind": kind, "agency": agency, "address": address}
    )
    if not created:
        _save_if_changed(point, {"kind": kind, "agency": agency, "address": address, "is_active": True})
    _count(summary, "service_points", created)
    summary.service_points += 1
    return point


def _counter(point: ServicePoint, number: int, name: str, agency: Agency, summary: DemoSummary) -> None:
    counter, created = Counter.objects.get_or_create(
        service_point=point, number=number, defaults={"name": name, "agency": agency}
    )
    if not created:
        _save_if_changed(counter, {"name": name, "agency": agency})
    _count(summary, "counters", created)
    summary.counters += 1


def _load_service_points(agencies: dict[str, Agency], summary: DemoSummary) -> dict[str, ServicePoint]:
    """The provincial centre (key ``"centre"``) and one centre per active commune (key: its identifier)."""
    points: dict[str, ServicePoint] = {}
    centre = _point(
        data.CENTRE_POINT,
        ServicePoint.Kind.PROVINCIAL_CENTRE,
        agencies[data.CENTRE],
        data.CENTRE_ADDRESS,
        summary,
    )
    posted = []
    for number, name, identifier in data.CENTRE_COUNTERS:
        _counter(centre, number, nfc(name), agencies[identifier], summary)
        if agencies[identifier] not in posted:
            posted.append(agencies[identifier])
    if set(centre.agencies.all()) != set(posted):
        centre.agencies.set(posted)
    points["centre"] = centre
    for identifier in data.COMMUNES:
        commune = agencies[identifier]
        point = _point(
            data.commune_point_name(commune.short_name),
            ServicePoint.Kind.COMMUNE_DESK,
            commune,
            f"{commune.short_name}, tỉnh {data.PROVINCE_NAME}",
            summary,
        )
        for number, name in data.COMMUNE_COUNTERS:
            _counter(point, number, nfc(name), commune, summary)
        if list(point.agencies.all()) != [commune]:
            point.agencies.set([commune])
        points[identifier] = point
    return points


def _channel(kind: str, limit: tuple[int, str], fee: tuple[int, str, str]) -> ChannelRecord:
    amount, unit = limit
    fee_amount, fee_kind, fee_note = fee
    return ChannelRecord(
        channel=kind,
        time_limit=Decimal(amount),
        time_unit=unit,
        fee_amount=Decimal(fee_amount),
        fee_kind=fee_kind,
        fee_note=fee_note,
    )


def procedure_record(spec: dict[str, Any]) -> ProcedureRecord:
    """One entry of :data:`motcua.demo.data.PROCEDURES` as an importable record."""
    in_person: tuple[int, str] = spec["t"]
    fee: tuple[int, str, str] = spec["fee"]
    channels = [_channel("in_person", in_person, fee)]
    online = spec.get("ot", in_person)
    if online is not None and spec.get("online", "none") != "none":
        channels.append(_channel("online", online, spec.get("ofee", fee)))
    channels.append(_channel("postal", spec.get("pt", in_person), fee))
    identifiers: list[str] = []
    targets = spec["at"] if isinstance(spec["at"], list) else [spec["at"]]
    for target in targets:
        identifiers.extend(data.COMMUNES if target == "communes" else [target])
    number, date = data.DECISIONS[spec["decision"]]
    documents = [
        DocumentRecord(name=doc[0], originals=doc[1], copies=doc[2], form_name=doc[3] if len(doc) > 3 else "")
        for doc in spec["docs"]
    ]
    return ProcedureRecord(
        code=spec["code"],
        name=squash(spec["name"]),
        levels=list(spec["levels"]),
        field_name=spec["field"],
        applicants=spec.get("applicants", ""),
        agency_identifiers=identifiers,
        lead_agency_identifier=identifiers[0] if len(identifiers) == 1 else spec.get("lead", ""),
        result_name=spec.get("result", ""),
        online_level=spec.get("online", "none"),
        five_on_site=bool(spec.get("five", False)),
        after_15h_next_day=bool(spec.get("after15", False)),
        decision_number=number,
        decision_date=date,
        decision_signer=data.SIGNER,
        effective_from=date + dt.timedelta(days=1),
        source=SOURCE,
        source_url=data.VERIFIED_ELSEWHERE.get(spec["code"], ""),
        channels=channels,
        documents=documents,
        legal_bases=[LegalBasisRecord(title=title, number=num) for title, num in spec["basis"]],
    )


def _load_procedures(summary: DemoSummary) -> None:
    for spec in data.PROCEDURES:
        outcome = procedure_import(record=procedure_record(spec))
        _count(summary, "procedures", outcome.result == "created")
        summary.procedures += 1


def _load_users(agencies: dict[str, Agency], points: dict[str, ServicePoint], summary: DemoSummary) -> None:
    user_model = get_user_model()
    role_labels = dict(StaffRole.Role.choices)
    for username, family, given, role, identifier, seat, superuser in data.USERS:
        values = {
            "first_name": nfc(given),
            "last_name": nfc(family),
            "email": f"{username}@demo.motcua.invalid",
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        }
        user, created = user_model.objects.get_or_create(username=username, defaults=values)
        if not created:
            _save_if_changed(user, values)
        if not user.check_password(data.PASSWORD):
            user.set_password(data.PASSWORD)
            user.save(update_fields=["password"])
        agency = agencies[identifier]
        point = points.get(seat) if seat else None
        staff_role, role_created = StaffRole.objects.get_or_create(
            user=user, agency=agency, role=role, defaults={"service_point": point}
        )
        if not role_created and staff_role.service_point_id != (point.pk if point else None):
            staff_role.service_point = point
            staff_role.save(update_fields=["service_point"])
        _count(summary, "users", created)
        summary.users += 1
        summary.logins.append(
            DemoLogin(
                username=username,
                password=data.PASSWORD,
                full_name=f"{nfc(family)} {nfc(given)}",
                role=str(role_labels[role]),
                agency=agency.name,
            )
        )


DEMO_KEY_LABEL = "Khóa ký demo của Trung tâm"


def _load_signing_key(summary: DemoSummary) -> None:
    """A demo CA and signing key under MOTCUA_HOME/signing/ (made here, never committed), configured as
    the centre's default key, its root trusted (MOTCUA_HOME/signing/trust/). The demo's PKCS#12 file has
    no passphrase (mode 0600); a real key names the environment variable holding its passphrase."""
    from django.conf import settings

    from motcua.signing.ca import ca_create
    from motcua.signing.models import SigningKey

    folder = Path(settings.HOME) / "signing" / "demo"
    key = SigningKey.objects.filter(label=DEMO_KEY_LABEL).first()
    created = key is None or not Path(key.path).is_file()
    if created:
        files = ca_create(folder, signer_name=f"Trung tâm Phục vụ hành chính công tỉnh {settings.PROVINCE_NAME}")
        trust = Path(getattr(settings, "SIGNING_TRUST_DIR", Path(settings.HOME) / "signing" / "trust"))
        trust.mkdir(parents=True, exist_ok=True)
        (trust / "demo-ca.pem").write_bytes(files.ca_pem.read_bytes())
        SigningKey.objects.update_or_create(
            label=DEMO_KEY_LABEL,
            defaults={
                "agency": None,
                "kind": SigningKey.Kind.PKCS12,
                "path": str(files.p12),
                "secret_env": "",
                "signer_name": "Giám đốc Trung tâm (demo)",
                "active": True,
            },
        )
    _count(summary, "signing_keys", created)
