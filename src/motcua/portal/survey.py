"""The citizen's satisfaction survey: on the dossier page after lookup (once per dossier) and from the
signed link of the result notice (/khao-sat/<token>/). Written by engagement.services.survey_submit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from motcua.dossiers.models import Dossier
from motcua.engagement.models import Survey
from motcua.engagement.services import survey_dossier_from_token, survey_open_for, survey_submit
from motcua.portal.forms import SurveyForm
from motcua.portal.tracking import detail_response, verified


def _submit(form: SurveyForm, dossier: Dossier, source: str) -> bool:
    """Record the answer; False (the form carries the error) when it is refused."""
    if not form.is_valid():
        return False
    try:
        survey_submit(
            dossier=dossier,
            source=source,
            satisfaction=form.cleaned_data["satisfaction"],
            attitude=form.cleaned_data["attitude"],
            answers=form.answers(),
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return False
    return True


@require_http_methods(["POST"])
def track_survey(request: HttpRequest, code: str) -> HttpResponse:
    """The survey of the dossier page, only for a browser that looked the dossier up."""
    if not verified(request, code):
        return redirect(f"{reverse('portal:track')}?{urlencode({'ma': code})}")
    dossier = Dossier.objects.select_related("version__procedure", "agency", "service_point").filter(code=code).first()
    if dossier is None:
        raise Http404
    form = SurveyForm(request.POST)
    if not survey_open_for(dossier):
        return redirect("portal:track_detail", code=code)
    if _submit(form, dossier, Survey.Source.ONLINE):
        return redirect(f"{reverse('portal:track_detail', args=[code])}?{urlencode({'khao-sat': '1'})}#survey")
    return detail_response(request, dossier, survey_form=form, status=400)


@require_http_methods(["GET", "POST"])
def survey_link(request: HttpRequest, token: str) -> HttpResponse:
    """The survey from the result notice's link: the signed token names the dossier (no lookup needed;
    the page shows only the code, procedure and agency)."""
    dossier = survey_dossier_from_token(token)
    if dossier is None:
        raise Http404
    form = SurveyForm(request.POST if request.method == "POST" else None)
    answered = Survey.objects.filter(dossier=dossier).exists()
    state = "done" if answered else ("open" if survey_open_for(dossier) else "early")
    status = 200
    if request.method == "POST" and state == "open":
        if _submit(form, dossier, Survey.Source.LINK):
            return redirect("portal:survey", token=token)
        status = 400
    return render(request, "portal/survey.html", {"dossier": dossier, "form": form, "state": state}, status=status)
