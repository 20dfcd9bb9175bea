from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import ProcedureVersion, ProcessStep
from motcua.dossiers.models import Dossier


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Code, applicant, identity number or phone"), required=False, max_length=100)
    status = forms.TypedChoiceField(
        label=_("Status"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), *Dossier.Status.choices],
    )
    step = forms.ChoiceField(
        label=_("Current step"), required=False, choices=[("", _("All steps")), *ProcessStep.Kind.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due", _("due date, earliest first")),
            ("-received", _("received, newest first")),
            ("code", _("code")),
        ],
    )


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Applicant kind"), choices=Dossier.ApplicantKind.choices, initial="person")
    name = forms.CharField(label=_("Full name / organisation name"), max_length=255)
    id_number = forms.CharField(label=_("Identity number (citizen ID, passport or tax code)"), max_length=20)
    phone = forms.CharField(label=_("Phone"), max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=500)
    proxy_name = forms.CharField(label=_("Submitted by (proxy), if any"), required=False, max_length=255)
    proxy_id_number = forms.CharField(label=_("Proxy identity number"), required=False, max_length=20)
    proxy_phone = forms.CharField(label=_("Proxy phone"), required=False, max_length=20)
    channel = forms.ChoiceField(label=_("Channel"), choices=Dossier.Channel.choices, initial="in_person")
    result_delivery = forms.ChoiceField(label=_("Result delivery"), choices=Dossier.Delivery.choices, initial="counter")
    fee_paid = forms.BooleanField(label=_("Fee paid"), required=False)
    fee_exempt = forms.BooleanField(label=_("Fee exempted"), required=False)
    fee_exemption_reason = forms.CharField(label=_("Exemption reason"), required=False, max_length=255)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("proxy_name") and not data.get("proxy_id_number"):
            self.add_error("proxy_id_number", _("Give the proxy's identity number."))
        if data.get("fee_exempt") and not data.get("fee_exemption_reason"):
            self.add_error("fee_exemption_reason", _("Give the reason for the fee exemption."))
        return data


def document_fields(version: ProcedureVersion) -> list[tuple[str, str, int, int, str]]:
    """(field prefix, document name, originals required, copies required, case) for the checklist."""
    return [(f"doc_{d.pk}", d.name, d.originals, d.copies, d.group) for d in version.documents.all()]


MAX_COUNT = 99


class ChecklistForm(forms.Form):
    """The reception desk's document checklist: per required document a tick and the originals and copies
    received (``doc_<id>_received``, ``doc_<id>_originals``, ``doc_<id>_copies``). Counts are bounded
    integers; a bound form re-displays exactly what the clerk entered."""

    def __init__(self, *args: Any, version: ProcedureVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[ChecklistRow] = []
        for prefix, name, originals, copies, group in document_fields(version):
            self.fields[f"{prefix}_received"] = forms.BooleanField(label=name, required=False, initial=not group)
            for kind, label, initial in (("originals", _("Originals"), originals), ("copies", _("Copies"), copies)):
                attrs = {"min": 0, "max": MAX_COUNT, "class": "count", "aria-label": format_lazy("{}: {}", name, label)}
                widget = forms.NumberInput(attrs=attrs)
                self.fields[f"{prefix}_{kind}"] = forms.IntegerField(
                    label=label, initial=initial, required=False, min_value=0, max_value=MAX_COUNT, widget=widget
                )
            self.rows.append(ChecklistRow(prefix, name, group, self))

    def documents(self) -> list[tuple[int, str, int, int]]:
        """(required document id, name, originals, copies) of the ticked documents; after is_valid()."""
        data = self.cleaned_data
        return [
            (int(row.prefix[4:]), row.name, data[f"{row.prefix}_originals"] or 0, data[f"{row.prefix}_copies"] or 0)
            for row in self.rows
            if data.get(f"{row.prefix}_received")
        ]


class ChecklistRow:
    """One line of the checklist, for the template: the tick and the two counts as bound fields."""

    def __init__(self, prefix: str, name: str, group: str, form: ChecklistForm) -> None:
        self.prefix, self.name, self.group = prefix, name, group
        self.received = form[f"{prefix}_received"]
        self.originals = form[f"{prefix}_originals"]
        self.copies = form[f"{prefix}_copies"]
        self.counts = [self.originals, self.copies]


class ResultForm(forms.Form):
    """The electronic result of a finished dossier (the service checks the file and the user's right)."""

    file = forms.FileField(label=_("Result file (PDF)"))
    name = forms.CharField(label=_("Name of the result (optional)"), required=False, max_length=255)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
