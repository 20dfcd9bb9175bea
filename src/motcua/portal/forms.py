from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Field, Level, OnlineLevel, RequiredDocument
from motcua.core.text import squash
from motcua.dossiers.identity import normalize_id_number, normalize_phone
from motcua.dossiers.models import Dossier
from motcua.dossiers.uploads import upload_check
from motcua.engagement.models import Survey
from motcua.organisation.models import Agency


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Procedure name or code"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=Field.objects.all(), empty_label=_("All fields")
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        required=False,
        queryset=Agency.objects.exclude(kind=Agency.Kind.UNIT).order_by("name"),
        empty_label=_("All agencies"),
    )
    online_level = forms.ChoiceField(
        label=_("Online service"), required=False, choices=[("", _("Any")), *OnlineLevel.choices]
    )


# --- citizen forms (online submission, tracking) ----------------------------------------------------
#
# GOV.UK habits: every input has a visible label, an optional hint and an error message tied to it with
# aria-describedby; ``error_links()`` feeds the error summary at the top of the page.


class PortalForm(forms.Form):
    """A form of the citizen pages: hints and errors are announced with their input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe()

    def _describe(self) -> None:
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue  # the fieldset carries the description (see _field.html)
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-hint")
            errors = getattr(self, "_errors", None)  # not computed yet: do not trigger validation here
            if errors and name in errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def error_links(self) -> list[tuple[str, str]]:
        """(link, message) of every error, in the order of the fields, for the error summary."""
        if not self.is_bound or not self.errors:
            return []
        links = [("", str(message)) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            anchor = f"#{self[name].auto_id}"
            if isinstance(field.widget, forms.RadioSelect):
                anchor = f"{anchor}_0"
            links.extend((anchor, str(message)) for message in self.errors.get(name, []))
        return links


class ApplicantForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("Are you applying as a person or for an organisation?"),
        choices=[
            (Dossier.ApplicantKind.PERSON, _("As a person")),
            (Dossier.ApplicantKind.ORGANISATION, _("For an organisation")),
        ],
        widget=forms.RadioSelect,
        initial=Dossier.ApplicantKind.PERSON,
        error_messages={"required": _("Select whether you are applying as a person or for an organisation.")},
    )
    name = forms.CharField(
        label=_("Full name (or name of the organisation)"),
        max_length=255,
        error_messages={"required": _("Enter your full name or the name of the organisation.")},
    )
    id_number = forms.CharField(
        label=_("Identity number"),
        max_length=30,
        error_messages={"required": _("Enter the identity number or tax code.")},
        help_text=_(
            "A person: the 12-digit citizen identity number or a passport number. "
            "An organisation: its tax code (10 digits, or 10 digits, a dash and 3 digits)."
        ),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        error_messages={"required": _("Enter a phone number.")},
        help_text=_("A Vietnamese number such as 0912 345 678. You will need it to track your dossier."),
    )
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        help_text=_("Where you live, or the organisation's head office."),
        error_messages={"required": _("Enter the address.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name", "spellcheck": "false"})
        self.fields["address"].widget.attrs.update({"autocomplete": "street-address"})
        self._describe()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation = data.get("kind") == Dossier.ApplicantKind.ORGANISATION
        # The same rules as the service (dossier_submit normalises again; these are idempotent).
        if data.get("id_number"):
            try:
                data["id_number"] = normalize_id_number(data["id_number"], organisation=organisation)
            except ValidationError as error:
                self.add_error("id_number", error)
        if data.get("phone"):
            try:
                data["phone"] = normalize_phone(data["phone"])
            except ValidationError as error:
                self.add_error("phone", error)
        for key in ("name", "address", "email"):
            if isinstance(data.get(key), str):
                data[key] = squash(data[key])
        return data


class AgencyChoiceForm(PortalForm):
    agency = forms.TypedChoiceField(
        label=_("Which agency should receive your dossier?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the agency that should receive your dossier.")},
    )

    def __init__(self, *args: Any, agencies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(agency.pk, agency.name) for agency in agencies]


class ScanField(forms.FileField):
    """A scan checked like the desk checks it: size limit and real content (PDF, PNG, JPEG, TIFF)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            upload_check(upload)
        return upload


OTHER_DOCUMENT = "other"
# The name an extra scan gets in the dossier (data read by the Vietnamese back office, not UI text).
OTHER_DOCUMENT_NAME = "Giấy tờ khác"
ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff"


def upload_limit_mb() -> int:
    limit: int = getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    return max(limit // (1024 * 1024), 1)


class DocumentsForm(PortalForm):
    """One file input per required document of the version, and one optional "other" file. A document
    already uploaded (kept in the wizard) need not be sent again; documents of a case ("Trường hợp …")
    are optional because they apply only in that case."""

    def __init__(
        self, *args: Any, documents: Sequence[RequiredDocument], uploaded: Collection[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        hint = _("PDF, PNG, JPEG or TIFF, at most %(limit)d MB.") % {"limit": upload_limit_mb()}
        for document in documents:
            key = document_key(document.pk)
            case = str(_("Only if this applies to you: %(case)s.")) % {"case": document.group} if document.group else ""
            already = str(_("Already uploaded; choose a file only to replace it.")) if key in uploaded else ""
            self.fields[key] = ScanField(
                label=document.name,
                required=not document.group and key not in uploaded,
                help_text=" ".join(part for part in (case, str(hint), already) if part),
                error_messages={"required": _("Upload a scan of “%(name)s”.") % {"name": document.name}},
            )
        self.fields[OTHER_DOCUMENT] = ScanField(
            label=_("Any other document"),
            required=False,
            help_text=" ".join(
                part
                for part in (
                    str(hint),
                    str(_("Already uploaded; choose a file only to replace it.")) if OTHER_DOCUMENT in uploaded else "",
                )
                if part
            ),
        )
        for field in self.fields.values():
            field.widget.attrs["accept"] = ACCEPT
        self._describe()


class SupplementForm(PortalForm):
    """The missing documents of a dossier sent back for supplements: one optional file per required
    document of its procedure and one "other" file (at least one in all), and a note to the agency."""

    def __init__(self, *args: Any, documents: Sequence[RequiredDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = str(_("PDF, PNG, JPEG or TIFF, at most %(limit)d MB.") % {"limit": upload_limit_mb()})
        for document in documents:
            self.fields[document_key(document.pk)] = ScanField(label=document.name, required=False, help_text=hint)
        self.fields[OTHER_DOCUMENT] = ScanField(label=_("Any other document"), required=False, help_text=hint)
        for field in self.fields.values():
            field.widget.attrs["accept"] = ACCEPT
        self.fields["note"] = forms.CharField(
            label=_("Message to the agency"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("For example, what you are sending and why."),
        )
        self._describe()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(value for key, value in data.items() if key != "note") and not self.errors:
            raise forms.ValidationError(_("Upload at least one of the missing documents."), code="no_file")
        return data


def document_key(required_id: int) -> str:
    return f"doc_{required_id}"


class DeliveryForm(PortalForm):
    delivery = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=[
            (Dossier.Delivery.COUNTER, _("At the counter of the receiving agency")),
            (Dossier.Delivery.POST, _("By post, to the address you gave")),
            (Dossier.Delivery.ONLINE, _("Online: download the electronic result from the tracking page")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you want to receive the result.")},
    )


class TrackForm(PortalForm):
    code = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        help_text=_("It is printed on your receipt, for example 000.00.20.H49-270301-0001."),
        error_messages={"required": _("Enter the dossier code.")},
    )
    secret = forms.CharField(
        label=_("Phone number or the last 4 digits of your identity number"),
        max_length=30,
        help_text=_("The phone number given with the dossier, or the last 4 digits of the identity number."),
        error_messages={"required": _("Enter the phone number or the last 4 digits of the identity number.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["secret"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self._describe()

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()


# --- satisfaction survey (portal after lookup, the link of the result notice, the counter's tablet) ----


class SurveyForm(forms.Form):
    """The regulation's questions: one tap per answer; satisfaction and attitude are required."""

    satisfaction = forms.ChoiceField(
        label=_("Overall, how satisfied are you with how your dossier was handled?"),
        choices=Survey.Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    attitude = forms.ChoiceField(
        label=_("How did the staff treat you?"),
        choices=Survey.Attitude.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the staff treated you.")},
    )
    time = forms.ChoiceField(
        label=_("When did you get the result?"), choices=Survey.Time.choices, widget=forms.RadioSelect, required=False
    )
    contacts = forms.ChoiceField(
        label=_("How many times did you have to come or get in touch?"),
        choices=Survey.Contacts.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    information = forms.ChoiceField(
        label=_("Was the information about the procedure clear?"),
        choices=Survey.Information.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    result = forms.ChoiceField(
        label=_("Was the result correct?"), choices=Survey.Result.choices, widget=forms.RadioSelect, required=False
    )
    costs = forms.ChoiceField(
        label=_("What did you pay?"), choices=Survey.Costs.choices, widget=forms.RadioSelect, required=False
    )

    QUESTIONS = ("time", "contacts", "information", "result", "costs")

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.QUESTIONS}
