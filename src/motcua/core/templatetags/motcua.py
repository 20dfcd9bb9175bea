from typing import Any

from django import template

register = template.Library()


@register.filter
def person_name(user: Any) -> str:
    """A person's name in Vietnamese order (family name first): "Nguyễn Thị Lan", else the user name."""
    if user is None:
        return ""
    full = f"{getattr(user, 'last_name', '')} {getattr(user, 'first_name', '')}".strip()
    return full or str(getattr(user, "username", ""))
