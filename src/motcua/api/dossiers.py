"""API v1 dossier endpoints: receive, act, read. The same service functions back the staff pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.api.auth import bearer_required
from motcua.api.serializers import iso, result_documents
from motcua.api.views import allow_methods, error_response, json_response
from motcua.catalogue.models import ProcedureVersion
from motcua.core.audit import audit_read
from motcua.core.inputs import datetime_in_range, text_within
from motcua.dossiers.actions import ACTIONS, action_arguments, allowed_actions, lock_version_argument
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import dossier_for_staff
from motcua.dossiers.services import Applicant, dossier_receive, dossier_result_attach, dossier_verdict
from motcua.organisation.models import IDENTIFIER_MAX_LENGTH, Agency

APPLICANT_FIELDS = frozenset({"name", "id_number", "phone", "email", "address", "kind"})


def dossier_to_dict(dossier: Dossier, user: Any) -> dict[str, Any]:
    history = [
        {
            "action": t.action,
            "at": iso(t.at),
            "actor": t.actor.get_username() if t.actor else None,
            "from_status": t.from_status,
            "to_status": t.to_status,
            "agency": t.agency.identifier if t.agency else None,
            "step": t.task.name if t.task else None,
            "step_deadline": iso(t.step_deadline),
            "verdict": t.verdict or None,
            "note": t.note or None,
            "authority": t.authority or None,
        }
        for t in dossier.transitions.select_related("actor", "agency", "task").order_by("id")
    ]
    return {
        "code": dossier.code,
        "procedure": dossier.version.procedure.code,
        "procedure_name": dossier.version.name,
        "agency": dossier.agency.identifier,
        "channel": dossier.channel,
        "status": Dossier.Status(dossier.status).name.lower(),
        "status_code": dossier.status,
        "status_label": dossier.get_status_display(),
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone or None,
            "email": dossier.applicant_email or None,
            "address": dossier.applicant_address or None,
        },
        "submitted_at": iso(dossier.submitted_at),
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "original_due_at": iso(dossier.original_due_at),
        "finished_at": iso(dossier.finished_at),
        "returned_at": iso(dossier.returned_at),
        "outcome": dossier.outcome or None,
        "verdict": dossier_verdict(dossier),
        "lock_version": dossier.lock_version,
        "allowed_actions": allowed_actions(user, dossier),
        "history": history,
        "results": result_documents(dossier),
    }


# How far ahead of the server's clock a client's reception time may be (clock drift between systems).
RECEIVED_AT_CLOCK_DRIFT = dt.timedelta(minutes=5)


class ApplicantInput(forms.Form):
    name = forms.CharField(max_length=255)
    id_number = forms.CharField(max_length=20)
    phone = forms.CharField(max_length=20)
    email = forms.EmailField(required=False)
    address = forms.CharField(max_length=500, required=False)
    kind = forms.ChoiceField(choices=Dossier.ApplicantKind.choices, required=False)


class DossierInput(forms.Form):
    procedure = forms.CharField(max_length=40)
    agency = forms.CharField(max_length=IDENTIFIER_MAX_LENGTH)
    channel = forms.ChoiceField(choices=Dossier.Channel.choices)
    result_delivery = forms.ChoiceField(choices=Dossier.Delivery.choices, required=False)


def _errors(form: forms.Form, prefix: str = "") -> dict[str, list[str]]:
    return {
        f"{prefix}{name}": [str(e["message"]) for e in items] for name, items in form.errors.get_json_data().items()
    }


def _body(request: HttpRequest) -> dict[str, Any] | None:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


@allow_methods("POST")
@bearer_required
def dossier_create(request: HttpRequest) -> JsonResponse:
    started = timezone.now()
    key = request.headers.get("Idempotency-Key", "").strip()[:100]
    data = _body(request)
    if data is None:
        return error_response(400, _("The request body must be a JSON object."))
    form = DossierInput(data)
    applicant_data = data.get("applicant")
    applicant_form = ApplicantInput(applicant_data if isinstance(applicant_data, dict) else {})
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors.update(_errors(form))
    if not applicant_form.is_valid():
        errors.update(_errors(applicant_form, "applicant."))
    received_at = None
    if data.get("received_at") not in (None, ""):
        try:
            received_at = datetime_in_range(data["received_at"], field="received_at")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            # A desk reception recorded by the agency's own system happened already: a time ahead of the
            # server's clock (beyond a little drift) would push the due date out.
            if received_at > timezone.now() + RECEIVED_AT_CLOCK_DRIFT:
                errors["received_at"] = [_("The reception time cannot be in the future.")]
    if errors:
        return error_response(400, _("Some fields are invalid."), errors)
    clean = form.cleaned_data
    version = (
        ProcedureVersion.objects.filter(procedure__code=clean["procedure"], status=ProcedureVersion.Status.PUBLISHED)
        .select_related("procedure")
        .first()
    )
    agency = Agency.objects.filter(identifier=clean["agency"]).first()
    if version is None:
        errors["procedure"] = [_("No published procedure has this code.")]
    if agency is None:
        errors["agency"] = [_("No agency has this identifier.")]
    if errors:
        return error_response(400, _("Some fields are invalid."), errors)
    try:
        dossier = dossier_receive(
            actor=request.user,
            version=version,
            agency=agency,
            channel=clean["channel"],
            applicant=Applicant.from_data(applicant_form.cleaned_data),
            received_at=received_at,
            result_delivery=clean["result_delivery"] or Dossier.Delivery.COUNTER,
            request_key=key,
        )
    except ValidationError as exc:
        field = f"applicant.{exc.code}" if exc.code in APPLICANT_FIELDS else "applicant"
        return error_response(400, _("Some fields are invalid."), {field: exc.messages})
    except DossierError as exc:
        return error_response(exc.status, exc.message)
    replayed = bool(key) and dossier.created_at < started
    response = json_response(dossier_to_dict(dossier, request.user), 200 if replayed else 201)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


@allow_methods("GET")
@bearer_required
def dossier_detail(request: HttpRequest, code: str) -> JsonResponse:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        return error_response(404, _("No dossier with this code is visible to you."))
    audit_read(action="dossier.viewed", actor=request.user, obj=dossier, code=dossier.code, via="api")
    return json_response(dossier_to_dict(dossier, request.user))


@allow_methods("GET")
@bearer_required
def dossier_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The PDF of one official slip of the dossier (receipt, supplement, refusal, apology, stop, control)."""
    from motcua.documents.http import slip_response

    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        return error_response(404, _("No dossier with this code is visible to you."))
    return slip_response(dossier, kind, actor=request.user, via="api") or error_response(404, _("Unknown slip."))


@allow_methods("POST")
@bearer_required
def dossier_action(request: HttpRequest, code: str) -> JsonResponse:
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        return error_response(404, _("No dossier with this code is visible to you."))
    data = _body(request)
    if data is None:
        return error_response(400, _("The request body must be a JSON object."))
    name = data.get("action")
    if not isinstance(name, str) or name not in ACTIONS:
        return error_response(400, _("Unknown action."), {"action": [_("Choose one of: %s") % ", ".join(ACTIONS)]})
    try:
        kwargs = {**action_arguments(name, data), **lock_version_argument(data)}
    except ValidationError as exc:
        return error_response(400, _("Some fields are invalid."), {k: list(v) for k, v in exc.message_dict.items()})
    try:
        dossier = ACTIONS[name].function(actor=request.user, dossier=dossier, **kwargs)
    except DossierError as exc:
        return error_response(exc.status, exc.message)
    except ValidationError as exc:
        return error_response(400, "; ".join(exc.messages))
    return json_response(dossier_to_dict(dossier, request.user))


@allow_methods("POST")
@bearer_required
def dossier_result(request: HttpRequest, code: str) -> JsonResponse:
    """Attach the electronic result (multipart/form-data: ``file`` a PDF, ``name`` and ``lock_version``
    optional): the same ``dossier_result_attach`` as the back-office form. 201 with the dossier."""
    dossier = dossier_for_staff(request.user, code)
    if dossier is None:
        return error_response(404, _("No dossier with this code is visible to you."))
    upload = request.FILES.get("file")
    if upload is None:
        return error_response(400, _("Some fields are invalid."), {"file": [_("Attach the result as a PDF file.")]})
    try:
        kwargs: dict[str, Any] = {"name": text_within(request.POST.get("name", ""), field="name", max_length=255)}
        kwargs.update(lock_version_argument({"lock_version": request.POST.get("lock_version")}))
    except ValidationError as exc:
        return error_response(400, _("Some fields are invalid."), {k: list(v) for k, v in exc.message_dict.items()})
    try:
        dossier_result_attach(actor=request.user, dossier=dossier, upload=upload, **kwargs)
    except DossierError as exc:
        return error_response(exc.status, exc.message)
    except ValidationError as exc:
        return error_response(400, _("Some fields are invalid."), {"file": exc.messages})
    dossier.refresh_from_db()
    return json_response(dossier_to_dict(dossier, request.user), status=201)
