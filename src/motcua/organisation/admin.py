from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import AuditedAdminMixin
from motcua.organisation.models import Agency, Counter, ServicePoint, StaffRole


@admin.register(Agency)
class AgencyAdmin(AuditedAdminMixin, admin.ModelAdmin[Agency]):
    list_display = ["identifier", "name", "kind", "level", "parent", "active_from", "active_to"]
    list_filter = ["kind", "level"]
    search_fields = ["identifier", "name", "short_name"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["identifier", "name", "short_name", "kind", "level", "parent", "active_from", "active_to"]}),
        (_("Contact (shown on the public pages)"), {"fields": ["address", "phone", "email", "opening_hours"]}),
    ]


class CounterInline(admin.TabularInline[Counter, ServicePoint]):
    model = Counter
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(ServicePoint)
class ServicePointAdmin(AuditedAdminMixin, admin.ModelAdmin[ServicePoint]):
    list_display = ["name", "kind", "agency", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["agencies"]
    inlines = [CounterInline]


@admin.register(StaffRole)
class StaffRoleAdmin(AuditedAdminMixin, admin.ModelAdmin[StaffRole]):
    list_display = ["user", "role", "agency", "service_point"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
