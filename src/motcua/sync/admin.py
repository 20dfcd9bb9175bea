from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.sync.models import SyncEvent, SyncRun


@admin.register(SyncEvent)
class SyncEventAdmin(admin.ModelAdmin[SyncEvent]):
    list_display = ["occurred_at", "dossier", "kind", "source_id", "state", "attempts", "sent_at", "last_error"]
    list_filter = ["state", "kind"]
    search_fields = ["dossier__code"]
    date_hierarchy = "occurred_at"
    readonly_fields = [f.name for f in SyncEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin[SyncRun]):
    list_display = ["started_at", "date_from", "date_to", "events", "batches", "retries", "error"]
    readonly_fields = [f.name for f in SyncRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
