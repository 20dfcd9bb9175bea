"""Template help of the guidance and survey pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or None (counts per answer, labels per channel)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
