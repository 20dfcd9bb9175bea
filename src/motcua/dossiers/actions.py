"""The dossier actions by name, what each needs as input, and which of them a user may take now.

The API, the staff pages and the commands all dispatch through ``ACTIONS`` to the service functions.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalogue.models import ProcessStep
from motcua.core.inputs import bounded_decimal, bounded_int, datetime_in_range, free_text, text_within
from motcua.dossiers import services
from motcua.dossiers.models import OPEN_STATUSES, Dossier, Task
from motcua.dossiers.permissions import holds_role, user_roles
from motcua.organisation.models import Agency, StaffRole

S = Dossier.Status
Role = StaffRole.Role
Kind = ProcessStep.Kind


@dataclass(frozen=True)
class Action:
    name: str
    function: Callable[..., Dossier]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    may: Callable[[Any, Dossier, list[Task]], bool] = field(default=lambda user, dossier, tasks: False)

    @property
    def label(self) -> str:
        return str(ACTION_BUTTONS.get(self.name, self.name))


def _clerk(user: Any, dossier: Dossier) -> bool:
    return holds_role(user, dossier.agency_id, Role.RECEIVING_CLERK)


def _has_task(user: Any, tasks: list[Task], kinds: Collection[str]) -> bool:
    now = timezone.now()
    return any(t.kind in kinds and not t.is_consultation and services.may_work_on(user, t, now) for t in tasks)


def _leader_of_task(user: Any, tasks: list[Task]) -> bool:
    return any(
        holds_role(user, t.agency_id, Role.AGENCY_HEAD) or holds_role(user, t.agency_id, Role.APPROVER)
        for t in tasks
        if not t.is_consultation
    )


def _may_decide(user: Any, dossier: Dossier, tasks: list[Task], kinds: Collection[str]) -> bool:
    for task in tasks:
        if task.kind in kinds and not task.is_consultation:
            try:
                services.approval_authority(user, task, timezone.now())
            except services.NotPermitted:
                continue
            return True
    return False


def _within_supplement_window(dossier: Dossier) -> bool:
    from motcua.workdays.services import calendar_load

    try:
        end = services.supplement_window_end(dossier, calendar_load())
    except ValueError:  # a reception stored outside the calendar's years: the service decides
        return True
    return end is None or timezone.now() <= end


def _may_apologise(user: Any, dossier: Dossier) -> bool:
    from motcua.workdays.services import calendar_load

    now = timezone.now()
    try:
        services.apology_authority(user, dossier, now)
    except services.NotPermitted:
        return False
    return services.apology_in_time(dossier, now, calendar_load())


ACTION_BUTTONS = {
    "receive": gettext_lazy("Receive"),
    "refuse": gettext_lazy("Refuse"),
    "request_supplement": gettext_lazy("Request supplements"),
    "resubmit": gettext_lazy("Supplements received"),
    "request_fees": gettext_lazy("Request fees"),
    "pay_fees": gettext_lazy("Fees paid"),
    "assign": gettext_lazy("Assign"),
    "forward": gettext_lazy("Forward to the next step"),
    "consult": gettext_lazy("Consult another unit"),
    "reply": gettext_lazy("Answer the consultation"),
    "approve": gettext_lazy("Approve"),
    "reject": gettext_lazy("Refuse the request"),
    "apologise": gettext_lazy("Apologise and set a new date"),
    "stop": gettext_lazy("Stop processing"),
    "withdraw": gettext_lazy("Withdraw (applicant's request)"),
    "finish": gettext_lazy("Finish processing"),
    "return_result": gettext_lazy("Return the result"),
}

PROCESSING = {S.RECEIVED, S.IN_PROCESS}
WORK = {Kind.APPRAISE, Kind.INTER_AGENCY}

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action(
            "receive",
            services.dossier_receive,
            (),
            (),
            lambda u, d, t: d.status == S.SUBMITTED and _clerk(u, d),
        ),
        Action(
            "refuse",
            services.dossier_refuse,
            ("reason",),
            (),
            lambda u, d, t: d.status == S.SUBMITTED and _clerk(u, d),
        ),
        Action(
            "request_supplement",
            services.dossier_request_supplement,
            ("missing",),
            (),
            lambda u, d, t: (
                (d.status == S.SUBMITTED and _clerk(u, d))
                or (d.status in PROCESSING and _has_task(u, t, set(Kind.values)) and _within_supplement_window(d))
            ),
        ),
        Action(
            "resubmit",
            services.dossier_resubmit,
            (),
            ("note",),
            lambda u, d, t: d.status == S.SUPPLEMENT and _clerk(u, d),
        ),
        Action(
            "request_fees",
            services.dossier_request_fees,
            (),
            ("note",),
            lambda u, d, t: d.status in PROCESSING and _has_task(u, t, set(Kind.values)),
        ),
        Action("pay_fees", services.dossier_pay_fees, (), (), lambda u, d, t: d.status == S.FEES_DUE and _clerk(u, d)),
        Action(
            "assign",
            services.dossier_assign,
            ("assignee",),
            (),
            lambda u, d, t: d.status in PROCESSING and _leader_of_task(u, t),
        ),
        Action(
            "forward",
            services.dossier_forward,
            (),
            ("note",),
            lambda u, d, t: d.status in PROCESSING and _has_task(u, t, WORK),
        ),
        Action(
            "consult",
            services.dossier_consult,
            ("agency", "question"),
            ("hours",),
            lambda u, d, t: d.status in PROCESSING and _has_task(u, t, WORK),
        ),
        Action(
            "reply",
            services.dossier_reply,
            ("answer",),
            (),
            lambda u, d, t: (
                d.status in OPEN_STATUSES
                and any(x.is_consultation and holds_role(u, x.agency_id, Role.OFFICER) for x in t)
            ),
        ),
        Action(
            "approve",
            services.dossier_approve,
            (),
            ("note",),
            lambda u, d, t: d.status in PROCESSING and _may_decide(u, d, t, {Kind.APPROVE}),
        ),
        Action(
            "reject",
            services.dossier_reject,
            ("reason",),
            (),
            lambda u, d, t: d.status in PROCESSING and _may_decide(u, d, t, {Kind.APPROVE, Kind.APPRAISE}),
        ),
        Action(
            "apologise",
            services.dossier_apologise,
            ("reason", "new_due_at"),
            (),
            lambda u, d, t: d.status in OPEN_STATUSES and not d.apologised and _may_apologise(u, d),
        ),
        Action(
            "stop",
            services.dossier_stop,
            ("reason",),
            (),
            lambda u, d, t: (
                d.status in OPEN_STATUSES
                and any(
                    holds_role(u, a, Role.APPROVER)
                    for a in {x.agency_id for x in t if not x.is_consultation} | {d.agency_id}
                )
            ),
        ),
        Action(
            "withdraw",
            services.dossier_withdraw,
            (),
            ("reason",),
            lambda u, d, t: d.status in {S.SUBMITTED, *OPEN_STATUSES} and _clerk(u, d),
        ),
        Action(
            "finish",
            services.dossier_finish,
            (),
            ("note",),
            lambda u, d, t: (
                d.status in PROCESSING
                and _has_task(u, t, WORK)
                and Kind.APPROVE not in services._step_kinds_after(d, min((x.position for x in t), default=0))
            ),
        ),
        Action(
            "return_result",
            services.dossier_return_result,
            (),
            ("collected_by",),
            lambda u, d, t: d.status == S.FINISHED and _clerk(u, d),
        ),
    ]
}


def allowed_actions(user: Any, dossier: Dossier) -> list[str]:
    """The names of the actions ``user`` may take on ``dossier`` now."""
    if not user_roles(user):
        return []
    tasks = list(dossier.tasks.filter(finished_at__isnull=True).order_by("position", "id"))
    with services.authorisations_read_once():
        return [name for name, action in ACTIONS.items() if action.may(user, dossier, tasks)]


# Fields that set the time of an action: actions happen at the server's time, so a caller may not send
# them (a back-dated ``at`` would let a revoked authorisation approve, or a late step look early).
SERVER_TIME_FIELDS = ("at", "received_at")


def action_arguments(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Convert the plain fields an action takes (JSON or form values) into the service's keyword
    arguments; raises ValidationError keyed by field (never anything else, whatever ``data`` holds)."""
    action = ACTIONS[name]
    refused = {
        key: [_("Actions are recorded at the server's time; this field is not accepted.")]
        for key in SERVER_TIME_FIELDS
        if data.get(key) not in (None, "")
    }
    if refused:
        raise ValidationError(refused)
    missing = [key for key in action.required if data.get(key) in (None, "")]
    if missing:
        raise ValidationError({key: _("This field is required.") for key in missing})
    kwargs: dict[str, Any] = {}
    for key in (*action.required, *action.optional):
        if key not in data or data[key] in (None, ""):
            continue
        value = data[key]
        if key == "new_due_at":
            value = datetime_in_range(value, field=key)
        elif key == "assignee":
            value = (
                get_user_model()
                .objects.filter(username=free_text(value, field=key, max_length=150), is_active=True)
                .first()
            )
            if value is None:
                raise ValidationError({key: _("No active user has this username.")})
        elif key == "agency":
            value = Agency.objects.filter(identifier=free_text(value, field=key, max_length=13)).first()
            if value is None:
                raise ValidationError({key: _("No agency has this identifier.")})
        elif key == "hours":
            low, high = services.CONSULTATION_HOURS
            value = bounded_decimal(value, field=key, minimum=low, maximum=high)
        elif key == "collected_by":
            value = text_within(value, field=key, max_length=255)
        else:
            value = free_text(value, field=key)
        kwargs[key] = value
    return kwargs


def lock_version_argument(data: dict[str, Any]) -> dict[str, int]:
    """``expected_lock_version`` from the ``lock_version`` field, when one is given."""
    if data.get("lock_version") in (None, ""):
        return {}
    return {"expected_lock_version": bounded_int(data["lock_version"], field="lock_version")}
