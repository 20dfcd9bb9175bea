"""What the staff menu shows: only the pages the user's roles can use."""

from typing import Any

from django import template

from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.organisation.models import StaffRole

register = template.Library()


@register.simple_tag
def staff_menu(user: Any) -> dict[str, bool]:
    roles = {role for _agency, role in user_roles(user)}
    clerk = StaffRole.Role.RECEIVING_CLERK in roles
    return {"reception": clerk, "supervision": is_supervisor(user), "post": clerk or is_supervisor(user)}
