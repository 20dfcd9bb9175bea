"""Supervision of seconded staff (#13): inspections, violations and scorecards. Recording is for the
centre's supervisors; an officer's card is for supervisors and the officer's own agency head."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.backoffice.views import staff_required
from motcua.core.inputs import FIRST_DATE, LAST_DATE, bounded_int
from motcua.organisation.models import Agency, Counter, ServicePoint, StaffRole
from motcua.reports.params import _date, report_params
from motcua.staffing.exports import scorecard_headers, scorecards_xlsx
from motcua.staffing.models import Acknowledgement, Inspection, OnboardingItem, Violation
from motcua.staffing.permissions import can_see_agency_scorecard, can_see_scorecard, can_supervise
from motcua.staffing.selectors import (
    agencies_with_officers,
    agency_scorecard,
    officer_scorecard,
    officer_surveys,
    surveys_installed,
    week_roster,
)
from motcua.staffing.services import (
    acknowledgement_record,
    inspection_record,
    roster_assign,
    violation_close,
    violation_record,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _officers() -> Any:
    return (
        get_user_model()
        .objects.filter(staff_roles__isnull=False)
        .exclude(staff_roles__role__in=[StaffRole.Role.SUPERVISOR, StaffRole.Role.ADMINISTRATOR])
        .distinct()
        .order_by("first_name", "username")
    )


class DayField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not FIRST_DATE <= value <= LAST_DATE:
            raise ValidationError(
                _("Enter a date from %(first)s to %(last)s.") % {"first": FIRST_DATE, "last": LAST_DATE}
            )


class InspectionForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    on = DayField(label=gettext_lazy("Date of the inspection"))
    service_point = forms.ModelChoiceField(
        label=gettext_lazy("Service point"), queryset=ServicePoint.objects.all(), required=False
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ViolationForm(forms.Form):
    officer = forms.ModelChoiceField(label=gettext_lazy("Officer"), queryset=get_user_model().objects.none())
    on = DayField(label=gettext_lazy("Date"))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of violation"), choices=Violation.Kind.choices)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Violation.Severity.choices)
    description = forms.CharField(
        label=gettext_lazy("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=gettext_lazy("Follow-up"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    inspection = forms.ModelChoiceField(
        label=gettext_lazy("Found at the inspection"), queryset=Inspection.objects.all()[:50], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = _officers()  # type: ignore[attr-defined]
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]
        self.fields["inspection"].queryset = Inspection.objects.order_by("-on", "-id")  # type: ignore[attr-defined]


def _require_supervisor(request: HttpRequest) -> None:
    if not can_supervise(request.user):
        raise PermissionDenied(_("Only a centre supervisor supervises the seconded staff."))


def _period(request: HttpRequest) -> tuple[dict[str, str], dt.date, dt.date]:
    """The period of the query string (this month by default); a bad one is a 400 with the field."""
    today = timezone.localdate()
    data = {
        "from": request.GET.get("from") or today.replace(day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
    }
    params = report_params(start=data["from"], end=data["to"])
    return data, params.start, params.end


def _bad_period(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
    return render(request, "backoffice/staffing/error.html", {"errors": errors}, status=400)


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Supervision of the seconded staff: the agencies' scorecards for a period, the latest records."""
    _require_supervisor(request)
    try:
        data, start, end = _period(request)
    except ValidationError as exc:
        return _bad_period(request, exc)
    agencies = agencies_with_officers()
    rows = [(agency, agency_scorecard(agency=agency, start=start, end=end)[0]) for agency in agencies]
    return render(
        request,
        "backoffice/staffing/home.html",
        {
            "data": data,
            "rows": rows,
            "headers": scorecard_headers()[1:],
            "surveys": surveys_installed(),
            "inspections": Inspection.objects.select_related("inspector", "service_point")[:10],
            "violations": Violation.objects.filter(closed_at__isnull=True).select_related("officer")[:50],
            "inspection_form": InspectionForm(initial={"on": timezone.localdate()}),
            "violation_form": ViolationForm(initial={"on": timezone.localdate()}),
        },
    )


@staff_required
@require_POST
def inspection_new(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    form = InspectionForm(request.POST)
    if form.is_valid():
        try:
            inspection_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return render(
            request, "backoffice/staffing/form.html", {"form": form, "title": _("Record an inspection")}, status=400
        )
    messages.success(request, _("The inspection was recorded."))
    return redirect("backoffice:staff")


@staff_required
@require_POST
def violation_new(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    form = ViolationForm(request.POST)
    if form.is_valid():
        try:
            violation_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
    if not form.is_valid():
        return render(
            request, "backoffice/staffing/form.html", {"form": form, "title": _("Record a violation")}, status=400
        )
    messages.success(request, _("The violation was recorded."))
    return redirect("backoffice:staff")


@staff_required
@require_POST
def violation_done(request: HttpRequest, pk: int) -> HttpResponse:
    _require_supervisor(request)
    violation = get_object_or_404(Violation, pk=pk)
    try:
        violation_close(actor=request.user, violation=violation, follow_up=request.POST.get("follow_up", "")[:5000])
    except ValidationError as exc:
        return render(request, "backoffice/staffing/error.html", {"errors": exc.messages}, status=400)
    messages.success(request, _("The violation was closed."))
    return redirect("backoffice:staff")


def _xlsx(name: str, body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@staff_required
def officer_card(request: HttpRequest, user_id: int) -> HttpResponse:
    officer = get_object_or_404(get_user_model(), pk=user_id)
    if not can_see_scorecard(request.user, officer):
        raise PermissionDenied(_("Only a supervisor or the officer's agency head sees this scorecard."))
    try:
        data, start, end = _period(request)
    except ValidationError as exc:
        return _bad_period(request, exc)
    card = officer_scorecard(officer=officer, start=start, end=end)
    if request.GET.get("download") == "xlsx":
        body = scorecards_xlsx(title=card.name, start=start, end=end, cards=[card])
        return _xlsx(f"bang-diem-can-bo-{officer.pk}-{start:%Y%m%d}-{end:%Y%m%d}", body)
    return render(
        request,
        "backoffice/staffing/officer.html",
        {
            "officer": officer,
            "card": card,
            "data": data,
            "headers": scorecard_headers()[1:],
            "surveys": surveys_installed(),
            "violations": Violation.objects.filter(officer=officer, on__gte=start, on__lte=end),
            "answers": officer_surveys(officer=officer, start=start, end=end),
            "qualifications": officer.qualifications.select_related("standard"),
            "acknowledgements": officer.acknowledgements.select_related("item"),
            "postings": officer.postings.select_related("home_agency", "service_point", "counter"),
        },
    )


@staff_required
def agency_card(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can_see_agency_scorecard(request.user, agency.pk):
        raise PermissionDenied(_("Only a supervisor or the agency head sees this scorecard."))
    try:
        data, start, end = _period(request)
    except ValidationError as exc:
        return _bad_period(request, exc)
    agency_total, cards = agency_scorecard(agency=agency, start=start, end=end)
    if request.GET.get("download") == "xlsx":
        body = scorecards_xlsx(title=agency.name, start=start, end=end, cards=[*cards, agency_total])
        return _xlsx(f"bang-diem-{agency.identifier}-{start:%Y%m%d}-{end:%Y%m%d}", body)
    return render(
        request,
        "backoffice/staffing/agency.html",
        {
            "agency": agency,
            "total": agency_total,
            "cards": cards,
            "data": data,
            "surveys": surveys_installed(),
            "headers": scorecard_headers()[1:],
        },
    )


@staff_required
def roster(request: HttpRequest) -> HttpResponse:
    """The weekly roster of the counters of a service point; a supervisor assigns an officer to a counter
    for a day."""
    _require_supervisor(request)
    try:
        week_text = (request.POST if request.method == "POST" else request.GET).get("tuan", "")
        day = _date(week_text, "tuan") if week_text else timezone.localdate()
        if request.method == "POST":
            counter = Counter.objects.filter(pk=bounded_int(request.POST.get("counter"), field="counter")).first()
            officer = _officers().filter(pk=bounded_int(request.POST.get("officer"), field="officer")).first()
            if counter is None or officer is None:
                raise ValidationError({"counter": [_("Choose a counter and an officer.")]})
            on = _date(request.POST.get("day"), "day")
            roster_assign(actor=request.user, counter=counter, day=on, user=officer)
            messages.success(request, _("The roster was saved."))
            return redirect(f"{request.path}?tuan={on.isoformat()}")
    except ValidationError as exc:
        return _bad_period(request, exc)
    monday = day - dt.timedelta(days=day.weekday())
    counters = Counter.objects.select_related("service_point", "agency").order_by("service_point__name", "number")
    return render(
        request,
        "backoffice/staffing/roster.html",
        {
            "monday": monday,
            "days": [monday + dt.timedelta(days=i) for i in range(7)],
            "rows": week_roster(monday=monday, counters=counters),
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "counters": counters,
            "officers": _officers(),
        },
    )


@staff_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Every officer reads the centre's onboarding items and acknowledges each one (the date is kept)."""
    if request.method == "POST":
        try:
            item_id = bounded_int(request.POST.get("item"), field="item")
        except ValidationError as exc:
            return _bad_period(request, exc)
        item = get_object_or_404(OnboardingItem, pk=item_id, is_active=True)
        acknowledgement_record(actor=request.user, user=request.user, item=item)
        messages.success(request, _("Acknowledged: %(title)s.") % {"title": item.title})
        return redirect("backoffice:onboarding")
    user: Any = request.user
    done = dict(Acknowledgement.objects.filter(user=user).values_list("item_id", "acknowledged_on"))
    items = [(item, done.get(item.pk)) for item in OnboardingItem.objects.filter(is_active=True)]
    return render(request, "backoffice/staffing/onboarding.html", {"items": items})
