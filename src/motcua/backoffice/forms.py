from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Procedure, ProcedureVersion, ProcessStep
from motcua.dossiers.models import Dossier
from motcua.engagement.models import GuidanceSession


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


# --- guidance and hotline (engagement) -------------------------------------------------------------


class _GuidanceLinks(forms.Form):
    """The topic (from the configurable list), the procedure's national code and a dossier code."""

    topic = forms.ChoiceField(label=_("Topic"), choices=[])
    procedure_code = forms.CharField(label=_("Procedure code (optional)"), required=False, max_length=40)
    dossier_code = forms.CharField(label=_("Dossier code (optional)"), required=False, max_length=64)
    question = forms.CharField(
        label=_("Question to answer later (opens a request you own)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    contact_phone = forms.CharField(label=_("Phone for the callback"), required=False, max_length=16)

    def __init__(self, *args: Any, topics: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [(t, t) for t in topics]  # type: ignore[attr-defined]

    def clean_procedure_code(self) -> Procedure | None:
        code = self.cleaned_data.get("procedure_code", "").strip()
        if not code:
            return None
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise forms.ValidationError(_("No procedure has this code."))
        return procedure

    def clean_dossier_code(self) -> Dossier | None:
        code = self.cleaned_data.get("dossier_code", "").strip()
        if not code:
            return None
        dossier = Dossier.objects.filter(code=code).first()
        if dossier is None:
            raise forms.ValidationError(_("No dossier has this code."))
        return dossier


class GuidanceForm(_GuidanceLinks):
    channel = forms.ChoiceField(label=_("Channel"), choices=GuidanceSession.Channel.choices)
    visitor_name = forms.CharField(label=_("Visitor or caller (optional)"), required=False, max_length=255)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=GuidanceSession.Outcome.choices)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=600, initial=5)
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["channel", "topic", "procedure_code", "dossier_code", "visitor_name", "outcome", "minutes", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == GuidanceSession.Outcome.REQUEST and not (data.get("question") or "").strip():
            self.add_error("question", _("Write down the question to answer later."))
        return data


class HotlineForm(_GuidanceLinks):
    caller_phone = forms.CharField(label=_("Caller's phone"), required=False, max_length=16)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=600, initial=3)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=255)

    field_order = ["caller_phone", "topic", "procedure_code", "dossier_code", "minutes", "outcome"]


class TransferForm(forms.Form):
    to: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Transfer to"),
        queryset=None,  # type: ignore[arg-type]
        empty_label=None,
    )
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        colleagues = (
            get_user_model()
            .objects.filter(is_active=True, staff_roles__isnull=False)
            .exclude(pk=user.pk)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["to"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["to"].label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.last_name} {u.first_name}".strip() or u.username
        )
