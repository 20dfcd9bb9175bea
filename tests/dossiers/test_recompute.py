import datetime as dt
from io import StringIO

from django.core.management import call_command

from motcua.dossiers.services import dossier_apologise, dossier_request_supplement
from motcua.workdays.services import calendar_day_add
from tests.conftest import Cast
from tests.dossiers.factories import at, received


def test_a_new_day_off_moves_the_due_dates_of_open_dossiers(cast: Cast) -> None:
    open_one = received(cast, "2027-03-01 08:00")
    assert open_one.due_at == at("2027-03-15 08:00")
    calendar_day_add(date=dt.date(2027, 3, 5), kind="day_off", name="Nghỉ bù")
    out = StringIO()
    call_command("recompute-due-dates", stdout=out)
    open_one.refresh_from_db()
    assert open_one.due_at == at("2027-03-16 08:00")
    assert "1 due dates changed" in out.getvalue()


def test_a_promised_new_date_and_a_paused_dossier_are_left_alone(cast: Cast) -> None:
    apologised = received(cast, "2027-03-01 08:00")
    apologised = dossier_apologise(
        actor=cast.officer, dossier=apologised, reason="x", new_due_at=at("2027-03-20 08:00")
    )
    waiting = dossier_request_supplement(actor=cast.officer, dossier=received(cast, "2027-03-01 08:00"), missing="x")
    calendar_day_add(date=dt.date(2027, 3, 5), kind="day_off", name="Nghỉ bù")
    call_command("recompute-due-dates", stdout=StringIO())
    apologised.refresh_from_db()
    before = waiting.due_at
    waiting.refresh_from_db()
    assert apologised.due_at == at("2027-03-20 08:00")
    assert waiting.due_at == before


def test_recomputing_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    received(cast)
    out = StringIO()
    call_command("recompute-due-dates", stdout=out)
    assert "0 due dates changed" in out.getvalue()
