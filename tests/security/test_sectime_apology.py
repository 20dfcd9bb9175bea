"""Issue #8, finding 2: one apology date must not break the agency.

The new due date is bounded (later than the current one, inside the working calendar's years), and the
pages that show due dates tolerate any stored date (a neutral band instead of a 500)."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from motcua.core.tokens import api_token_create
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_time_by_agency, due_band
from motcua.dossiers.services import dossier_apologise
from motcua.workdays.services import calendar_load
from tests.conftest import Cast
from tests.dossiers.factories import VN, received

FAR = dt.datetime(2099, 1, 1, 8, 0, tzinfo=VN)


def api(client: Client, user: Any, method: str, path: str, body: Any = None) -> Any:
    token = api_token_create(user=user)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(client, method)(f"/api/v1/{path}", **kwargs)


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "new_due_at", ["2099-01-01T08:00:00+07:00", "2041-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00"]
)
def test_an_apology_date_outside_the_calendar_is_a_400_in_the_api(client: Client, cast: Cast, new_due_at: str) -> None:
    dossier = received(cast)
    body = {"action": "apologise", "reason": "Chờ xác minh", "new_due_at": new_due_at}
    response = api(client, cast.head, "post", f"dossiers/{dossier.code}/actions", body)
    assert response.status_code == 400
    assert "new_due_at" in response.json()["errors"]
    dossier.refresh_from_db()
    assert not dossier.apologised


def test_an_apology_date_outside_the_calendar_is_a_400_in_the_back_office(cast: Cast) -> None:
    dossier = received(cast)
    response = logged_in(cast.head).post(
        f"/backoffice/ho-so/{dossier.code}/thao-tac/",
        {"action": "apologise", "reason": "Chờ xác minh", "new_due_at": "2099-01-01T08:00"},
    )
    assert response.status_code == 400
    assert "new_due_at:" in response.content.decode()
    dossier.refresh_from_db()
    assert not dossier.apologised


def test_the_apology_service_itself_refuses_a_date_outside_the_calendar(cast: Cast) -> None:
    dossier = received(cast)
    with pytest.raises(ValidationError) as refused:
        dossier_apologise(actor=cast.head, dossier=dossier, reason="Chờ xác minh", new_due_at=FAR)
    assert refused.value.code == "new_due_at"


def test_an_apology_date_not_after_the_current_one_is_a_400(client: Client, cast: Cast) -> None:
    dossier = received(cast)
    assert dossier.due_at is not None
    body = {"action": "apologise", "reason": "x", "new_due_at": (dossier.due_at - dt.timedelta(days=1)).isoformat()}
    assert api(client, cast.head, "post", f"dossiers/{dossier.code}/actions", body).status_code == 400


@pytest.fixture
def stored_far(cast: Cast) -> Dossier:
    """A dossier whose due date was stored before dates were bounded: far outside the calendar."""
    dossier = received(cast)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=FAR, apologised=True)
    dossier.refresh_from_db()
    return dossier


def test_a_stored_due_date_outside_the_calendar_gives_a_neutral_band(stored_far: Dossier) -> None:
    assert due_band(stored_far, timezone.now(), calendar_load()) == "none"
    assert dossier_time_by_agency(stored_far, now=FAR)  # working time of open steps: no error


def test_every_page_still_answers_with_a_stored_due_date_outside_the_calendar(
    client: Client, cast: Cast, stored_far: Dossier
) -> None:
    officer = logged_in(cast.officer)
    for path in ["/backoffice/", "/backoffice/hop-thu/agency/", f"/backoffice/ho-so/{stored_far.code}/"]:
        page = officer.get(path)
        assert page.status_code == 200, path
        assert str(stored_far.code) in page.content.decode(), path
    found = officer.get("/backoffice/tim-kiem/", {"q": "Nguyen Van An"})
    assert found.status_code == 200
    assert str(stored_far.code) in found.content.decode()
    assert logged_in(cast.supervisor).get("/backoffice/hop-thu/all/").status_code == 200
    detail = api(client, cast.officer, "get", f"dossiers/{stored_far.code}")
    assert detail.status_code == 200
    assert detail.json()["due_at"].startswith("2099-01-01")
    assert client.get("/api/v1/lookup", {"code": stored_far.code, "secret": "0912 345 678"}).status_code == 200


def test_acting_on_a_dossier_with_a_stored_due_date_outside_the_calendar_is_never_a_500(
    client: Client, cast: Cast, stored_far: Dossier
) -> None:
    for user, action in [(cast.officer, "forward"), (cast.head, "approve"), (cast.clerk, "return_result")]:
        response = api(client, user, "post", f"dossiers/{stored_far.code}/actions", {"action": action})
        assert response.status_code == 200, (action, response.content)
