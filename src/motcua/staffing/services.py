"""Writes to the staffing records. Each function is one atomic change with an audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.inputs import FIRST_DATE, LAST_DATE
from motcua.core.text import nfc, squash
from motcua.organisation.models import Agency, Counter, ServicePoint
from motcua.staffing.models import (
    Acknowledgement,
    Inspection,
    OnboardingItem,
    Posting,
    Qualification,
    RosterEntry,
    Standard,
    Violation,
)


def _day(value: dt.date | None, field: str) -> dt.date:
    if value is None:
        raise ValidationError({field: [_("Enter a date.")]})
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            {field: [_("Enter a date from %(first)s to %(last)s.") % {"first": FIRST_DATE, "last": LAST_DATE}]}
        )
    return value


def _text(value: str, field: str, *, required: bool = True, max_length: int = 10_000) -> str:
    text = nfc(value or "").strip()
    if required and not text:
        raise ValidationError({field: [_("This field is required.")]})
    if len(text) > max_length:
        raise ValidationError({field: [_("At most %(count)d characters.") % {"count": max_length}]})
    return text


@transaction.atomic
def posting_create(
    *,
    actor: Any,
    user: Any,
    home_agency: Agency,
    service_point: ServicePoint,
    counter: Counter | None = None,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> Posting:
    starts_on = _day(starts_on, "starts_on")
    if ends_on is not None and _day(ends_on, "ends_on") < starts_on:
        raise ValidationError({"ends_on": [_("The end date must not be before the start date.")]})
    if counter is not None and counter.service_point_id != service_point.pk:
        raise ValidationError({"counter": [_("The counter is not at this service point.")]})
    posting = Posting.objects.create(
        user=user,
        home_agency=home_agency,
        service_point=service_point,
        counter=counter,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    audit_log(action="posting.created", actor=actor, obj=posting, user=user.pk, home_agency=home_agency.pk)
    return posting


@transaction.atomic
def standard_create(*, actor: Any, name: str, description: str = "") -> Standard:
    name = squash(_text(name, "name", max_length=255))
    if Standard.objects.filter(name=name).exists():
        raise ValidationError({"name": [_("This standard already exists.")]})
    standard = Standard.objects.create(name=name, description=_text(description, "description", required=False))
    audit_log(action="standard.created", actor=actor, obj=standard, name=name)
    return standard


@transaction.atomic
def qualification_record(
    *, actor: Any, user: Any, standard: Standard, obtained_on: dt.date, note: str = ""
) -> Qualification:
    qualification, created = Qualification.objects.update_or_create(
        user=user,
        standard=standard,
        defaults={
            "obtained_on": _day(obtained_on, "obtained_on"),
            "note": _text(note, "note", required=False, max_length=255),
        },
    )
    audit_log(
        action="qualification.recorded",
        actor=actor,
        obj=qualification,
        user=user.pk,
        standard=standard.pk,
        obtained_on=str(qualification.obtained_on),
        created=created,
    )
    return qualification


@transaction.atomic
def acknowledgement_record(
    *, actor: Any, user: Any, item: OnboardingItem, acknowledged_on: dt.date | None = None
) -> Acknowledgement:
    """The officer read and acknowledged ``item`` (the first date is kept)."""
    day = _day(acknowledged_on or timezone.localdate(), "acknowledged_on")
    ack, created = Acknowledgement.objects.get_or_create(user=user, item=item, defaults={"acknowledged_on": day})
    if created:
        audit_log(action="onboarding.acknowledged", actor=actor, obj=ack, user=user.pk, item=item.pk, on=str(day))
    return ack


@transaction.atomic
def roster_assign(*, actor: Any, counter: Counter, day: dt.date, user: Any) -> RosterEntry:
    """``user`` works at ``counter`` on ``day`` (replaces whoever was rostered)."""
    entry, _created = RosterEntry.objects.update_or_create(
        counter=counter, day=_day(day, "day"), defaults={"user": user}
    )
    audit_log(action="roster.assigned", actor=actor, obj=entry, counter=counter.pk, day=str(day), user=user.pk)
    return entry


@transaction.atomic
def inspection_record(
    *, actor: Any, on: dt.date, findings: str, service_point: ServicePoint | None = None
) -> Inspection:
    inspection = Inspection.objects.create(
        on=_day(on, "on"), inspector=actor, service_point=service_point, findings=_text(findings, "findings")
    )
    audit_log(action="inspection.recorded", actor=actor, obj=inspection, on=str(inspection.on))
    return inspection


@transaction.atomic
def violation_record(
    *,
    actor: Any,
    officer: Any,
    on: dt.date,
    kind: str,
    severity: str,
    description: str,
    follow_up: str = "",
    inspection: Inspection | None = None,
) -> Violation:
    if kind not in Violation.Kind.values:
        raise ValidationError({"kind": [_("Choose a kind of violation.")]})
    if severity not in Violation.Severity.values:
        raise ValidationError({"severity": [_("Choose a severity.")]})
    violation = Violation.objects.create(
        officer=officer,
        on=_day(on, "on"),
        kind=kind,
        severity=severity,
        description=_text(description, "description"),
        follow_up=_text(follow_up, "follow_up", required=False),
        inspection=inspection,
        recorded_by=actor,
    )
    audit_log(action="violation.recorded", actor=actor, obj=violation, officer=officer.pk, kind=kind, severity=severity)
    return violation


@transaction.atomic
def violation_close(*, actor: Any, violation: Violation, follow_up: str = "") -> Violation:
    violation = Violation.objects.select_for_update().get(pk=violation.pk)
    if violation.closed_at is not None:
        raise ValidationError(_("This violation is already closed."))
    text = _text(follow_up, "follow_up", required=False)
    if text:
        violation.follow_up = f"{violation.follow_up}\n{text}".strip()
    violation.closed_at = timezone.now()
    violation.save(update_fields=["follow_up", "closed_at"])
    audit_log(action="violation.closed", actor=actor, obj=violation)
    return violation
