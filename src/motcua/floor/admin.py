from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.floor.models import FloorSettings, ServiceArea


@admin.register(ServiceArea)
class ServiceAreaAdmin(AuditedAdminMixin, admin.ModelAdmin[ServiceArea]):
    list_display = ["code", "name", "service_point", "slot_minutes", "slot_capacity", "is_active"]
    list_filter = ["service_point", "is_active"]
    filter_horizontal = ["procedures", "counters"]


@admin.register(FloorSettings)
class FloorSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin[FloorSettings]):
    list_display = ["__str__", "epidemic_mode"]

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return not FloorSettings.objects.exists()

    def has_delete_permission(self, request: object, obj: object = None) -> bool:  # type: ignore[override]
        return False
