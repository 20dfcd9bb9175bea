from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalogue.models import Field, Level, OnlineLevel
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
