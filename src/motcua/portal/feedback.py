"""Public pages of feedback and petitions (PAKN): the form (rate-limited per client address, no captcha),
the citizen's follow-up page behind the token link given at intake (status, answer, rating), and the
published answers — never the citizen's name, phone or e-mail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from motcua.core.ratelimit import client_key, hit, release
from motcua.feedback.models import Feedback
from motcua.feedback.selectors import published_feedback
from motcua.feedback.services import feedback_add_information, feedback_rate, feedback_receive
from motcua.organisation.models import Agency

WINDOW_SECONDS = 60 * 60
PAGE_SIZE = 20


class FeedbackForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=255)
    content = forms.CharField(
        label=gettext_lazy("Your feedback or petition"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency it is about"), queryset=Agency.objects.none(), required=False
    )
    dossier_code = forms.CharField(
        label=gettext_lazy("Related dossier code"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("If it is about a dossier, its code from the receipt."),
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=255, required=False)
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=32, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.active_on(timezone.localdate()).order_by("name")  # type: ignore[attr-defined]


def _summary(form: forms.Form) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for name, messages in form.errors.items():
        href = f"#{form[name].id_for_label}" if name in form.fields else ""
        errors.extend((href, str(message)) for message in messages)
    return errors


def feedback_form(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            key = f"feedback:client:{client_key(request)}"
            if hit(key, WINDOW_SECONDS) > settings.FEEDBACK_PER_CLIENT_PER_HOUR:
                release(key)
                form.add_error(None, _("Too much feedback was sent from your connection. Try again in an hour."))
                return render(
                    request, "portal/feedback/form.html", {"form": form, "errors": _summary(form)}, status=429
                )
            data = form.cleaned_data
            try:
                item = feedback_receive(
                    channel=Feedback.Channel.PORTAL,
                    subject=data["subject"],
                    content=data["content"],
                    agency=data["agency"],
                    dossier_code=data["dossier_code"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                )
            except ValidationError as exc:
                release(key)
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return redirect("portal:feedback_follow", token=item.rating_token)
        status = 400
    return render(request, "portal/feedback/form.html", {"form": form, "errors": _summary(form)}, status=status)


@never_cache
def feedback_follow(request: HttpRequest, token: str) -> HttpResponse:
    """The link given at intake: the number, the status, the answer and the rating form."""
    item = get_object_or_404(Feedback.objects.select_related("agency"), rating_token=token[:64])
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            if "reply" in request.POST:
                feedback_add_information(token=item.rating_token, reply=request.POST.get("reply", ""))
            else:
                feedback_rate(
                    token=item.rating_token,
                    rating=str(request.POST.get("rating", "")),
                    comment=request.POST.get("comment", ""),
                )
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            return redirect("portal:feedback_follow", token=item.rating_token)
    return render(
        request,
        "portal/feedback/follow.html",
        {
            "item": item,
            "errors": errors,
            "ratings": Feedback.Rating.choices,
            "can_rate": item.status in (Feedback.Status.ANSWERED, Feedback.Status.PUBLISHED) and not item.rating,
            "link": request.build_absolute_uri(),
        },
        status=status,
    )


def feedback_public(request: HttpRequest) -> HttpResponse:
    query = str(request.GET.get("q", ""))[:100]
    page = Paginator(published_feedback(query), PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "portal/feedback/public.html", {"page": page, "q": query})


def feedback_public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(published_feedback(), pk=pk)
    return render(request, "portal/feedback/public_detail.html", {"item": item})
