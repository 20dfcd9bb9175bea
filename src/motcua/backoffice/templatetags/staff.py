"""What the staff menu shows: only the pages the user's roles can use."""

from typing import Any

from django import template

from motcua.dossiers.permissions import is_supervisor, user_roles
from motcua.organisation.models import StaffRole

register = template.Library()


@register.simple_tag
def staff_menu(user: Any) -> dict[str, bool]:
    roles = {role for _agency, role in user_roles(user)}
    return {"reception": StaffRole.Role.RECEIVING_CLERK in roles, "supervision": is_supervisor(user)}
