"""Worker functions for the concurrency tests. They run in *spawned* processes (a fork of a process
that has threads — the live server, Playwright — can deadlock), so this module imports nothing from
Django at the top: ``init`` sets Django up and points it at the test database first."""

from __future__ import annotations

import os


def init(db_name: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = db_name


def receive_many(args: tuple[int, int, int, int]) -> list[str]:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from motcua.catalogue.models import ProcedureVersion
    from motcua.dossiers.services import Applicant, dossier_receive
    from motcua.organisation.models import Agency

    clerk_id, version_id, agency_id, count = args
    clerk = get_user_model().objects.get(pk=clerk_id)
    version = ProcedureVersion.objects.get(pk=version_id)
    agency = Agency.objects.get(pk=agency_id)
    received_at = dt.datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    applicant = Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912 345 678")
    codes = [
        dossier_receive(actor=clerk, version=version, agency=agency, applicant=applicant, received_at=received_at).code
        for _ in range(count)
    ]
    return [c for c in codes if c]


def act(args: tuple[int, int, str]) -> str:
    from django.contrib.auth import get_user_model

    from motcua.dossiers.errors import DossierError
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import dossier_request_fees, dossier_stop

    user_id, dossier_id, action = args
    user = get_user_model().objects.get(pk=user_id)
    dossier = Dossier.objects.get(pk=dossier_id)
    try:
        if action == "stop":
            dossier_stop(actor=user, dossier=dossier, reason="Dừng", expected_lock_version=dossier.lock_version)
        else:
            dossier_request_fees(actor=user, dossier=dossier, expected_lock_version=dossier.lock_version)
        return "ok"
    except DossierError as exc:
        return type(exc).__name__


def receive_with_key(args: tuple[int, int, int, str]) -> str:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.db import IntegrityError

    from motcua.catalogue.models import ProcedureVersion
    from motcua.dossiers.models import ReceptionKey
    from motcua.dossiers.services import Applicant, dossier_receive
    from motcua.organisation.models import Agency

    clerk_id, version_id, agency_id, key = args
    clerk = get_user_model().objects.get(pk=clerk_id)
    kwargs = {
        "actor": clerk,
        "version": ProcedureVersion.objects.get(pk=version_id),
        "agency": Agency.objects.get(pk=agency_id),
        "applicant": Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912 345 678"),
        "received_at": dt.datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "request_key": key,
    }
    try:
        return dossier_receive(**kwargs).code or ""
    except IntegrityError:
        return ReceptionKey.objects.get(user=clerk, key=key).dossier.code or ""


def receive_with_key_as(args: tuple[int, int, int, str, str]) -> str:
    """One keyed reception for the applicant ``name``: its code, or the name of the error it ended in."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from motcua.catalogue.models import ProcedureVersion
    from motcua.dossiers.errors import DossierError
    from motcua.dossiers.services import Applicant, dossier_receive
    from motcua.organisation.models import Agency

    clerk_id, version_id, agency_id, key, name = args
    try:
        dossier = dossier_receive(
            actor=get_user_model().objects.get(pk=clerk_id),
            version=ProcedureVersion.objects.get(pk=version_id),
            agency=Agency.objects.get(pk=agency_id),
            applicant=Applicant(name=name, id_number="001090012345", phone="0912 345 678"),
            received_at=dt.datetime(2027, 3, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
            request_key=key,
        )
    except DossierError as exc:
        return type(exc).__name__
    return dossier.code or ""
