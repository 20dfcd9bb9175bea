"""Writes of feedback and petitions (PAKN): one atomic service each, with an audit entry. Deadlines are
counted in working days on the centre's calendar (settings FEEDBACK_*_DAYS). Bad input or an action the
item's state does not allow → a translated ValidationError."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.inputs import datetime_in_range, free_text, text_within
from motcua.core.text import nfc
from motcua.dossiers.identity import normalize_phone
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback, FeedbackTransfer
from motcua.organisation.models import Agency
from motcua.workdays.services import calendar_load

Kind = Feedback.Kind
Status = Feedback.Status
MAX_CONTENT = 10_000


def _days(cal: Any, instant: dt.datetime, days: int) -> dt.datetime:
    return cal.add_working_days(instant, days)  # type: ignore[no-any-return]


def _now(at: dt.datetime | None) -> dt.datetime:
    return timezone.now() if at is None else datetime_in_range(at, field="at")


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def _require(feedback: Feedback, *statuses: str) -> None:
    if feedback.status not in statuses:
        raise ValidationError(
            _("This feedback is %(status)s: that cannot be done now.") % {"status": feedback.get_status_display()}
        )


@transaction.atomic
def feedback_receive(
    *,
    channel: str,
    subject: Any,
    content: Any,
    name: Any = "",
    phone: Any = "",
    email: Any = "",
    dossier_code: Any = "",
    agency: Agency | None = None,
    kind: str = "",
    reason: Any = "",
    to_agency: Agency | None = None,
    actor: Any = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Register one item. A related dossier's receiving agency handles it when no agency is named; with
    ``kind`` it is classified at once (the counter and the hotline classify on intake)."""
    if channel not in Feedback.Channel.values:
        raise ValidationError({"channel": [_("Choose one of the listed channels.")]})
    subject = text_within(subject, field="subject", max_length=255)
    content = nfc(free_text(content, field="content", max_length=MAX_CONTENT)).strip()
    if not subject:
        raise ValidationError({"subject": [_("Enter a subject.")]})
    if not content:
        raise ValidationError({"content": [_("Enter what you want to tell us.")]})
    phone = text_within(phone, field="phone", max_length=32)
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    email = text_within(email, field="email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    dossier_code = text_within(dossier_code, field="dossier_code", max_length=40).upper()
    if agency is None and dossier_code:
        dossier = Dossier.objects.filter(code=dossier_code).select_related("agency").first()
        agency = dossier.agency if dossier is not None else None
    now = _now(at)
    cal = calendar_load()
    feedback = Feedback.objects.create(
        channel=channel,
        name=text_within(name, field="name", max_length=255),
        phone=phone,
        email=email,
        subject=subject,
        content=content,
        dossier_code=dossier_code,
        agency=agency,
        received_at=now,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
        decide_due_at=_days(cal, now, settings.FEEDBACK_REFUSE_DAYS),
        answer_due_at=_days(cal, now, settings.FEEDBACK_ANSWER_DAYS),
        rating_token=secrets.token_urlsafe(32),
    )
    audit_log(action="feedback.received", actor=actor, obj=feedback, channel=channel)
    if kind:
        _classify(feedback, actor=actor, kind=kind, reason=reason, to_agency=to_agency, now=now, cal=cal)
    return feedback


@transaction.atomic
def feedback_classify(
    *,
    actor: Any,
    feedback: Feedback,
    kind: str,
    reason: Any = "",
    to_agency: Agency | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Not acceptable (with the reason: closed), about staff behaviour or within competence (handled here),
    outside competence (transferred to ``to_agency``, recorded; that agency classifies it again)."""
    feedback = _locked(feedback)
    _require(feedback, Status.RECEIVED)
    _classify(feedback, actor=actor, kind=kind, reason=reason, to_agency=to_agency, now=_now(at), cal=calendar_load())
    return feedback


def _classify(
    feedback: Feedback, *, actor: Any, kind: str, reason: Any, to_agency: Agency | None, now: dt.datetime, cal: Any
) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose one of the listed classifications.")]})
    reason = text_within(reason, field="reason", max_length=500)
    if kind == Kind.OUTSIDE_COMPETENCE:
        _transfer(feedback, actor=actor, to_agency=to_agency, reason=reason, now=now, cal=cal)
        return
    if feedback.agency_id is None:
        raise ValidationError({"to_agency": [_("Choose the agency that handles this feedback first.")]})
    if kind == Kind.NOT_ACCEPTABLE:
        if not reason:
            raise ValidationError({"reason": [_("Give the reason for not accepting it.")]})
        feedback.status = Status.REFUSED
        feedback.refusal_reason = reason
    else:
        feedback.status = Status.IN_PROGRESS
    feedback.kind = kind
    feedback.classified_at = now
    if feedback.owner_id is None and getattr(actor, "is_authenticated", False):
        feedback.owner = actor
    feedback.save()
    audit_log(action="feedback.classified", actor=actor, obj=feedback, kind=kind, on_time=now <= feedback.decide_due_at)


def _transfer(
    feedback: Feedback, *, actor: Any, to_agency: Agency | None, reason: str, now: dt.datetime, cal: Any
) -> None:
    if to_agency is None:
        raise ValidationError({"to_agency": [_("Choose the agency to transfer it to.")]})
    if to_agency.pk == feedback.agency_id:
        raise ValidationError({"to_agency": [_("It is already with this agency.")]})
    if not reason:
        raise ValidationError({"reason": [_("Say why it is transferred.")]})
    started = feedback.transfers.order_by("-at").values_list("at", flat=True).first() or feedback.received_at
    on_time = now <= _days(cal, started, settings.FEEDBACK_TRANSFER_DAYS)
    FeedbackTransfer.objects.create(
        feedback=feedback,
        from_agency=feedback.agency,
        to_agency=to_agency,
        reason=reason,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        on_time=on_time,
    )
    from_id = feedback.agency_id
    feedback.agency = to_agency
    feedback.kind = ""
    feedback.status = Status.RECEIVED
    feedback.owner = None
    feedback.decide_due_at = _days(cal, now, settings.FEEDBACK_REFUSE_DAYS)
    feedback.answer_due_at = _days(cal, now, settings.FEEDBACK_ANSWER_DAYS)
    feedback.save()
    audit_log(
        action="feedback.transferred",
        actor=actor,
        obj=feedback,
        from_agency=from_id,
        to_agency=to_agency.pk,
        on_time=on_time,
    )


@transaction.atomic
def feedback_take(*, actor: Any, feedback: Feedback) -> Feedback:
    """The acting handler becomes the owner (one owner at a time)."""
    feedback = _locked(feedback)
    _require(feedback, Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_INFO, Status.ANSWERED)
    previous = feedback.owner_id
    feedback.owner = actor
    feedback.save(update_fields=["owner"])
    audit_log(action="feedback.taken", actor=actor, obj=feedback, previous_owner=previous)
    return feedback


@transaction.atomic
def feedback_request_information(
    *, actor: Any, feedback: Feedback, question: Any, at: dt.datetime | None = None
) -> Feedback:
    """Ask the citizen for more information (within FEEDBACK_INFO_DAYS of receipt to be on time): the
    deadlines stop until the citizen answers on the follow page. Only when the citizen left a way to be
    reached: a phone or an e-mail (the follow link is theirs already)."""
    feedback = _locked(feedback)
    _require(feedback, Status.RECEIVED, Status.IN_PROGRESS)
    if feedback.agency_id is None:
        raise ValidationError({"to_agency": [_("Choose the agency that handles this feedback first.")]})
    question = nfc(free_text(question, field="question", max_length=2_000)).strip()
    if not question:
        raise ValidationError({"question": [_("Write what information is needed.")]})
    now = _now(at)
    on_time = now <= _days(calendar_load(), feedback.received_at, settings.FEEDBACK_INFO_DAYS)
    feedback.info_request = question
    feedback.info_requested_at = now
    feedback.info_reply = ""
    feedback.info_replied_at = None
    feedback.status = Status.AWAITING_INFO
    if feedback.owner_id is None and getattr(actor, "is_authenticated", False):
        feedback.owner = actor
    feedback.save()
    audit_log(action="feedback.information_requested", actor=actor, obj=feedback, on_time=on_time)
    return feedback


@transaction.atomic
def feedback_add_information(*, token: str, reply: Any, at: dt.datetime | None = None) -> Feedback:
    """The citizen answers the request through the follow link: the deadlines move by the working time
    spent waiting and the item goes back to where it was (classified or not)."""
    feedback = Feedback.objects.select_for_update().filter(rating_token=str(token)[:64]).first()
    if feedback is None:
        raise ValidationError(_("This link is not valid."))
    _require(feedback, Status.AWAITING_INFO)
    reply = nfc(free_text(reply, field="reply", max_length=MAX_CONTENT)).strip()
    if not reply:
        raise ValidationError({"reply": [_("Write the information asked for.")]})
    now = _now(at)
    assert feedback.info_requested_at is not None
    cal = calendar_load()
    waited = max(0, cal.working_minutes_between(feedback.info_requested_at, now))
    feedback.decide_due_at = cal.add_working_minutes(feedback.decide_due_at, waited)
    feedback.answer_due_at = cal.add_working_minutes(feedback.answer_due_at, waited)
    feedback.info_reply = reply
    feedback.info_replied_at = now
    feedback.status = Status.IN_PROGRESS if feedback.kind else Status.RECEIVED
    feedback.save()
    audit_log(action="feedback.information_added", obj=feedback, waited_minutes=waited)
    return feedback


@transaction.atomic
def feedback_answer(*, actor: Any, feedback: Feedback, answer: Any, at: dt.datetime | None = None) -> Feedback:
    feedback = _locked(feedback)
    _require(feedback, Status.IN_PROGRESS)
    answer = nfc(free_text(answer, field="answer", max_length=MAX_CONTENT)).strip()
    if not answer:
        raise ValidationError({"answer": [_("Write the answer.")]})
    now = _now(at)
    feedback.answer = answer
    feedback.answered_at = now
    feedback.answered_by = actor
    feedback.status = Status.ANSWERED
    feedback.publish_due_at = _days(calendar_load(), now, settings.FEEDBACK_PUBLISH_DAYS)
    if feedback.owner_id is None:
        feedback.owner = actor
    feedback.save()
    audit_log(action="feedback.answered", actor=actor, obj=feedback, on_time=now <= feedback.answer_due_at)
    return feedback


def personal_data_in(feedback: Feedback, text: str) -> list[str]:
    """The citizen's personal data found in ``text`` (name, phone in any spacing, e-mail)."""
    found = []
    folded = nfc(text).casefold()
    if feedback.name and nfc(feedback.name).casefold() in folded:
        found.append(_("name"))
    digits = re.sub(r"\D", "", text)
    if feedback.phone and feedback.phone[3:] and feedback.phone[3:] in digits:
        found.append(_("phone"))
    if feedback.email and feedback.email.casefold() in folded:
        found.append(_("e-mail"))
    return found


@transaction.atomic
def feedback_publish(
    *, actor: Any, feedback: Feedback, public_question: Any, at: dt.datetime | None = None
) -> Feedback:
    """Publish the question (as rewritten without personal data) and the answer on the portal. Text that
    still holds the citizen's name, phone or e-mail is refused."""
    feedback = _locked(feedback)
    _require(feedback, Status.ANSWERED)
    public_question = nfc(free_text(public_question, field="public_question", max_length=MAX_CONTENT)).strip()
    if not public_question:
        raise ValidationError({"public_question": [_("Write the question as it will be published.")]})
    for field, text in (("public_question", public_question), ("answer", feedback.answer)):
        found = personal_data_in(feedback, text)
        if found:
            raise ValidationError(
                {field: [_("Remove the citizen's personal data first: %(what)s.") % {"what": ", ".join(found)}]}
            )
    now = _now(at)
    feedback.public_question = public_question
    feedback.published_at = now
    feedback.status = Status.PUBLISHED
    feedback.save()
    assert feedback.publish_due_at is not None
    audit_log(action="feedback.published", actor=actor, obj=feedback, on_time=now <= feedback.publish_due_at)
    return feedback


@transaction.atomic
def feedback_rate(*, token: str, rating: str, comment: Any = "", at: dt.datetime | None = None) -> Feedback:
    """The citizen rates the answer once, through the link given at intake."""
    feedback = Feedback.objects.select_for_update().filter(rating_token=str(token)[:64]).first()
    if feedback is None:
        raise ValidationError(_("This link is not valid."))
    if feedback.status not in (Status.ANSWERED, Status.PUBLISHED):
        raise ValidationError(_("There is no answer to rate yet."))
    if feedback.rating:
        raise ValidationError(_("This answer has already been rated."))
    if rating not in Feedback.Rating.values:
        raise ValidationError({"rating": [_("Choose one of the listed ratings.")]})
    feedback.rating = rating
    feedback.rating_comment = text_within(comment, field="comment", max_length=500)
    feedback.rated_at = _now(at)
    feedback.save(update_fields=["rating", "rating_comment", "rated_at"])
    audit_log(action="feedback.rated", obj=feedback, rating=rating)
    return feedback
