"""Who sees an officer's scorecard: the centre's supervisors and the head of the officer's own agency
(an agency where the officer holds a role, or the home agency of one of their postings). Nobody else,
not even the officer."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.organisation.models import StaffRole
from motcua.staffing.models import Posting


def officer_agency_ids(officer: Any) -> set[int]:
    roles = set(StaffRole.objects.filter(user=officer).values_list("agency_id", flat=True))
    return roles | set(Posting.objects.filter(user=officer).values_list("home_agency_id", flat=True))


def headed_agency_ids(user: Any) -> set[int]:
    return {agency_id for agency_id, role in user_roles(user) if role == StaffRole.Role.AGENCY_HEAD}


def can_see_scorecard(viewer: Any, officer: Any) -> bool:
    if is_supervisor(viewer):
        return True
    return bool(headed_agency_ids(viewer) & officer_agency_ids(officer))


def can_see_agency_scorecard(viewer: Any, agency_id: int) -> bool:
    return is_supervisor(viewer) or agency_id in headed_agency_ids(viewer)


def can_supervise(viewer: Any) -> bool:
    """Record inspections and violations, keep the standards, postings and rosters."""
    return is_supervisor(viewer)
