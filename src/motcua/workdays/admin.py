from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import CalendarDay, OfficeHours
from motcua.workdays.services import calendar_day_add, calendar_day_remove, office_hours_update


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "kind", "name"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return date_format(obj.date, "l")

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: ModelForm[CalendarDay], change: bool) -> None:
        if change and obj.pk is not None:
            old_date = CalendarDay.objects.filter(pk=obj.pk).values_list("date", flat=True).first()
            if old_date is not None and old_date != obj.date:
                calendar_day_remove(date=old_date, actor=request.user)
        row = calendar_day_add(date=obj.date, kind=obj.kind, name=obj.name, actor=request.user)
        obj.pk, obj.created_at = row.pk, row.created_at

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_remove(date=obj.date, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in list(queryset.values_list("date", flat=True)):
            calendar_day_remove(date=day, actor=request.user)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin[OfficeHours]):
    list_display = ["__str__", "late_cutoff", "updated_at"]
    fields = ["morning_start", "morning_end", "afternoon_start", "afternoon_end", "late_cutoff"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        row = OfficeHours.load()  # the single row: go straight to its form
        return HttpResponseRedirect(reverse("admin:workdays_officehours_change", args=[row.pk]))

    def save_model(self, request: HttpRequest, obj: OfficeHours, form: ModelForm[OfficeHours], change: bool) -> None:
        office_hours_update(
            morning_start=obj.morning_start,
            morning_end=obj.morning_end,
            afternoon_start=obj.afternoon_start,
            afternoon_end=obj.afternoon_end,
            late_cutoff=obj.late_cutoff,
            actor=request.user,
        )
