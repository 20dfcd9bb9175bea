"""Who may see and act on a dossier. One condition per line; every view, API call and command asks here."""

from __future__ import annotations

import hmac
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from motcua.dossiers.identity import normalize_phone
from motcua.dossiers.models import OPEN_STATUSES, Dossier, Task
from motcua.organisation.models import StaffRole

Role = StaffRole.Role


def user_roles(user: Any) -> set[tuple[int, str]]:
    """The (agency id, role) pairs the user holds, cached on the user object for one request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_motcua_roles", None)
    if cached is None:
        cached = set(StaffRole.objects.filter(user=user).values_list("agency_id", "role"))
        user._motcua_roles = cached
    return cached


def is_supervisor(user: Any) -> bool:
    return any(role == Role.SUPERVISOR for _, role in user_roles(user))


def holds_role(user: Any, agency_id: int, role: str) -> bool:
    """The user holds ``role`` in the agency; an agency head holds every processing role there."""
    roles = user_roles(user)
    if (agency_id, role) in roles:
        return True
    if role in {Role.OFFICER, Role.APPROVER} and (agency_id, Role.AGENCY_HEAD) in roles:
        return True
    return False


def can_act_on_task(user: Any, task: Task) -> bool:
    if task.assignee_id is not None and task.assignee_id == getattr(user, "pk", None):
        return True
    return holds_role(user, task.agency_id, task.role)


def tasks_opening_dossiers_to(user: Any) -> QuerySet[Task]:
    """The tasks that let the user open their dossier: any process step run by one of the user's agencies
    (finished or not), and a consultation only while it waits for its reply on an open dossier, and only
    for the consulted officers (its assignee, or a holder of its role in the consulted agency — the head
    counts as an officer). A consultation never opens the dossier to the rest of the consulted agency,
    nor after it is answered."""
    roles = user_roles(user)
    agency_ids = {agency_id for agency_id, _ in roles}
    user_id = getattr(user, "pk", None)
    consulted = Q(assignee_id=user_id) if user_id is not None else Q(pk__in=[])
    for agency_id, role in roles:
        consulted |= Q(agency_id=agency_id, role=role)
        if role == Role.AGENCY_HEAD:
            consulted |= Q(agency_id=agency_id, role__in=[Role.OFFICER, Role.APPROVER])
    open_consultation = Q(is_consultation=True, finished_at__isnull=True, dossier__status__in=OPEN_STATUSES)
    return Task.objects.filter(Q(is_consultation=False, agency_id__in=agency_ids) | (open_consultation & consulted))


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Dossiers the user may open: a centre supervisor sees all; staff see their agencies' dossiers
    (received by them or with a process step of theirs), and a consulted officer the dossier while the
    consultation is open (``tasks_opening_dossiers_to``)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    if is_supervisor(user):
        return Dossier.objects.all()
    agency_ids = {agency_id for agency_id, _ in user_roles(user)}
    if not agency_ids:
        return Dossier.objects.none()
    with_task = tasks_opening_dossiers_to(user).values("dossier_id")
    return Dossier.objects.filter(Q(agency_id__in=agency_ids) | Q(pk__in=with_task))


def dossier_for_staff(user: Any, code: str) -> Dossier | None:
    """The dossier ``code`` if the user may open it, else None (the caller answers 404)."""
    return dossiers_visible_to(user).select_related("version__procedure", "agency").filter(code=code).first()


# A stand-in compared when the code does not exist, so that both paths do the same work.
NOBODY = Dossier(applicant_phone="+840000000000", proxy_phone="", applicant_id_number="000000000000")


def dossier_for_applicant(code: str, secret: str) -> Dossier | None:
    """The dossier ``code`` when ``secret`` is its applicant's (or proxy's) phone number in any format, or
    the last 4 digits of the applicant's identity number (``secret_matches``); None otherwise, the same
    for an unknown code."""
    dossier = Dossier.objects.filter(code=code).first() if code else None
    matched = secret_matches(dossier or NOBODY, secret)
    if dossier is None or not matched:
        return None
    return dossier


_FOUR_DIGITS = re.compile(r"[0-9]{4}")


def id_digits(id_number: str) -> str:
    """The 4 digits that prove an identity number: its last 4 characters when they are ASCII digits
    (citizen ID, passport, 10-digit tax code); none ("") otherwise. A branch tax code ends in a dash and
    a 3-digit branch number ("0101234567-001"): those characters are shared by most branches and prove
    nothing, so such an applicant looks the dossier up by phone."""
    tail = (id_number or "")[-4:]
    return tail if _FOUR_DIGITS.fullmatch(tail) else ""


def secret_matches(dossier: Dossier, secret: str) -> bool:
    """``secret`` is exactly 4 ASCII digits equal to ``id_digits`` of the applicant's identity number, or
    the applicant's (or proxy's) phone number in any format. Anything else (other characters, Unicode
    digits) is an ordinary failed attempt."""
    cleaned = re.sub(r"[\s.]", "", secret or "")
    if not cleaned.isascii():
        return False  # also keeps hmac.compare_digest, which refuses non-ASCII text, from raising
    if len(cleaned) == 4:
        expected = id_digits(dossier.applicant_id_number) or "####"  # never equal to 4 digits
        return _FOUR_DIGITS.fullmatch(cleaned) is not None and hmac.compare_digest(cleaned, expected)
    try:
        phone = normalize_phone(cleaned)
    except ValidationError:
        return False  # not a phone number: an ordinary failed attempt
    known = [p for p in (dossier.applicant_phone, dossier.proxy_phone) if p] or ["-"]
    return any([hmac.compare_digest(phone, p) for p in known])  # a list: compare every number, always


def is_agency_staff(user: Any, agency_id: int) -> bool:
    """A receiving clerk, an officer or the head of the agency (``holds_role`` counts the head as an
    officer)."""
    if holds_role(user, agency_id, Role.RECEIVING_CLERK):
        return True
    if holds_role(user, agency_id, Role.OFFICER):
        return True
    return False


def can_attach_result(user: Any, dossier: Dossier) -> bool:
    """The user may attach an electronic result to the dossier now (``dossier_result_attach`` checks the
    same and says why not)."""
    if not dossier.result_issuable:
        return False
    return is_agency_staff(user, dossier.agency_id)
