from django.contrib import admin

from motcua.core.admin import AuditedAdminMixin
from motcua.staffing.models import OnboardingItem, Posting, Qualification, RosterEntry, Standard


@admin.register(Standard)
class StandardAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "is_active"]


@admin.register(OnboardingItem)
class OnboardingItemAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["position", "title", "is_active"]


@admin.register(Posting)
class PostingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "home_agency", "service_point", "counter", "starts_on", "ends_on"]
    list_filter = ["home_agency", "service_point"]


@admin.register(Qualification)
class QualificationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "standard", "obtained_on"]
    list_filter = ["standard"]


@admin.register(RosterEntry)
class RosterEntryAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["day", "counter", "user"]
    list_filter = ["counter__service_point"]
    date_hierarchy = "day"
