"""The database router: writes and read-your-writes on the primary, lag-tolerant reads on a replica only
where a view opts in. In tests the replica alias mirrors the test database (a second connection to it);
real streaming is checked by scripts/replica-test.sh."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from motcua.core.models import AuditLog
from motcua.core.replicas import PIN_COOKIE, primary_reads, read_alias, replica_reads, work_scope
from motcua.organisation.models import Agency, StaffRole
from motcua.settings import replica_databases
from tests.conftest import make_agency

both = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def with_replica(settings: Any) -> Iterator[None]:
    settings.DATABASE_REPLICAS = ["replica"]
    with work_scope():  # each test is its own unit of work, as each request is
        yield


def test_settings_without_a_replica_url_point_the_alias_at_the_primary(tmp_path: Path) -> None:
    primary = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "m.sqlite3"), "OPTIONS": {}}
    replicas = replica_databases([], primary, tmp_path)
    assert list(replicas) == ["replica"]
    assert replicas["replica"]["NAME"] == primary["NAME"]
    assert replicas["replica"]["TEST"] == {"MIRROR": "default"}


def test_settings_name_each_replica_url_and_mirror_the_test_database(tmp_path: Path) -> None:
    primary = {"ENGINE": "django.db.backends.postgresql", "NAME": "motcua"}
    replicas = replica_databases(
        ["postgres://m:p@10.0.0.2:5432/motcua", "postgres://m:p@10.0.0.3:5432/motcua?prepare_threshold=none"],
        primary,
        tmp_path,
    )
    assert list(replicas) == ["replica", "replica2"]
    assert replicas["replica"]["HOST"] == "10.0.0.2"
    assert replicas["replica2"]["HOST"] == "10.0.0.3"
    assert all(r["TEST"] == {"MIRROR": "default"} for r in replicas.values())


def test_settings_refuse_a_replica_of_another_engine(tmp_path: Path) -> None:
    primary = {"ENGINE": "django.db.backends.postgresql", "NAME": "motcua"}
    with pytest.raises(ImproperlyConfigured):
        replica_databases(["sqlite:///other.sqlite3"], primary, tmp_path)


@both
def test_reads_stay_on_the_primary_unless_a_view_opts_in(with_replica: None) -> None:
    assert Agency.objects.all().db == "default"
    with replica_reads():
        assert Agency.objects.all().db == "replica"
    assert Agency.objects.all().db == "default"


@both
def test_without_a_configured_replica_opted_in_reads_use_the_primary() -> None:
    with replica_reads():
        assert Agency.objects.all().db == "default"


@both
def test_replica_reads_see_rows_committed_on_the_primary(with_replica: None) -> None:
    agency = make_agency()
    with work_scope(), replica_reads():  # another request, after the write was committed
        found = Agency.objects.get(pk=agency.pk)
    assert found._state.db == "replica"
    assert found.name == agency.name


@both
def test_writes_go_to_the_primary_even_inside_replica_reads(with_replica: None) -> None:
    agency = make_agency()
    with replica_reads():
        found = Agency.objects.get(pk=agency.pk)
        found.name = "Sở Tư pháp tỉnh"
        found.save()
        assert Agency.objects.filter(pk=agency.pk).select_for_update().db == "default"
    assert Agency.objects.using("default").get(pk=agency.pk).name == "Sở Tư pháp tỉnh"


@both
def test_after_a_write_the_block_reads_its_own_writes_from_the_primary(with_replica: None) -> None:
    with replica_reads():
        assert read_alias(Agency) == "replica"
        make_agency()
        assert Agency.objects.all().db == "default"


@both
def test_a_request_that_wrote_before_opting_in_reads_its_write_from_the_primary(with_replica: None) -> None:
    make_agency()
    with replica_reads():
        assert Agency.objects.all().db == "default"
    with work_scope(), replica_reads():
        assert Agency.objects.all().db == "replica"


@both
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica: None) -> None:
    with replica_reads(), transaction.atomic():
        assert Agency.objects.all().db == "default"


@both
def test_sessions_users_roles_and_the_audit_log_never_come_from_a_replica(with_replica: None) -> None:
    with replica_reads():
        for model in (Session, get_user_model(), StaffRole, AuditLog):
            assert model.objects.all().db == "default", model


@both
def test_primary_reads_override_an_enclosing_replica_block(with_replica: None) -> None:
    with replica_reads():
        with primary_reads():
            assert Agency.objects.all().db == "default"
        assert Agency.objects.all().db == "replica"


@both
def test_the_decorator_routes_each_call_on_its_own(with_replica: None) -> None:
    @replica_reads()
    def read() -> str:
        return str(Agency.objects.all().db)

    assert read() == "replica"
    assert Agency.objects.all().db == "default"
    assert read() == "replica"


@both
def test_the_public_catalogue_api_reads_from_the_replica(client: Any, with_replica: None) -> None:
    agency = make_agency(identifier="000.00.21.H49")
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/api/v1/agencies")
    assert response.status_code == 200
    assert agency.identifier in [a["identifier"] for a in response.json()["results"]]
    assert any("organisation_agency" in q["sql"] for q in on_replica.captured_queries)


@both
def test_a_request_that_wrote_pins_the_browser_to_the_primary(client: Any, with_replica: None) -> None:
    from django.test import RequestFactory

    from motcua.core.replicas import ReplicaPinMiddleware

    def view(request: Any) -> Any:
        from django.http import HttpResponse

        with replica_reads():
            make_agency()
        return HttpResponse("ok")

    response = ReplicaPinMiddleware(view)(RequestFactory().post("/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 5

    def reader(request: Any) -> Any:
        from django.http import HttpResponse

        with replica_reads():
            return HttpResponse(Agency.objects.all().db)

    pinned = RequestFactory().get("/")
    pinned.COOKIES[PIN_COOKIE] = "1"
    assert ReplicaPinMiddleware(reader)(pinned).content == b"default"
    assert ReplicaPinMiddleware(reader)(RequestFactory().get("/")).content == b"replica"


@both
def test_a_request_that_only_read_sets_no_pin(with_replica: None) -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory

    from motcua.core.replicas import ReplicaPinMiddleware

    def reader(request: Any) -> Any:
        with replica_reads():
            return HttpResponse(str(Agency.objects.count()))

    assert PIN_COOKIE not in ReplicaPinMiddleware(reader)(RequestFactory().get("/")).cookies


@pytest.mark.django_db
def test_existing_tests_in_a_transaction_see_their_rows_through_opted_in_views(client: Any, with_replica: None) -> None:
    agency = make_agency(identifier="000.00.22.H49")  # uncommitted: a replica connection could not see it,
    response = client.get("/api/v1/agencies")  # so the router keeps the primary inside the test's transaction
    assert agency.identifier in [a["identifier"] for a in response.json()["results"]]


@both
def test_the_public_lookup_reads_the_dossier_from_the_replica(client: Any, cast: Any, with_replica: None) -> None:
    from tests.dossiers.factories import received

    dossier = received(cast)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/api/v1/lookup", {"code": dossier.code, "secret": "0912 345 678"})
    assert response.status_code == 200
    assert any("dossiers_dossier" in q["sql"] for q in on_replica.captured_queries)


@both
def test_the_status_page_reads_the_replica_but_the_return_from_payment_reads_the_primary(
    client: Any, cast: Any, with_replica: None
) -> None:
    from tests.dossiers.factories import received

    dossier = received(cast)
    found = client.post("/tra-cuu/", {"code": dossier.code, "secret": "0912 345 678"})
    assert found.status_code == 302
    page = f"/tra-cuu/{dossier.code}/"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(page).status_code == 200
    assert any("dossiers_dossier" in q["sql"] for q in on_replica.captured_queries)
    assert not any("django_session" in q["sql"] for q in on_replica.captured_queries)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(page, {"order": "ABC"}).status_code == 200
    assert on_replica.captured_queries == []


@both
@pytest.mark.parametrize("url", ["/backoffice/bao-cao/", "/backoffice/giam-sat/"])
def test_dashboards_read_figures_from_the_replica_and_roles_from_the_primary(
    client: Any, cast: Any, with_replica: None, url: str
) -> None:
    from tests.dossiers.factories import received

    received(cast)
    client.force_login(cast.supervisor)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(url).status_code == 200
    assert any("dossiers_" in q["sql"] for q in on_replica.captured_queries)
    assert not any("organisation_staffrole" in q["sql"] for q in on_replica.captured_queries)


@both
def test_a_clerk_is_refused_the_dashboard_before_anything_is_read_from_a_replica(
    client: Any, cast: Any, with_replica: None
) -> None:
    client.force_login(cast.clerk)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/backoffice/bao-cao/").status_code == 403
    assert on_replica.captured_queries == []


@both
def test_the_report_command_reads_from_the_replica(cast: Any, with_replica: None) -> None:
    from io import StringIO

    from django.core.management import call_command

    from tests.dossiers.factories import received

    received(cast)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        call_command("report", "--from", "2027-03-01", "--to", "2027-03-31", stdout=StringIO())
    assert any("dossiers_dossier" in q["sql"] for q in on_replica.captured_queries)
