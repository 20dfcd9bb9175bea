"""The calendar stored in the database: services, cache, audit log, admin."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from motcua.core.models import AuditLog
from motcua.workdays.models import CalendarDay, OfficeHours
from motcua.workdays.services import (
    calendar_day_add,
    calendar_day_remove,
    calendar_load,
    due_date_compute,
    office_hours_update,
)

pytestmark = pytest.mark.django_db

WED, THU, FRI, SAT = date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5), date(2027, 3, 6)


def test_the_default_calendar_needs_no_rows() -> None:
    assert due_date_compute(received=datetime(2027, 2, 3, 16, 10), limit=5, unit="working_day") == datetime(
        2027, 2, 17, 16, 10
    )


def test_calendar_load_is_cached() -> None:
    assert calendar_load() is calendar_load()


def test_an_extra_day_off_added_by_the_admin_shifts_the_due_date(calendar_admin: AbstractBaseUser) -> None:
    received = datetime(2027, 3, 3, 16, 10)
    assert due_date_compute(received=received, limit=1, unit="working_day") == datetime(2027, 3, 4, 16, 10)
    calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF, name="Provincial anniversary", actor=calendar_admin)
    assert due_date_compute(received=received, limit=1, unit="working_day") == datetime(2027, 3, 5, 16, 10)
    assert calendar_load().day_off_name(THU) == "Provincial anniversary"
    assert calendar_day_remove(date=THU, actor=calendar_admin)
    assert due_date_compute(received=received, limit=1, unit="working_day") == datetime(2027, 3, 4, 16, 10)


def test_a_make_up_saturday_added_by_the_admin_is_a_working_day() -> None:
    calendar_day_add(date=SAT, kind=CalendarDay.Kind.WORKING_DAY, name="Make-up for 2 September")
    assert calendar_load().is_working_day(SAT)
    assert due_date_compute(received=datetime(2027, 3, 5, 16, 10), limit=1, unit="working_day") == datetime(
        2027, 3, 6, 16, 10
    )


def test_adding_a_day_writes_the_audit_log(calendar_admin: AbstractBaseUser) -> None:
    row = calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF, name="Storm", actor=calendar_admin)
    entry = AuditLog.objects.get(action="calendar.day_added")
    assert entry.actor == calendar_admin
    assert entry.object_id == str(row.pk)
    assert entry.data["date"] == "2027-03-04"


def test_adding_the_same_date_again_changes_the_row() -> None:
    calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF, name="Storm")
    calendar_day_add(date=THU, kind=CalendarDay.Kind.WORKING_DAY, name="Storm over")
    assert CalendarDay.objects.get().kind == CalendarDay.Kind.WORKING_DAY
    assert AuditLog.objects.filter(action="calendar.day_changed").count() == 1


def test_removing_a_day_writes_the_audit_log() -> None:
    calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF)
    assert calendar_day_remove(date=THU)
    assert not CalendarDay.objects.exists()
    assert AuditLog.objects.get(action="calendar.day_removed").data["date"] == "2027-03-04"


def test_removing_a_day_that_is_not_there_does_nothing() -> None:
    assert calendar_day_remove(date=THU) is False
    assert not AuditLog.objects.exists()


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValidationError):
        calendar_day_add(date=THU, kind="half_day")


def test_a_day_outside_the_calendar_years_is_refused() -> None:
    with pytest.raises(ValidationError):
        calendar_day_add(date=date(2099, 1, 1), kind=CalendarDay.Kind.DAY_OFF)


def test_changed_office_hours_change_due_dates(calendar_admin: AbstractBaseUser) -> None:
    office_hours_update(morning_start=time(8), afternoon_end=time(17, 30), actor=calendar_admin)
    cal = calendar_load()
    assert cal.hours_per_day == 7.5
    assert cal.normalize(datetime(2027, 3, 3, 7, 30)) == datetime(2027, 3, 3, 8)
    assert due_date_compute(received=datetime(2027, 3, 3, 8), limit=1, unit="working_day") == datetime(
        2027, 3, 3, 17, 30
    )
    entry = AuditLog.objects.get(action="calendar.office_hours_changed")
    assert entry.data["changes"]["morning_start"] == ["07:00", "08:00"]


def test_the_late_cutoff_comes_from_the_office_hours() -> None:
    office_hours_update(late_cutoff=time(16))
    received = datetime(2027, 3, 3, 15, 30)
    assert due_date_compute(received=received, limit=1, unit="working_day", after_15h=True) == datetime(
        2027, 3, 4, 15, 30
    )


def test_overlapping_office_hours_are_refused_with_a_message() -> None:
    with pytest.raises(ValidationError) as excinfo:
        office_hours_update(morning_end=time(14))
    assert "no overlap" in str(excinfo.value.message_dict["afternoon_start"])
    assert OfficeHours.load().morning_end == time(11, 30)


def test_a_morning_ending_before_it_starts_is_refused() -> None:
    row = OfficeHours(morning_start=time(11), morning_end=time(10))
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "morning_end" in excinfo.value.message_dict


def test_a_cutoff_outside_the_working_day_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        office_hours_update(late_cutoff=time(18))
    assert "late_cutoff" in excinfo.value.message_dict


def test_the_database_refuses_overlapping_office_hours() -> None:
    row = OfficeHours.load()
    row.morning_end = time(14)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_office_hours_are_a_single_row() -> None:
    OfficeHours().save()
    OfficeHours().save()
    assert OfficeHours.objects.count() == 1
    assert OfficeHours.load().pk == 1


def test_a_change_made_by_another_process_is_seen_through_the_revision() -> None:
    before = calendar_load()
    # What another process's calendar_day_add leaves in the database: a row and a new revision.
    CalendarDay.objects.create(date=THU, kind=CalendarDay.Kind.DAY_OFF)
    OfficeHours.load()
    OfficeHours.objects.filter(pk=OfficeHours.SINGLETON_PK).update(revision="another-process")
    after = calendar_load()
    assert after is not before
    assert not after.is_working_day(THU)


def test_a_rolled_back_change_does_not_linger_in_the_cache() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF)
        assert not calendar_load().is_working_day(THU)
        raise RuntimeError("rollback")
    assert calendar_load().is_working_day(THU)


# --- admin ------------------------------------------------------------------------------------------


@pytest.fixture
def admin_browser(calendar_admin: AbstractBaseUser) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(calendar_admin)
    return client


def test_the_admin_adds_a_day_through_the_service(admin_browser: Client) -> None:
    response = admin_browser.post(
        reverse("admin:workdays_calendarday_add"), {"date": "2027-03-04", "kind": "day_off", "name": "Storm"}
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="calendar.day_added").exists()
    assert not calendar_load().is_working_day(THU)


def test_the_admin_moves_a_day_through_the_service(admin_browser: Client) -> None:
    row = calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF, name="Storm")
    response = admin_browser.post(
        reverse("admin:workdays_calendarday_change", args=[row.pk]),
        {"date": "2027-03-05", "kind": "day_off", "name": "Storm"},
    )
    assert response.status_code == 302
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [FRI]
    cal = calendar_load()
    assert cal.is_working_day(THU)
    assert not cal.is_working_day(FRI)


def test_the_admin_deletes_a_day_through_the_service(admin_browser: Client) -> None:
    row = calendar_day_add(date=THU, kind=CalendarDay.Kind.DAY_OFF)
    response = admin_browser.post(reverse("admin:workdays_calendarday_delete", args=[row.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="calendar.day_removed").exists()
    assert calendar_load().is_working_day(THU)


def test_the_admin_bulk_deletes_days_through_the_service(admin_browser: Client) -> None:
    rows = [calendar_day_add(date=d, kind=CalendarDay.Kind.DAY_OFF) for d in (THU, FRI)]
    response = admin_browser.post(
        reverse("admin:workdays_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="calendar.day_removed").count() == 2
    assert not CalendarDay.objects.exists()


def test_the_admin_changes_office_hours_through_the_service(admin_browser: Client) -> None:
    response = admin_browser.get(reverse("admin:workdays_officehours_changelist"))
    assert response.status_code == 302
    response = admin_browser.post(
        response["Location"],
        {
            "morning_start": "07:30",
            "morning_end": "11:30",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "late_cutoff": "15:00",
        },
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="calendar.office_hours_changed").exists()
    assert calendar_load().normalize(datetime(2027, 3, 3, 7)) == datetime(2027, 3, 3, 7, 30)


def test_the_admin_shows_office_hours_errors(admin_browser: Client) -> None:
    OfficeHours.load()
    response = admin_browser.post(
        reverse("admin:workdays_officehours_change", args=[1]),
        {
            "morning_start": "07:00",
            "morning_end": "14:00",
            "afternoon_start": "13:30",
            "afternoon_end": "17:00",
            "late_cutoff": "15:00",
        },
    )
    assert response.status_code == 200
    assert "no overlap" in response.content.decode()
