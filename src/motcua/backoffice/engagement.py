"""Staff pages of guidance and the hotline (#12): the guidance log (a new session, my open requests with
transfer and close, the transfers offered to me), the hotline log, the supervisor's page (overdue
callbacks, sessions by channel and topic, transfers per request, survey results per agency and officer),
and the counter's survey tablet (the dossier just returned at that counter, one tap per answer)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.floor import _counter
from motcua.backoffice.forms import GuidanceForm, HotlineForm, TransferForm
from motcua.backoffice.views import staff_required
from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.permissions import is_supervisor
from motcua.engagement.models import GuidanceRequest, GuidanceSession, GuidanceTransfer, HotlineCall, Survey
from motcua.engagement.selectors import (
    callbacks_overdue,
    requests_owned_by,
    sessions_by_channel_and_topic,
    survey_results,
    topic_names,
    transfers_offered_to,
    transfers_per_request,
)
from motcua.engagement.services import (
    guidance_request_close,
    guidance_request_open,
    guidance_request_transfer,
    guidance_session_record,
    guidance_transfer_accept,
    guidance_transfer_withdraw,
    hotline_call_record,
)
from motcua.portal.forms import SurveyForm


def _user(request: HttpRequest) -> Any:
    """The logged-in staff member (the views are behind staff_required)."""
    return request.user


# --- guidance log ---------------------------------------------------------------------------------------


def _guidance_page(request: HttpRequest, form: GuidanceForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    requests = list(requests_owned_by(request.user))
    for item in requests:
        item.pending = next((t for t in item.transfers.all() if t.status == GuidanceTransfer.Status.PENDING), None)  # type: ignore[attr-defined]
        item.transfer_form = TransferForm(user=request.user, prefix=f"r{item.pk}")  # type: ignore[attr-defined]
    return render(
        request,
        "backoffice/engagement/guidance.html",
        {
            "form": form,
            "requests": requests,
            "offered": transfers_offered_to(request.user),
            "sessions": GuidanceSession.objects.filter(staff=_user(request), at__date=today).select_related(
                "procedure", "dossier"
            )[:50],
            "now": timezone.now(),
        },
        status=status,
    )


@staff_required
def guidance_log(request: HttpRequest) -> HttpResponse:
    """The guidance log: record a session (opening a request when it cannot be answered at once)."""
    if request.method != "POST":
        return _guidance_page(request, GuidanceForm(topics=topic_names()))
    form = GuidanceForm(request.POST, topics=topic_names())
    if form.is_valid():
        data = form.cleaned_data
        try:
            session = guidance_session_record(
                at=timezone.now(),
                procedure=data["procedure_code"],
                channel=data["channel"],
                staff=request.user,
                staff_name=_user(request).get_full_name() or request.user.get_username(),
                topic=data["topic"],
                dossier=data["dossier_code"],
                outcome=data["outcome"],
                duration_seconds=data["minutes"] * 60,
                visitor_name=data["visitor_name"],
                note=data["note"],
                actor=request.user,
            )
            if data["outcome"] == GuidanceSession.Outcome.REQUEST:
                guidance_request_open(
                    actor=request.user,
                    session=session,
                    question=data["question"],
                    contact_name=data["visitor_name"],
                    contact_phone=data["contact_phone"],
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("backoffice:guidance")
    return _guidance_page(request, form, status=400)


def _back_with_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages.error(request, "; ".join(exc.messages))
    return _guidance_page(request, GuidanceForm(topics=topic_names()), status=400)


@require_POST
@staff_required
def guidance_request_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner transfers (to whom, why) or closes (the answer given) one of their requests."""
    item = get_object_or_404(GuidanceRequest, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "transfer":
            form = TransferForm(request.POST, user=request.user, prefix=f"r{item.pk}")
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            guidance_request_transfer(
                actor=request.user, request=item, to_user=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Transferred: the colleague must accept it; until then the request is yours."))
        elif action == "close":
            guidance_request_close(actor=request.user, request=item, answer=str(request.POST.get("answer", "")))
            messages.success(request, _("The request is closed."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        return _back_with_error(request, exc)
    return redirect("backoffice:guidance")


@require_POST
@staff_required
def guidance_transfer_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The colleague accepts (or declines) a transfer; the owner may withdraw it."""
    transfer = get_object_or_404(GuidanceTransfer.objects.select_related("request"), pk=pk)
    try:
        if request.POST.get("action") == "accept":
            guidance_transfer_accept(actor=request.user, transfer=transfer)
            messages.success(request, _("You own this request now."))
        elif request.POST.get("action") == "withdraw":
            guidance_transfer_withdraw(actor=request.user, transfer=transfer)
            messages.success(request, _("The transfer is withdrawn."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        return _back_with_error(request, exc)
    return redirect("backoffice:guidance")


# --- hotline --------------------------------------------------------------------------------------------


def _hotline_page(request: HttpRequest, form: HotlineForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    calls = HotlineCall.objects.filter(at__date=today).select_related("staff", "procedure", "dossier")[:100]
    return render(request, "backoffice/engagement/hotline.html", {"form": form, "calls": calls}, status=status)


@staff_required
def hotline_log(request: HttpRequest) -> HttpResponse:
    """Today's hotline calls and a new call (with a question to call back: a request the user owns)."""
    if request.method != "POST":
        return _hotline_page(request, HotlineForm(topics=topic_names()))
    form = HotlineForm(request.POST, topics=topic_names())
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = hotline_call_record(
                at=timezone.now(),
                topic=data["topic"],
                caller_phone=data["caller_phone"],
                duration_seconds=data["minutes"] * 60,
                outcome=data["outcome"],
                staff=request.user,
                procedure=data["procedure_code"],
                dossier=data["dossier_code"],
                actor=request.user,
            )
            if (data["question"] or "").strip():
                guidance_request_open(
                    actor=request.user,
                    call=call,
                    question=data["question"],
                    contact_phone=data["contact_phone"] or data["caller_phone"],
                )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("backoffice:hotline")
    return _hotline_page(request, form, status=400)


# --- supervisor -----------------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[dt.date, dt.date, list[str]]:
    today = timezone.localdate()
    errors: list[str] = []
    try:
        first = dt.date.fromisoformat(request.GET.get("tu", "") or (today - dt.timedelta(days=30)).isoformat())
        last = dt.date.fromisoformat(request.GET.get("den", "") or today.isoformat())
    except ValueError:
        first, last = today - dt.timedelta(days=30), today
        errors.append(_("Enter dates as YYYY-MM-DD."))
    if last < first or (last - first).days > 366 or first.year < 2000 or last.year > 2100:
        first, last = today - dt.timedelta(days=30), today
        errors.append(_("Choose at most a year, the first day before the last."))
    return first, last, errors


@staff_required
def engagement_supervision(request: HttpRequest) -> HttpResponse:
    if not is_supervisor(request.user):
        raise PermissionDenied(_("Only a supervisor sees this page."))
    first, last, errors = _period(request)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    context: dict[str, Any] = {
        "first": first,
        "last": last,
        "errors": errors,
        "overdue": callbacks_overdue(),
        "now": timezone.now(),
        "by_channel": sessions_by_channel_and_topic(since, until),
        "channels": dict(GuidanceSession.Channel.choices),
        "transfers": transfers_per_request(since, until),
        "by_agency": survey_results(since, until, by="agency"),
        "by_officer": survey_results(since, until, by="officer"),
        "satisfactions": Survey.Satisfaction.choices,
        "attitudes": Survey.Attitude.choices,
    }
    return render(request, "backoffice/engagement/supervision.html", context, status=400 if errors else 200)


# --- the counter's survey tablet --------------------------------------------------------------------------


def _just_returned(request: HttpRequest) -> Dossier | None:
    """The dossier this clerk returned most recently today, while it has no survey answer."""
    today = timezone.localdate()
    transition = (
        Transition.objects.filter(action="returned", actor=_user(request), at__date=today)
        .select_related("dossier__version", "dossier__agency")
        .order_by("-at", "-pk")
        .first()
    )
    if transition is None or Survey.objects.filter(dossier=transition.dossier).exists():
        return None
    return transition.dossier


@staff_required
def counter_survey(request: HttpRequest, counter_id: int) -> HttpResponse:
    """The tablet facing the citizen at a counter: the dossier just returned there, one tap per answer."""
    counter = _counter(request, counter_id)
    dossier = _just_returned(request)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        posted = str(request.POST.get("dossier", ""))
        if dossier is None or posted != str(dossier.pk):
            form.add_error(None, _("This dossier is no longer waiting for an answer."))
            status = 400
        elif form.is_valid():
            try:
                survey_submit_at_counter(request, dossier, counter, form)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                status = 400
            else:
                return redirect(reverse("backoffice:counter-survey", args=[counter.pk]) + "?cam-on=1")
        else:
            status = 400
    return render(
        request,
        "backoffice/engagement/counter_survey.html",
        {
            "counter": counter,
            "point": counter.service_point,
            "dossier": dossier,
            "form": form,
            "thanks": request.GET.get("cam-on") == "1",
        },
        status=status,
    )


def survey_submit_at_counter(request: HttpRequest, dossier: Dossier, counter: Any, form: SurveyForm) -> Survey:
    from motcua.engagement.services import survey_submit

    return survey_submit(
        dossier=dossier,
        source=Survey.Source.COUNTER,
        satisfaction=form.cleaned_data["satisfaction"],
        attitude=form.cleaned_data["attitude"],
        answers=form.answers(),
        counter=counter,
        actor=request.user,
    )
