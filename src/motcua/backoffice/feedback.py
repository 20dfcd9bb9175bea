"""Staff pages of feedback and petitions (PAKN): the inbox with due bands, intake at the counter or from
the hotline, and one item's page (take it, classify or transfer, answer, publish). An agency's staff see
its items only, a centre supervisor sees all (feedback.selectors.feedback_visible_to)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.backoffice.views import staff_required
from motcua.core.audit import audit_read
from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.feedback.models import Feedback
from motcua.feedback.selectors import due_band, feedback_inbox, feedback_visible_to, overdue_by_agency
from motcua.feedback.services import (
    feedback_answer,
    feedback_classify,
    feedback_publish,
    feedback_receive,
    feedback_request_information,
    feedback_take,
)
from motcua.organisation.models import Agency
from motcua.workdays.services import calendar_load

SCOPES = {"open", "mine", "overdue", "all"}
PAGE_SIZE = 100


def _agencies_for(user: Any) -> Any:
    today = timezone.localdate()
    agencies = Agency.objects.active_on(today).order_by("name")
    if is_supervisor(user):
        return agencies
    return agencies.filter(pk__in={agency_id for agency_id, _role in user_roles(user)})


class IntakeForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[
            (Feedback.Channel.COUNTER, gettext_lazy("counter")),
            (Feedback.Channel.HOTLINE, gettext_lazy("hotline")),
        ],
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=255)
    content = forms.CharField(
        label=gettext_lazy("Content"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    dossier_code = forms.CharField(label=gettext_lazy("Related dossier code"), max_length=40, required=False)
    agency = forms.ModelChoiceField(label=gettext_lazy("Agency"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(
        label=gettext_lazy("Classification"),
        choices=[("", gettext_lazy("classify later")), *Feedback.Kind.choices],
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (not accepted, or transferred)"), max_length=500, required=False
    )
    to_agency = forms.ModelChoiceField(
        label=gettext_lazy("Transfer to"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies_for(user)  # type: ignore[attr-defined]
        self.fields["to_agency"].queryset = Agency.objects.active_on(timezone.localdate()).order_by("name")  # type: ignore[attr-defined]


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = request.GET.get("xem", "open")
    if scope not in SCOPES:
        scope = "open"
    now, cal = timezone.now(), calendar_load()
    items = list(feedback_inbox(request.user, scope=scope, now=now)[:PAGE_SIZE])
    rows = [(item, due_band(item, now, cal)) for item in items]
    overdue = overdue_by_agency(request.user, now) if is_supervisor(request.user) else []
    return render(request, "backoffice/feedback/inbox.html", {"rows": rows, "scope": scope, "overdue": overdue})


@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Feedback told at the counter or on the hotline, classified at once when the clerk can."""
    form = IntakeForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = feedback_receive(
                    actor=request.user,
                    channel=data["channel"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    subject=data["subject"],
                    content=data["content"],
                    dossier_code=data["dossier_code"],
                    agency=data["agency"],
                    kind=data["kind"],
                    reason=data["reason"],
                    to_agency=data["to_agency"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Feedback %(number)s registered.") % {"number": item.number})
                return redirect("backoffice:feedback", pk=item.pk)
        status = 400
    return render(request, "backoffice/feedback/intake.html", {"form": form}, status=status)


def _item(request: HttpRequest, pk: int) -> Feedback:
    return get_object_or_404(feedback_visible_to(request.user).select_related("agency", "owner"), pk=pk)


def _detail(request: HttpRequest, item: Feedback, errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    audit_read(action="feedback.viewed", actor=request.user, obj=item)
    transfer_to = Agency.objects.active_on(timezone.localdate()).order_by("name")
    if item.agency_id is not None:
        transfer_to = transfer_to.exclude(pk=item.agency_id)
    return render(
        request,
        "backoffice/feedback/detail.html",
        {
            "item": item,
            "band": due_band(item, timezone.now(), calendar_load()),
            "transfers": item.transfers.select_related("from_agency", "to_agency", "actor"),
            "kinds": Feedback.Kind.choices,
            "transfer_to": transfer_to,
            "errors": errors or [],
            "values": request.POST if request.method == "POST" else {},
            "Status": Feedback.Status,
        },
        status=status,
    )


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _item(request, pk))


@require_POST
@staff_required
def act(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "take":
            feedback_take(actor=request.user, feedback=item)
        elif action == "classify":
            to_agency = None
            to_id = request.POST.get("to_agency", "")
            if to_id:
                to_agency = Agency.objects.filter(pk=int(to_id) if to_id.isdigit() else 0).first()
                if to_agency is None:
                    raise ValidationError(_("Choose the agency to transfer it to."))
            feedback_classify(
                actor=request.user,
                feedback=item,
                kind=str(request.POST.get("kind", "")),
                reason=request.POST.get("reason", ""),
                to_agency=to_agency,
            )
        elif action == "ask":
            feedback_request_information(actor=request.user, feedback=item, question=request.POST.get("question", ""))
        elif action == "answer":
            feedback_answer(actor=request.user, feedback=item, answer=request.POST.get("answer", ""))
        elif action == "publish":
            feedback_publish(actor=request.user, feedback=item, public_question=request.POST.get("public_question", ""))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        return _detail(request, item, errors=exc.messages, status=400)
    messages.success(request, _("Done."))
    if not feedback_visible_to(request.user).filter(pk=item.pk).exists():  # transferred away
        return redirect("backoffice:feedback-inbox")
    return redirect("backoffice:feedback", pk=item.pk)
