from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.notices.models import Notice, NoticeChannel, NoticeEvent, NoticeOptOut, NoticeTemplate
from motcua.notices.texts import SAMPLE_CONTEXT, notice_render, sms_length, template_check


class NoticeTemplateForm(forms.ModelForm[NoticeTemplate]):
    class Meta:
        model = NoticeTemplate
        fields = ["event", "channel", "language", "subject", "body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("subject", "body"):
            problem = template_check(data.get(name) or "")
            if problem:
                self.add_error(name, _("This template cannot be read: %(problem)s") % {"problem": problem})
        return data


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin[NoticeTemplate]):
    form = NoticeTemplateForm
    list_display = ["event", "channel", "language", "updated_at"]
    list_filter = ["event", "channel", "language"]
    readonly_fields = ["preview", "variables"]
    fields = ["event", "channel", "language", "subject", "body", "preview", "variables"]

    @admin.display(description=_("preview with sample data"))
    def preview(self, obj: NoticeTemplate) -> str:
        if obj.pk is None:
            return str(_("Save to see the preview."))
        rendered = notice_render(
            event=obj.event, channel=obj.channel, language=obj.language, context=SAMPLE_CONTEXT, override=obj
        )
        if obj.channel == NoticeChannel.SMS:
            length = sms_length(rendered.text)
            info = _("%(units)d characters, %(encoding)s, %(parts)d SMS") % {
                "units": length.units,
                "encoding": length.encoding.upper(),
                "parts": length.parts,
            }
        else:
            info = rendered.subject
        return format_html("<pre style='white-space:pre-wrap'>{}</pre><p>{}</p>", rendered.text, info)

    @admin.display(description=_("variables"))
    def variables(self, obj: NoticeTemplate) -> str:
        return ", ".join("{{ %s }}" % name for name in SAMPLE_CONTEXT)  # noqa: UP031


class NoticeEventInline(admin.TabularInline[NoticeEvent, Notice]):
    model = NoticeEvent
    extra = 0
    can_delete = False
    fields = ["at", "state", "attempt", "detail"]
    readonly_fields = ["at", "state", "attempt", "detail"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    list_display = ["created_at", "dossier", "event", "channel", "recipient", "state", "attempts", "sms_parts"]
    list_filter = ["state", "channel", "event", "priority"]
    search_fields = ["dossier__code", "recipient", "uuid", "provider_message_id"]
    date_hierarchy = "created_at"
    inlines = [NoticeEventInline]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NoticeOptOut)
class NoticeOptOutAdmin(admin.ModelAdmin[NoticeOptOut]):
    list_display = ["channel", "address", "note", "created_at"]
    list_filter = ["channel"]
    search_fields = ["address"]
