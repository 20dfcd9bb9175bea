"""Finding 7: reads of personal data and admin changes are audited; the audit log is append-only in
PostgreSQL too, and keeps who did it after the account is gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test import Client

from motcua.core.audit import audit_log
from motcua.core.models import AuditLog
from motcua.core.tokens import api_token_create
from motcua.documents.models import SlipTemplate
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_result_attach
from motcua.organisation.models import StaffRole
from tests.conftest import Cast
from tests.dossiers.factories import at, received
from tests.dossiers.test_results import PDF, look_up, pdf

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL only")


@pytest.fixture(autouse=True)
def _media_and_cache(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    cache.clear()


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def entries(action: str) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action).order_by("id"))


@pytest.fixture
def admin_user(db: Any) -> Any:
    return get_user_model().objects.create_superuser(username="root", password="x", email="root@example.org")


# --- reads of personal data -----------------------------------------------------------------------------


def test_an_officer_viewing_a_dossier_page_is_logged(cast: Cast) -> None:
    dossier = received(cast)
    assert staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/").status_code == 200
    (entry,) = entries("dossier.viewed")
    assert (entry.actor, entry.actor_username) == (cast.officer, "officer")
    assert (entry.object_type, entry.object_id) == ("dossiers.dossier", str(dossier.pk))
    assert entry.data == {"code": dossier.code, "via": "backoffice"}
    assert entry.at is not None


def test_a_dossier_staff_may_not_see_is_not_logged_as_viewed(cast: Cast) -> None:
    dossier = received(cast)
    assert staff(cast.other_officer).get(f"/backoffice/ho-so/{dossier.code}/").status_code == 404
    assert entries("dossier.viewed") == []


def test_reading_a_dossier_through_the_api_is_logged(cast: Cast) -> None:
    dossier = received(cast)
    token = api_token_create(user=cast.officer)
    response = Client().get(f"/api/v1/dossiers/{dossier.code}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    (entry,) = entries("dossier.viewed")
    assert entry.actor_username == "officer"
    assert entry.data["via"] == "api"


def test_downloading_a_slip_is_logged_in_the_back_office_and_the_api(cast: Cast) -> None:
    dossier = received(cast)
    assert staff(cast.clerk).get(f"/backoffice/ho-so/{dossier.code}/phieu/receipt.pdf").status_code == 200
    token = api_token_create(user=cast.officer)
    api = Client().get(f"/api/v1/dossiers/{dossier.code}/slips/control.pdf", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    assert [(e.actor_username, e.data["kind"], e.data["via"]) for e in entries("slip.downloaded")] == [
        ("clerk", "receipt", "backoffice"),
        ("officer", "control", "api"),
    ]
    assert all(e.object_id == str(dossier.pk) for e in entries("slip.downloaded"))


def test_downloading_a_document_is_logged_for_staff_and_for_the_applicant(cast: Cast) -> None:
    dossier = dossier_forward(actor=cast.officer, dossier=received(cast), at=at("2027-03-02 08:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))
    document = dossier_result_attach(actor=cast.officer, dossier=dossier, upload=pdf())
    document_pk = document.pk
    response = staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/tai-lieu/{document_pk}/")
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    applicant = Client(HTTP_ACCEPT_LANGUAGE="en")
    look_up(applicant, dossier)
    assert applicant.get(f"/tra-cuu/{dossier.code}/ket-qua/").status_code == 200
    rows = entries("document.downloaded")
    assert [(e.actor_username, e.data["via"], e.object_id) for e in rows] == [
        ("officer", "backoffice", str(document_pk)),
        ("", "portal", str(document_pk)),
    ]
    assert rows[0].object_type == "dossiers.dossierdocument"


def test_a_staff_search_by_id_number_or_phone_is_logged_with_what_it_found(cast: Cast) -> None:
    dossier = received(cast)
    client = staff(cast.clerk)
    assert client.get("/backoffice/tim-kiem/", {"q": "001090012345"}).status_code == 200
    assert client.get("/backoffice/hop-thu/agency/", {"q": "0912 345 678"}).status_code == 200
    client.get("/backoffice/tim-kiem/")  # an empty search reads nothing
    rows = entries("dossier.searched")
    assert [(e.actor_username, e.data["query"], e.data["via"]) for e in rows] == [
        ("clerk", "001090012345", "backoffice.search"),
        ("clerk", "0912 345 678", "backoffice.inbox.agency"),
    ]
    assert rows[0].data["found"] == [dossier.code]


def test_the_admin_dossier_search_and_page_are_logged(cast: Cast, admin_user: Any) -> None:
    dossier = received(cast)
    client = staff(admin_user)
    assert client.get("/admin/dossiers/dossier/", {"q": "001090012345"}).status_code == 200
    assert client.get(f"/admin/dossiers/dossier/{dossier.pk}/change/").status_code == 200
    assert [e.data["via"] for e in entries("dossier.searched")] == ["admin"]
    assert [(e.actor_username, e.object_id) for e in entries("dossier.viewed")] == [("root", str(dossier.pk))]


# --- admin changes -----------------------------------------------------------------------------------------


def test_granting_changing_and_removing_a_role_in_the_admin_is_logged(cast: Cast, admin_user: Any) -> None:
    client = staff(admin_user)
    user = cast.officer
    response = client.post(
        "/admin/organisation/staffrole/add/", {"user": user.pk, "agency": cast.agency.pk, "role": "approver"}
    )
    assert response.status_code == 302, response.content
    role = StaffRole.objects.get(user=user, role="approver")
    (added,) = entries("staffrole.admin_added")
    assert (added.actor_username, added.object_id) == ("root", str(role.pk))
    assert added.data["changes"]["role"] == [None, "approver"]

    response = client.post(
        f"/admin/organisation/staffrole/{role.pk}/change/",
        {"user": user.pk, "agency": cast.agency.pk, "role": "agency_head"},
    )
    assert response.status_code == 302
    (changed,) = entries("staffrole.admin_changed")
    assert changed.data["changes"] == {"role": ["approver", "agency_head"]}

    response = client.post(f"/admin/organisation/staffrole/{role.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    (deleted,) = entries("staffrole.admin_deleted")
    assert deleted.object_id == str(role.pk)
    assert deleted.data["fields"]["role"] == "agency_head"
    assert deleted.data["fields"]["user"] == user.pk


def test_removing_roles_in_bulk_from_the_admin_list_is_logged_one_by_one(cast: Cast, admin_user: Any) -> None:
    roles = list(StaffRole.objects.filter(agency=cast.agency).order_by("pk")[:2])
    response = staff(admin_user).post(
        "/admin/organisation/staffrole/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in roles], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(e.object_id for e in entries("staffrole.admin_deleted")) == sorted(str(r.pk) for r in roles)
    assert not StaffRole.objects.filter(pk__in=[r.pk for r in roles]).exists()


def test_an_authorisation_made_in_the_admin_is_logged_with_its_procedures(cast: Cast, admin_user: Any) -> None:
    version = received(cast).version
    response = staff(admin_user).post(
        "/admin/dossiers/authorisation/add/",
        {
            "decision_number": "12/QĐ-STP",
            "grantor_agency": cast.agency.pk,
            "grantee": cast.leader.pk,
            "procedures": [version.procedure.pk],
            "can_approve": "on",
            "valid_from_0": "2027-03-01",
            "valid_from_1": "00:00:00",
            "valid_to_0": "2027-12-31",
            "valid_to_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content
    # the admin grants through authorisation_grant (issue #15): one entry of the service
    (entry,) = entries("authorisation.granted")
    assert entries("authorisation.admin_added") == []
    assert entry.object_id == str(Authorisation.objects.get().pk)
    assert entry.data["grantee"] == "leader"
    assert entry.data["procedures"] == [version.procedure.code]
    assert (entry.data["can_approve"], entry.data["can_appraise"]) == (True, False)


def test_rewriting_a_slip_template_in_the_admin_is_logged_with_old_and_new_body(admin_user: Any) -> None:
    template = SlipTemplate.objects.create(kind="receipt", body="<p>old</p>")
    response = staff(admin_user).post(
        f"/admin/documents/sliptemplate/{template.pk}/change/",
        {"kind": "receipt", "form_number": "", "circular": "03/2025/TT-VPCP", "title": "", "body": "<p>new</p>"},
    )
    assert response.status_code == 302, response.content
    (entry,) = entries("sliptemplate.admin_changed")
    assert entry.data["changes"] == {"body": ["<p>old</p>", "<p>new</p>"]}


def test_making_a_superuser_and_setting_a_password_in_the_admin_is_logged_without_the_password(
    cast: Cast, admin_user: Any
) -> None:
    client = staff(admin_user)
    user = cast.clerk
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2027-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content
    (entry,) = entries("user.admin_changed")
    assert entry.data["changes"]["is_superuser"] == [False, True]
    assert entry.data["changes"]["is_staff"] == [False, True]

    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "Tr0ub4dor&3-horse", "password2": "Tr0ub4dor&3-horse", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    (entry,) = entries("user.admin_password_set")
    assert entry.object_id == str(user.pk)
    assert "Tr0ub4dor" not in str(AuditLog.objects.values_list("data", flat=True))


def test_adding_a_counter_inline_is_logged(cast: Cast, admin_user: Any) -> None:
    from motcua.organisation.models import ServicePoint

    point = ServicePoint.objects.create(name="Trung tâm", kind="provincial_centre", agency=cast.agency)
    response = staff(admin_user).post(
        f"/admin/organisation/servicepoint/{point.pk}/change/",
        {
            "name": "Trung tâm",
            "kind": "provincial_centre",
            "agency": cast.agency.pk,
            "address": "",
            "is_active": "on",
            "counters-TOTAL_FORMS": "1",
            "counters-INITIAL_FORMS": "0",
            "counters-0-number": "7",
            "counters-0-name": "Quầy 7",
            "counters-0-agency": cast.agency.pk,
        },
    )
    assert response.status_code == 302, response.content
    (entry,) = entries("counter.admin_added")
    assert entry.data["changes"]["number"] == [None, 7]
    assert entry.data["parent_id"] == str(point.pk)


# --- the log itself ------------------------------------------------------------------------------------------


def test_an_entry_keeps_the_username_after_the_account_is_deleted(cast: Cast) -> None:
    entry = audit_log(action="test.done", actor=cast.officer)
    cast.officer.delete()
    entry = AuditLog.objects.get(pk=entry.pk)
    assert entry.actor is None
    assert entry.actor_username == "officer"


def raw(sql: str, *params: Any) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgres_only
def test_a_raw_update_of_an_audit_entry_fails_in_postgresql(cast: Cast) -> None:
    entry = audit_log(action="test.done", actor=cast.officer, amount=1)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditlog SET data = '{\"amount\": 2}'::jsonb WHERE id = %s", entry.pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditlog SET actor_username = 'someone' WHERE id = %s", entry.pk)
    assert AuditLog.objects.get(pk=entry.pk).data == {"amount": 1}


@postgres_only
def test_a_raw_delete_of_an_audit_entry_fails_in_postgresql(cast: Cast) -> None:
    entry = audit_log(action="test.done", actor=cast.officer)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM core_auditlog WHERE id = %s", entry.pk)
    assert AuditLog.objects.filter(pk=entry.pk).exists()


@postgres_only
def test_unlinking_the_actor_is_allowed_only_alone(cast: Cast) -> None:
    entry = audit_log(action="test.done", actor=cast.officer)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditlog SET actor_id = NULL, action = 'x' WHERE id = %s", entry.pk)
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditlog SET actor_id = %s WHERE id = %s", cast.clerk.pk, entry.pk)
    raw("UPDATE core_auditlog SET actor_id = NULL WHERE id = %s", entry.pk)  # what deleting the user does
    assert AuditLog.objects.get(pk=entry.pk).actor_username == "officer"


def test_dossier_reads_stay_out_of_the_dossier_itself(cast: Cast) -> None:
    """Logging a read writes only the audit log: the dossier's lock version does not move."""
    dossier = received(cast)
    staff(cast.officer).get(f"/backoffice/ho-so/{dossier.code}/")
    assert Dossier.objects.get(pk=dossier.pk).lock_version == dossier.lock_version
