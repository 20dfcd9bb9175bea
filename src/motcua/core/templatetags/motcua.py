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


@register.filter
def money(amount: Any, currency: str = "VND") -> str:
    """``{{ fee|money:"VND" }}``: "8.000 đồng" on Vietnamese pages, "8,000 VND" on English ones."""
    from motcua.core.formats import money as write_money

    return write_money(amount, currency)


@register.filter
def phone(value: str | None) -> str:
    """``{{ dossier.applicant_phone|phone }}``: +84912345678 → "0912 345 678"."""
    from motcua.core.formats import phone as write_phone

    return write_phone(value)


@register.filter
def working_time(minutes: int | None) -> str:
    """``{{ task.budget_minutes|working_time }}``: 90 → "1 giờ 30 phút" / "1 h 30 min"."""
    from motcua.core.formats import working_time as write_working_time

    return write_working_time(minutes)
