"""Staff pages of the centre floor: the counter console (call next, recall, skip, transfer, finish; receive
a dossier from the called ticket), wait and service times, the visitors of epidemic mode (temperature,
departure, tracing list and its logged export)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.views import staff_required
from motcua.core.audit import audit_read
from motcua.core.inputs import bounded_int
from motcua.dossiers.permissions import is_supervisor
from motcua.floor.errors import FloorError
from motcua.floor.models import ServiceArea, Ticket, Visit
from motcua.floor.selectors import counters_for, queue_times, visits_trace
from motcua.floor.services import (
    ticket_call_next,
    ticket_finish,
    ticket_recall,
    ticket_skip,
    ticket_transfer,
    visit_leave,
    visit_record_temperature,
    visits_trace_export,
)
from motcua.organisation.models import Counter, ServicePoint

DEFAULT_TRACE_WINDOW = 30


def _counter(request: HttpRequest, counter_id: int) -> Counter:
    counter = counters_for(request.user).filter(pk=counter_id).first()
    if counter is None:
        raise PermissionDenied(_("You do not serve at this counter."))
    return counter


@staff_required
def counter_console(request: HttpRequest) -> HttpResponse:
    """The clerk's queue console for one counter (``?quay=<id>``; the first of the user's counters)."""
    counters = list(counters_for(request.user))
    if not counters:
        raise PermissionDenied(_("You do not serve at any counter."))
    chosen = request.GET.get("quay", "")
    counter = next((c for c in counters if str(c.pk) == chosen), counters[0])
    return _console(request, counters, counter)


def _console(request: HttpRequest, counters: list[Counter], counter: Counter, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    current = (
        Ticket.objects.filter(counter=counter, status=Ticket.Status.CALLED)
        .select_related("area")
        .order_by("-pk")
        .first()
    )
    areas = ServiceArea.objects.filter(counters=counter)
    queued = Ticket.objects.filter(day=today, status=Ticket.Status.WAITING)
    waiting = (
        queued.filter(area__in=areas, for_counter__isnull=True).count() + queued.filter(for_counter=counter).count()
    )
    others = Counter.objects.filter(service_point=counter.service_point).exclude(pk=counter.pk)
    return render(
        request,
        "backoffice/floor/counter.html",
        {
            "counters": counters,
            "counter": counter,
            "current": current,
            "waiting": waiting,
            "areas": areas,
            "others": others,
        },
        status=status,
    )


@require_POST
@staff_required
def counter_act(request: HttpRequest, counter_id: int) -> HttpResponse:
    counter = _counter(request, counter_id)
    action = request.POST.get("action", "")
    back = reverse("backoffice:floor-counter") + f"?quay={counter.pk}"
    try:
        if action == "next":
            ticket = ticket_call_next(actor=request.user, counter=counter)
            if ticket is None:
                messages.info(request, _("Nobody is waiting."))
            else:
                messages.success(request, _("Called %(label)s.") % {"label": ticket.label})
            return redirect(back)
        ticket_id = bounded_int(request.POST.get("ticket", ""), field="ticket", minimum=1)
        ticket = get_object_or_404(Ticket, pk=ticket_id)
        if action == "recall":
            ticket_recall(actor=request.user, ticket=ticket, counter=counter)
        elif action == "skip":
            ticket_skip(actor=request.user, ticket=ticket, counter=counter)
        elif action == "finish":
            ticket_finish(actor=request.user, ticket=ticket, counter=counter)
        elif action == "transfer":
            to_id = bounded_int(request.POST.get("to", ""), field="to", minimum=1)
            ticket_transfer(actor=request.user, ticket=ticket, counter=counter, to=get_object_or_404(Counter, pk=to_id))
        else:
            raise FloorError(_("Unknown action."))
    except (FloorError, ValidationError) as exc:
        messages.error(request, exc.message if isinstance(exc, FloorError) else "; ".join(exc.messages))
        return _console(request, list(counters_for(request.user)), counter, status=400)
    messages.success(request, _("Done."))
    return redirect(back)


@staff_required
def queue_report(request: HttpRequest) -> HttpResponse:
    """Average wait, service and ticket-to-receipt times per counter and per area."""
    points = ServicePoint.objects.filter(is_active=True).order_by("name")
    point_id = request.GET.get("diem", "")
    point = next((p for p in points if str(p.pk) == point_id), points.first())
    today = timezone.localdate()
    try:
        first = dt.date.fromisoformat(request.GET.get("tu", "") or today.isoformat())
        last = dt.date.fromisoformat(request.GET.get("den", "") or today.isoformat())
    except ValueError:
        first = last = today
        messages.error(request, _("Enter dates as YYYY-MM-DD."))
    if last < first or (last - first).days > 366:
        first = last = today
        messages.error(request, _("Choose at most a year, the first day before the last."))
    times = queue_times(point.pk, first, last) if point else {"counters": {}, "areas": {}}
    return render(
        request,
        "backoffice/floor/report.html",
        {"points": points, "point": point, "first": first, "last": last, "times": times},
    )


# --- visitors (epidemic mode) ---------------------------------------------------------------------


def _visits_allowed(request: HttpRequest) -> None:
    if not (is_supervisor(request.user) or counters_for(request.user).exists()):
        raise PermissionDenied(_("Only staff of the centre see its visitors."))


@staff_required
def visits(request: HttpRequest) -> HttpResponse:
    """Today's visitors: the door staff record temperatures and departures. A read of personal data:
    logged."""
    _visits_allowed(request)
    today = timezone.localdate()
    rows = list(
        Visit.objects.filter(arrived_at__date=today)
        .select_related("service_point", "ticket__area", "ticket__counter")
        .order_by("-arrived_at")[:200]
    )
    audit_read(action="visit.listed", actor=request.user, day=today.isoformat(), count=len(rows))
    return render(
        request,
        "backoffice/floor/visits.html",
        {"visits": rows, "can_trace": is_supervisor(request.user)},
    )


@require_POST
@staff_required
def visit_act(request: HttpRequest, pk: int) -> HttpResponse:
    _visits_allowed(request)
    visit = get_object_or_404(Visit, pk=pk)
    try:
        if request.POST.get("action") == "leave":
            visit_leave(actor=request.user, visit=visit)
        else:
            visit_record_temperature(actor=request.user, visit=visit, temperature=request.POST.get("temperature", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        rows = list(Visit.objects.filter(pk=visit.pk).select_related("ticket__area"))
        return render(request, "backoffice/floor/visits.html", {"visits": rows, "can_trace": False}, status=400)
    messages.success(request, _("Saved."))
    return redirect("backoffice:floor-visits")


@staff_required
def visit_trace(request: HttpRequest, pk: int) -> HttpResponse:
    """The tracing list around one visitor (supervisors); the export asks why and is logged."""
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a supervisor traces contacts."))
    index = get_object_or_404(Visit.objects.select_related("ticket__counter"), pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    errors: list[str] = []
    try:
        window = bounded_int(source.get("window", DEFAULT_TRACE_WINDOW), field="window", minimum=0, maximum=1440)
    except ValidationError as exc:
        errors.extend(exc.messages)
        window = DEFAULT_TRACE_WINDOW
    if request.method == "POST" and not errors:
        try:
            data = visits_trace_export(
                actor=request.user, index=index, window_minutes=window, reason=str(request.POST.get("reason", ""))
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
        else:
            response = HttpResponse(
                data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            response["Content-Disposition"] = f'attachment; filename="truy-vet-{index.pk}.xlsx"'
            return response
    contacts = visits_trace(index, window_minutes=window)
    audit_read(action="visit.traced", actor=request.user, obj=index, window_minutes=window, people=len(contacts))
    return render(
        request,
        "backoffice/floor/trace.html",
        {"index": index, "contacts": contacts, "window": window, "errors": errors},
        status=400 if errors else 200,
    )
