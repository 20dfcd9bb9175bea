"""What the staff menu shows: only the pages the user's roles can use."""

from typing import Any

from django import template

from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.floor.selectors import counters_for
from motcua.organisation.models import StaffRole

register = template.Library()


@register.simple_tag
def staff_menu(user: Any) -> dict[str, bool]:
    roles = {role for _agency, role in user_roles(user)}
    supervisor = is_supervisor(user)
    counters = counters_for(user).exists()
    clerk = StaffRole.Role.RECEIVING_CLERK in roles
    return {
        "reception": clerk,
        "supervision": supervisor,
        "counter": counters,
        "visits": counters or supervisor,
        "post": clerk or supervisor,
        "guidance": True,  # every staff member may log guidance and hotline calls
    }
