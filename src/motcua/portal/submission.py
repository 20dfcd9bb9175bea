"""Online submission (nộp hồ sơ trực tuyến), one question per page: applicant → receiving agency (asked
only when there is a choice) → documents → result delivery → check your answers → confirmation.
Every page works without JavaScript; the answers live in the session (see wizard.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalogue.models import ProcedureVersion
from motcua.core.ratelimit import upload_quota_left, upload_quota_use
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, dossier_submit
from motcua.dossiers.uploads import dossier_document_attach
from motcua.organisation.models import Agency
from motcua.portal.forms import (
    OTHER_DOCUMENT,
    OTHER_DOCUMENT_NAME,
    AgencyChoiceForm,
    ApplicantForm,
    DeliveryForm,
    DocumentsForm,
    PortalForm,
    document_key,
    upload_limit_mb,
)
from motcua.portal.limits import quota_message
from motcua.portal.tracking import verified_add
from motcua.portal.wizard import (
    STEPS,
    Submission,
    file_keep,
    files_delete,
    first_incomplete_step,
    online_version,
    receiving_agencies,
    required_documents,
    submission_discard,
    submission_load,
    submission_save,
)


def _version(code: str) -> ProcedureVersion:
    version = online_version(code)
    if version is None:
        raise Http404
    return version


def _load(request: HttpRequest, version: ProcedureVersion) -> Submission:
    submission = submission_load(request, version)
    agencies = receiving_agencies(version)
    if len(agencies) == 1:
        submission.agency_id = agencies[0].pk  # no question to ask
    return submission


def _step_url(code: str, step: str) -> str:
    return reverse(f"portal:submit_{step}", args=[code])


def _check_url(code: str) -> str:
    return reverse("portal:submit_check", args=[code])


def _go_on(version: ProcedureVersion, submission: Submission) -> HttpResponseRedirect:
    """After a step: the first step still unanswered, else the check page (so "change" links come back)."""
    step = first_incomplete_step(submission, version)
    code = version.procedure.code
    return redirect(_step_url(code, step) if step else _check_url(code))


def _earlier_gap(version: ProcedureVersion, submission: Submission, step: str) -> HttpResponseRedirect | None:
    """A redirect to an unanswered step before ``step`` (pages cannot be skipped by URL)."""
    first = first_incomplete_step(submission, version)
    if first is not None and STEPS.index(first) < STEPS.index(step):
        return redirect(_step_url(version.procedure.code, first))
    return None


def _back_url(version: ProcedureVersion, step: str) -> str:
    code = version.procedure.code
    index = STEPS.index(step)
    previous = [s for s in STEPS[:index] if s != "agency" or len(receiving_agencies(version)) > 1]
    return _step_url(code, previous[-1]) if previous else reverse("portal:procedure", args=[code])


def _render(
    request: HttpRequest,
    template: str,
    version: ProcedureVersion,
    step: str,
    form: PortalForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    steps = [s for s in STEPS if s != "agency" or len(receiving_agencies(version)) > 1]
    context = {
        "version": version,
        "form": form,
        "errors": form.error_links(),
        "back_url": _back_url(version, step),
        "step_number": steps.index(step) + 1,
        "step_count": len(steps),
        **extra,
    }
    return render(request, template, context, status=status)


@require_http_methods(["GET"])
def submit_start(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    if request.GET.get("lai") == "1":  # "start again": forget the answers and the scans
        submission_discard(request, code)
    return _go_on(version, _load(request, version))


@require_http_methods(["GET", "POST"])
def submit_applicant(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    submission = _load(request, version)
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        if form.is_valid():
            submission.applicant = {name: str(form.cleaned_data[name]) for name in ApplicantForm.base_fields}
            submission_save(request, code, submission)
            return _go_on(version, submission)
    else:
        form = ApplicantForm(initial=submission.applicant)
    return _render(request, "portal/submit_applicant.html", version, "applicant", form)


@require_http_methods(["GET", "POST"])
def submit_agency(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    submission = _load(request, version)
    agencies = receiving_agencies(version)
    if len(agencies) == 1:
        submission_save(request, code, submission)
        return _go_on(version, submission)
    if gap := _earlier_gap(version, submission, "agency"):
        return gap
    if request.method == "POST":
        form = AgencyChoiceForm(request.POST, agencies=agencies)
        if form.is_valid():
            submission.agency_id = form.cleaned_data["agency"]
            submission_save(request, code, submission)
            return _go_on(version, submission)
    else:
        form = AgencyChoiceForm(initial={"agency": submission.agency_id}, agencies=agencies)
    return _render(request, "portal/submit_agency.html", version, "agency", form)


@require_http_methods(["GET", "POST"])
def submit_documents(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    submission = _load(request, version)
    if gap := _earlier_gap(version, submission, "documents"):
        return gap
    documents = required_documents(version)
    status = 200
    if request.method == "POST":
        form = DocumentsForm(request.POST, request.FILES, documents=documents, uploaded=submission.files.keys())
        valid = form.is_valid()
        # Keep every file that passed its checks, even when another one failed: the browser cannot send
        # them again by itself and the applicant should not have to choose them twice. Each client address
        # may park only so many bytes a day (anonymous uploads wait in tmp/ for up to two days).
        for key, upload in list(form.cleaned_data.items()):
            if upload:
                size = upload.size or 0
                if size > upload_quota_left(request):
                    form.add_error(key, quota_message())
                    valid, status = False, 429
                    continue
                upload_quota_use(request, size)
                old = submission.files.get(key)
                submission.files[key] = file_keep(request, upload)
                if old is not None:
                    files_delete([old])
        if valid:
            submission.documents_done = True
        submission_save(request, code, submission)
        if valid:
            return _go_on(version, submission)
    else:
        form = DocumentsForm(documents=documents, uploaded=submission.files.keys())
    return _render(
        request,
        "portal/submit_documents.html",
        version,
        "documents",
        form,
        uploaded=_uploaded_list(submission, documents),
        limit_mb=upload_limit_mb(),
        status=status,
    )


def _uploaded_list(submission: Submission, documents: list[Any]) -> list[tuple[str, str]]:
    """(document name, file name) of the scans kept so far, in the order of the documents."""
    names = {document_key(d.pk): d.name for d in documents}
    names[OTHER_DOCUMENT] = _("Any other document")
    return [(names[key], submission.files[key].filename) for key in names if key in submission.files]


@require_http_methods(["GET", "POST"])
def submit_delivery(request: HttpRequest, code: str) -> HttpResponse:
    version = _version(code)
    submission = _load(request, version)
    if gap := _earlier_gap(version, submission, "delivery"):
        return gap
    if request.method == "POST":
        form = DeliveryForm(request.POST)
        if form.is_valid():
            submission.delivery = form.cleaned_data["delivery"]
            submission_save(request, code, submission)
            return _go_on(version, submission)
    else:
        form = DeliveryForm(initial={"delivery": submission.delivery or None})
    return _render(request, "portal/submit_delivery.html", version, "delivery", form)


@require_http_methods(["GET", "POST"])
def submit_check(request: HttpRequest, code: str) -> HttpResponse:
    """Check your answers; sending this page submits the dossier."""
    version = _version(code)
    submission = _load(request, version)
    if first_incomplete_step(submission, version) is not None:
        return _go_on(version, submission)
    assert submission.applicant is not None and submission.agency_id is not None
    agency = Agency.objects.get(pk=submission.agency_id)
    documents = required_documents(version)
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        try:
            dossier = _submit(version, agency, submission, documents)
        except ValidationError as error:
            step = "applicant" if error.code in {"id_number", "phone", "name", "email", "address"} else "documents"
            errors = [(_step_url(code, step), message) for message in error.messages]
        except DossierError as error:
            errors = [("", error.message)]
        except OSError:
            # A temporary scan disappeared (cleaned up after a long pause): ask for the files again.
            submission.files, submission.documents_done = {}, False
            submission_save(request, code, submission)
            errors = [(_step_url(code, "documents"), _("Your uploaded files have expired. Upload them again."))]
        else:
            files_delete(submission.files.values())
            submission_discard(request, code)
            request.session[f"portal.submitted.{code}"] = dossier.code
            verified_add(request, str(dossier.code))  # the applicant may track it straight away
            return redirect("portal:submit_done", code=code)
    applicant = submission.applicant
    return render(
        request,
        "portal/submit_check.html",
        {
            "version": version,
            "errors": errors,
            "applicant": applicant,
            "kind_label": dict(Dossier.ApplicantKind.choices).get(applicant["kind"], ""),
            "agency": agency,
            "agency_choice": len(receiving_agencies(version)) > 1,
            "uploaded": _uploaded_list(submission, documents),
            "delivery_label": dict(DeliveryForm.base_fields["delivery"].choices).get(  # type: ignore[attr-defined]
                submission.delivery, ""
            ),
            "back_url": _step_url(code, "delivery"),
        },
        status=400 if errors else 200,
    )


def _submit(version: ProcedureVersion, agency: Agency, submission: Submission, documents: list[Any]) -> Dossier:
    """The dossier and its scans in one transaction: if a scan is refused, no dossier is created.
    (A scan already copied to the dossier folder before a failure stays there as an orphan file.)"""
    assert submission.applicant is not None
    names = {document_key(d.pk): (d.name, d.pk) for d in documents}
    names[OTHER_DOCUMENT] = (OTHER_DOCUMENT_NAME, None)
    with transaction.atomic():
        dossier = dossier_submit(
            version=version,
            agency=agency,
            applicant=Applicant(**submission.applicant),
            result_delivery=submission.delivery,
        )
        for key, stored in submission.files.items():
            if key not in names:
                continue
            name, required_id = names[key]
            upload = stored.open()
            try:
                dossier_document_attach(dossier=dossier, upload=upload, name=name, required_id=required_id)
            finally:
                upload.close()
    return dossier


@require_http_methods(["GET"])
def submit_done(request: HttpRequest, code: str) -> HttpResponse:
    dossier_code = request.session.get(f"portal.submitted.{code}")
    dossier = Dossier.objects.select_related("agency", "version").filter(code=dossier_code).first()
    if not dossier_code or dossier is None:
        return redirect("portal:procedure", code=code)
    return render(request, "portal/submit_done.html", {"dossier": dossier, "version": dossier.version})
