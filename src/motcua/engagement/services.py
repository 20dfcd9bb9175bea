"""Writes of the floor's records: one atomic service each, with an audit entry. Input is bounded (dates
in the calendar's years, known answers, text lengths) and refused with a translated error.

Guidance requests have exactly one owner until closed: a transfer names who, to whom and why and stays
pending (the old owner still owns the request) until the new owner accepts it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.core.audit import audit_log
from motcua.core.inputs import bounded_int, datetime_in_range, text_within
from motcua.dossiers.models import Dossier, Transition
from motcua.engagement.models import GuidanceRequest, GuidanceSession, GuidanceTransfer, HotlineCall, Survey
from motcua.floor.models import Ticket
from motcua.workdays.services import calendar_load

MAX_CALL_SECONDS = 24 * 3600
SURVEY_SALT = "motcua.engagement.survey"


@transaction.atomic
def guidance_session_record(
    *,
    at: dt.datetime,
    procedure: Procedure | None = None,
    channel: str = "",
    staff: Any = None,
    staff_name: str = "",
    topic: str = "",
    actor: Any = None,
    dossier: Dossier | None = None,
    outcome: str = "",
    duration_seconds: Any = 0,
    visitor_name: str = "",
    note: str = "",
) -> GuidanceSession:
    if outcome and outcome not in GuidanceSession.Outcome.values:
        raise ValidationError({"outcome": [_("Choose one of the listed outcomes.")]})
    session = GuidanceSession.objects.create(
        at=datetime_in_range(at, field="at"),
        procedure=procedure,
        channel=text_within(channel, field="channel", max_length=40),
        staff=staff,
        staff_name=text_within(staff_name, field="staff_name", max_length=255),
        topic=text_within(topic, field="topic", max_length=255),
        dossier=dossier,
        outcome=outcome,
        duration_seconds=bounded_int(duration_seconds, field="duration_seconds", maximum=MAX_CALL_SECONDS),
        visitor_name=text_within(visitor_name, field="visitor_name", max_length=255),
        note=text_within(note, field="note", max_length=4000),
    )
    audit_log(action="guidance.recorded", actor=actor, obj=session)
    return session


@transaction.atomic
def hotline_call_record(
    *,
    at: dt.datetime,
    topic: str = "",
    caller_phone: str = "",
    duration_seconds: Any = 0,
    outcome: str = "",
    actor: Any = None,
    staff: Any = None,
    procedure: Procedure | None = None,
    dossier: Dossier | None = None,
) -> HotlineCall:
    call = HotlineCall.objects.create(
        at=datetime_in_range(at, field="at"),
        topic=text_within(topic, field="topic", max_length=255),
        caller_phone=text_within(caller_phone, field="caller_phone", max_length=16),
        duration_seconds=bounded_int(duration_seconds, field="duration_seconds", maximum=MAX_CALL_SECONDS),
        outcome=text_within(outcome, field="outcome", max_length=255),
        staff=staff,
        procedure=procedure,
        dossier=dossier,
    )
    audit_log(action="hotline_call.recorded", actor=actor, obj=call)
    return call


# --- guidance requests: one owner until closed ------------------------------------------------------


def callback_due(opened_at: dt.datetime) -> dt.datetime:
    """When the callback of a request opened at ``opened_at`` is due: MOTCUA_GUIDANCE_CALLBACK_HOURS
    working hours later on the working calendar."""
    return calendar_load().add_working_hours(opened_at, settings.GUIDANCE_CALLBACK_HOURS)


def _is_staff(user: Any) -> bool:
    from motcua.organisation.models import StaffRole

    return bool(getattr(user, "is_active", False)) and StaffRole.objects.filter(user=user).exists()


@transaction.atomic
def guidance_request_open(
    *,
    actor: Any,
    question: str,
    session: GuidanceSession | None = None,
    call: HotlineCall | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    at: dt.datetime | None = None,
) -> GuidanceRequest:
    """Open a request owned by ``actor`` from the session or call that could not answer it."""
    if not _is_staff(actor):
        raise PermissionDenied(_("Only staff of the centre own guidance requests."))
    question = text_within(question, field="question", max_length=4000)
    if not question:
        raise ValidationError({"question": [_("Write down the question to answer.")]})
    opened_at = datetime_in_range(at or timezone.now(), field="at")
    request = GuidanceRequest.objects.create(
        session=session,
        call=call,
        question=question,
        contact_name=text_within(contact_name, field="contact_name", max_length=255),
        contact_phone=text_within(contact_phone, field="contact_phone", max_length=16),
        owner=actor,
        opened_at=opened_at,
        callback_due_at=callback_due(opened_at),
    )
    audit_log(action="guidance_request.opened", actor=actor, obj=request, owner=actor.get_username())
    return request


def _locked_open(request: GuidanceRequest) -> GuidanceRequest:
    locked = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != GuidanceRequest.Status.OPEN:
        raise ValidationError(_("This request is closed."))
    return locked


@transaction.atomic
def guidance_request_transfer(
    *, actor: Any, request: GuidanceRequest, to_user: Any, reason: str, at: dt.datetime | None = None
) -> GuidanceTransfer:
    """Offer the request to a colleague; the actor (the owner) stays the owner until they accept."""
    locked = _locked_open(request)
    if locked.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a request may transfer it."))
    if to_user is None or to_user.pk == actor.pk or not _is_staff(to_user):
        raise ValidationError({"to": [_("Choose a colleague on the staff to transfer to.")]})
    reason = text_within(reason, field="reason", max_length=500)
    if not reason:
        raise ValidationError({"reason": [_("Say why the request is transferred.")]})
    if locked.transfers.filter(status=GuidanceTransfer.Status.PENDING).exists():
        raise ValidationError(_("A transfer of this request is already waiting for acceptance."))
    transfer = GuidanceTransfer.objects.create(
        request=locked, from_user=actor, to_user=to_user, reason=reason, at=at or timezone.now()
    )
    audit_log(
        action="guidance_request.transferred",
        actor=actor,
        obj=locked,
        to=to_user.get_username(),
        reason=reason,
        transfer=transfer.pk,
    )
    return transfer


def _locked_pending(transfer: GuidanceTransfer) -> GuidanceTransfer:
    locked = GuidanceTransfer.objects.select_for_update().select_related("request").get(pk=transfer.pk)
    if locked.status != GuidanceTransfer.Status.PENDING:
        raise ValidationError(_("This transfer is no longer waiting."))
    return locked


@transaction.atomic
def guidance_transfer_accept(
    *, actor: Any, transfer: GuidanceTransfer, at: dt.datetime | None = None
) -> GuidanceRequest:
    """The colleague a request was transferred to takes it over: from now on they own it."""
    request = _locked_open(transfer.request)
    locked = _locked_pending(transfer)
    if locked.to_user_id != actor.pk:
        raise PermissionDenied(_("Only the colleague the request was transferred to may accept it."))
    locked.status = GuidanceTransfer.Status.ACCEPTED
    locked.decided_at = at or timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    previous = request.owner
    request.owner = actor
    request.save(update_fields=["owner"])
    audit_log(
        action="guidance_request.accepted",
        actor=actor,
        obj=request,
        previous_owner=previous.get_username(),
        transfer=locked.pk,
    )
    return request


@transaction.atomic
def guidance_transfer_withdraw(*, actor: Any, transfer: GuidanceTransfer) -> GuidanceTransfer:
    """The owner takes a pending transfer back, or the colleague declines it: the owner stays."""
    request = _locked_open(transfer.request)
    locked = _locked_pending(transfer)
    if actor.pk not in (locked.from_user_id, locked.to_user_id):
        raise PermissionDenied(_("Only the two colleagues of a transfer may withdraw or decline it."))
    locked.status = GuidanceTransfer.Status.WITHDRAWN
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    audit_log(action="guidance_request.transfer_withdrawn", actor=actor, obj=request, transfer=locked.pk)
    return locked


@transaction.atomic
def guidance_request_close(
    *, actor: Any, request: GuidanceRequest, answer: str, at: dt.datetime | None = None
) -> GuidanceRequest:
    """The owner records the answer given (the callback) and closes the request."""
    locked = _locked_open(request)
    if locked.owner_id != actor.pk:
        raise PermissionDenied(_("Only the owner of a request may close it."))
    answer = text_within(answer, field="answer", max_length=4000)
    if not answer:
        raise ValidationError({"answer": [_("Write down the answer given.")]})
    locked.transfers.filter(status=GuidanceTransfer.Status.PENDING).update(
        status=GuidanceTransfer.Status.WITHDRAWN, decided_at=timezone.now()
    )
    locked.status = GuidanceRequest.Status.CLOSED
    locked.closed_at = at or timezone.now()
    locked.closed_by = actor
    locked.answer = answer
    locked.save(update_fields=["status", "closed_at", "closed_by", "answer"])
    audit_log(action="guidance_request.closed", actor=actor, obj=locked)
    return locked


# --- surveys ------------------------------------------------------------------------------------------

_SURVEY_QUESTIONS: dict[str, type[Any]] = {
    "time": Survey.Time,
    "contacts": Survey.Contacts,
    "information": Survey.Information,
    "result": Survey.Result,
    "costs": Survey.Costs,
}


@transaction.atomic
def survey_record(
    *,
    at: dt.datetime,
    satisfaction: str,
    attitude: str,
    dossier: Any = None,
    officer: Any = None,
    actor: Any = None,
    counter: Any = None,
    agency: Any = None,
    source: str = Survey.Source.IMPORTED,
    answers: dict[str, str] | None = None,
) -> Survey:
    if satisfaction not in Survey.Satisfaction.values:
        raise ValidationError({"satisfaction": [_("Choose one of the listed satisfaction answers.")]})
    if attitude not in Survey.Attitude.values:
        raise ValidationError({"attitude": [_("Choose one of the listed attitude answers.")]})
    if source not in Survey.Source.values:
        raise ValidationError({"source": [_("Unknown survey source.")]})
    extra: dict[str, str] = {}
    for name, value in (answers or {}).items():
        choices = _SURVEY_QUESTIONS.get(name)
        if choices is None or (value and value not in choices.values):
            raise ValidationError({name: [_("Choose one of the listed answers.")]})
        extra[name] = value or ""
    if dossier is not None:
        Dossier.objects.select_for_update().filter(pk=dossier.pk).first()  # one survey per dossier, in turn
        if Survey.objects.filter(dossier=dossier).exists():
            raise ValidationError({"dossier": [_("This dossier already has a survey answer.")]})
        if agency is None:
            agency = dossier.agency
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                at=datetime_in_range(at, field="at"),
                satisfaction=satisfaction,
                attitude=attitude,
                dossier=dossier,
                officer=officer,
                counter=counter,
                agency=agency,
                source=source,
                **extra,
            )
    except IntegrityError:
        raise ValidationError({"dossier": [_("This dossier already has a survey answer.")]}) from None
    audit_log(
        action="survey.recorded",
        actor=actor,
        obj=survey,
        satisfaction=satisfaction,
        attitude=attitude,
        source=source,
    )
    return survey


def survey_served_by(dossier: Dossier) -> tuple[Any, Any]:
    """(officer, counter) who served the dossier: the clerk who returned the result (else received it),
    and the counter of the ticket the dossier was received from."""
    served = (
        Transition.objects.filter(dossier=dossier, action__in=["returned", "received"], actor__isnull=False)
        .select_related("actor")
        .order_by("-at", "-pk")
    )
    returned = next((t for t in served if t.action == "returned"), None)
    chosen = returned or next(iter(served), None)
    ticket = Ticket.objects.filter(dossier=dossier, counter__isnull=False).select_related("counter").first()
    counter = ticket.counter if ticket else None
    return (chosen.actor if chosen else None), counter


def survey_open_for(dossier: Dossier) -> bool:
    """A dossier may be rated once its result is ready or handed over, and only once."""
    finished = dossier.finished_at is not None or dossier.returned_at is not None
    return finished and not Survey.objects.filter(dossier=dossier).exists()


def survey_submit(
    *,
    dossier: Dossier,
    source: str,
    satisfaction: str,
    attitude: str,
    answers: dict[str, str] | None = None,
    counter: Any = None,
    actor: Any = None,
) -> Survey:
    """A citizen's answer about one dossier, tied to the officer and counter who served it (``counter``:
    the counter whose tablet took the answer, else the ticket's)."""
    if dossier.finished_at is None and dossier.returned_at is None:
        raise ValidationError(_("This dossier can be rated once its result is ready."))
    officer, served_counter = survey_served_by(dossier)
    return survey_record(
        at=timezone.now(),
        satisfaction=satisfaction,
        attitude=attitude,
        dossier=dossier,
        officer=officer,
        counter=counter or served_counter,
        agency=dossier.agency,
        source=source,
        answers=answers,
        actor=actor,
    )


def survey_token(dossier: Dossier) -> str:
    """The signed token of the dossier's survey link (/khao-sat/<token>/)."""
    return signing.dumps(dossier.pk, salt=SURVEY_SALT, compress=False)


def survey_dossier_from_token(token: str) -> Dossier | None:
    """The dossier of a survey token, or None for a forged, mangled or over-long one."""
    if len(token) > 200:
        return None
    try:
        pk = signing.loads(token, salt=SURVEY_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Dossier.objects.select_related("agency", "version").filter(pk=pk).first()


def survey_url(dossier: Dossier) -> str:
    """The survey link of the result notice: MOTCUA_NOTICE_SURVEY_URL (the survey page's base, e.g.
    https://motcua.example/khao-sat/) followed by the dossier's token."""
    base = settings.NOTICE_SURVEY_URL
    if not base:
        return ""
    return f"{base.rstrip('/')}/{survey_token(dossier)}/"
