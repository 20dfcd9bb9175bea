from django.contrib import admin

from motcua.documents.models import SlipTemplate


@admin.register(SlipTemplate)
class SlipTemplateAdmin(admin.ModelAdmin[SlipTemplate]):
    list_display = ["kind", "form_number", "circular", "title"]
