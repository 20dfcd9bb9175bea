"""Staff login with throttling of failed attempts (per user name and per client address)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return str(request.META.get("REMOTE_ADDR", "-"))


def _keys(request: HttpRequest | None, username: str) -> list[str]:
    return [f"login-fail:user:{username.lower()}", f"login-fail:ip:{client_ip(request)}"]


class ThrottledLoginForm(AuthenticationForm):
    """Refuses further attempts for 15 minutes after 5 failures for the same user name or address."""

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        keys = _keys(self.request, username)
        if any(int(cache.get(key, 0)) >= MAX_FAILURES for key in keys):
            raise forms.ValidationError(_("Too many failed attempts. Wait 15 minutes and try again."), code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                cache.add(key, 0, WINDOW_SECONDS)
                cache.incr(key)
            raise
