"""Public pages of the centre floor, without a login: the ticket kiosk, the ticket itself (80 mm print
and QR), the display board and its JSON, online appointments, the visitor self check-in."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from motcua.floor.errors import FloorError
from motcua.floor.models import Appointment, FloorSettings, ServiceArea, Ticket
from motcua.floor.selectors import board, slots_for
from motcua.floor.services import appointment_book, appointment_check_in, ticket_issue, visit_check_in
from motcua.organisation.models import ServicePoint
from motcua.workdays.services import calendar_load

BOARD_POLL_SECONDS = 3
BOARD_REFRESH_SECONDS = 15


def _point(point_id: int) -> ServicePoint:
    return get_object_or_404(ServicePoint, pk=point_id, is_active=True)


def _areas(point: ServicePoint) -> list[ServiceArea]:
    return list(ServiceArea.objects.filter(service_point=point, is_active=True).order_by("code"))


def kiosk(request: HttpRequest, point_id: int) -> HttpResponse:
    """Touch screen at the entrance: one big button per service area, and the appointment check-in."""
    point = _point(point_id)
    areas = _areas(point)
    error, status = "", 200
    if request.method == "POST":
        try:
            if "code" in request.POST:
                ticket = appointment_check_in(service_point=point, code=str(request.POST.get("code", "")))
            else:
                area = next((a for a in areas if str(a.pk) == request.POST.get("area", "")), None)
                if area is None:
                    raise FloorError(_("Choose a service area."))
                ticket = ticket_issue(area=area)
        except FloorError as exc:
            error, status = exc.message, 400
        else:
            return redirect("portal:floor_ticket", token=ticket.token)
    return render(request, "portal/floor/kiosk.html", {"point": point, "areas": areas, "error": error}, status=status)


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def ticket_page(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket: printable on an 80 mm receipt printer, with a QR that opens this page on a phone
    (how many are ahead, which counter calls it)."""
    ticket = get_object_or_404(Ticket.objects.select_related("area__service_point", "counter"), token=token)
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:floor_ticket", kwargs={"token": token})
    ahead = 0
    if ticket.status == Ticket.Status.WAITING:
        ahead = Ticket.objects.filter(
            area=ticket.area, day=ticket.day, status=Ticket.Status.WAITING, issued_at__lt=ticket.issued_at
        ).count()
    return render(
        request,
        "portal/floor/ticket.html",
        {"ticket": ticket, "qr": _qr(url), "ahead": ahead, "point": ticket.area.service_point},
    )


def display(request: HttpRequest, point_id: int) -> HttpResponse:
    """The display board (a TV browser): polls ``display_data`` with a small script; without script the
    page reloads itself."""
    point = _point(point_id)
    return render(
        request,
        "portal/floor/display.html",
        {
            "point": point,
            "board": board(point.pk, timezone.localdate()),
            "poll_ms": BOARD_POLL_SECONDS * 1000,
            "refresh": BOARD_REFRESH_SECONDS,
        },
    )


@never_cache
def display_data(request: HttpRequest, point_id: int) -> JsonResponse:
    point = _point(point_id)
    return JsonResponse(board(point.pk, timezone.localdate()))


# --- appointments ---------------------------------------------------------------------------------


class SlotChoiceForm(forms.Form):
    area = forms.TypedChoiceField(label=gettext_lazy("Service area"), coerce=int)
    day = forms.DateField(label=gettext_lazy("Day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, areas: list[ServiceArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.pk, str(a)) for a in areas]  # type: ignore[attr-defined]


class BookingForm(forms.Form):
    start = forms.TimeField(label=gettext_lazy("Time"))
    name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=20)


def book(request: HttpRequest, point_id: int) -> HttpResponse:
    """Online appointment: the area and the day, then a free time, a name and a phone."""
    point = _point(point_id)
    areas = [a for a in _areas(point) if a.slot_capacity > 0]
    choice = SlotChoiceForm(request.GET or None, areas=areas)
    slots: list[Any] = []
    area = day = None
    errors: list[str] = []
    status = 200
    if choice.is_bound and choice.is_valid():
        area = next(a for a in areas if a.pk == choice.cleaned_data["area"])
        day = choice.cleaned_data["day"]
        cal = calendar_load()
        if not cal.first_year <= day.year <= cal.last_year or not cal.is_working_day(day):
            errors.append(_("The centre is closed on %(day)s.") % {"day": day.strftime("%d/%m/%Y")})
        else:
            slots = [s for s in slots_for(area, day, cal.schedule, now=timezone.now()) if s.free]
    elif choice.is_bound:
        status = 400
    booking = BookingForm(request.POST or None)
    if request.method == "POST":
        if area is None or day is None:
            errors.append(_("Choose a service area and a day first."))
        elif booking.is_valid():
            try:
                appointment = appointment_book(
                    area=area,
                    day=day,
                    start=booking.cleaned_data["start"],
                    name=booking.cleaned_data["name"],
                    phone=booking.cleaned_data["phone"],
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
            except FloorError as exc:
                errors.append(exc.message)
            else:
                return redirect("portal:floor_booked", confirmation=appointment.code)
        status = 400
    return render(
        request,
        "portal/floor/book.html",
        {
            "point": point,
            "choice": choice,
            "booking": booking,
            "area": area,
            "day": day,
            "slots": slots,
            "errors": errors,
        },
        status=status,
    )


def booked(request: HttpRequest, confirmation: str) -> HttpResponse:
    """The confirmation (the notice): code, area, day and time; no personal data. An appointment's
    confirmation code, not a dossier's."""
    appointment = get_object_or_404(Appointment.objects.select_related("slot__area__service_point"), code=confirmation)
    return render(request, "portal/floor/booked.html", {"appointment": appointment, "slot": appointment.slot})


# --- visitor check-in -----------------------------------------------------------------------------


def check_in(request: HttpRequest, point_id: int) -> HttpResponse:
    """The self check-in page the door QR opens (epidemic mode only)."""
    point = _point(point_id)
    floor_settings = FloorSettings.load()
    if not floor_settings.epidemic_mode:
        raise Http404(_("Visitor check-in is not in use now."))
    questions = floor_settings.questions()
    errors: dict[str, list[str]] = {}
    values = {k: str(request.POST.get(k, ""))[:400] for k in ("name", "phone", "purpose", "ticket")}
    if request.method == "POST":
        answers = []
        for i, question in enumerate(questions):
            answer = request.POST.get(f"q{i}")
            if answer not in ("yes", "no"):
                errors[f"q{i}"] = [_("Answer yes or no.")]
            answers.append((question, answer == "yes"))
        try:
            if errors:
                raise ValidationError({})
            visit_check_in(
                service_point=point,
                name=values["name"],
                phone=values["phone"],
                purpose=values["purpose"],
                answers=answers,
                ticket_label=values["ticket"],
            )
        except ValidationError as exc:
            errors.update(getattr(exc, "error_dict", {}) and exc.message_dict)
        except FloorError as exc:
            errors["__all__"] = [exc.message]
        else:
            return render(request, "portal/floor/checked_in.html", {"point": point})
    return render(
        request,
        "portal/floor/check_in.html",
        {
            "point": point,
            "questions": [(f"q{i}", q, request.POST.get(f"q{i}", "")) for i, q in enumerate(questions)],
            "values": values,
            "errors": errors,
            "general": errors.get("__all__", []),
        },
        status=400 if errors else 200,
    )
