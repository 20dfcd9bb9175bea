from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.postal.models import Shipment, ShipmentEvent


class ShipmentEventInline(admin.TabularInline[ShipmentEvent, Shipment]):
    model = ShipmentEvent
    extra = 0
    fields = ["status", "at", "source", "actor", "note"]
    readonly_fields = ["status", "at", "source", "actor", "note"]


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin[Shipment]):
    """Read-only: shipments change through the back office and the postal service's callback."""

    list_display = ["tracking_number", "dossier", "direction", "recipient", "status", "handed_over_at"]
    list_filter = ["direction", "status"]
    search_fields = ["tracking_number", "dossier__code"]
    inlines = [ShipmentEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
