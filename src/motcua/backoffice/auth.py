"""Staff login (back office and Django admin) with throttling of failed attempts.

Failures are counted per (user name, client) and, more loosely, per client (``core.ratelimit``: the
client address honours ``TRUSTED_PROXY_COUNT``, an IPv6 client is its /64):

- after ``FREE_FAILURES`` failures for one user name from one client, that pair waits 2^k seconds after
  its k-th failure (32 s, 64 s, … at most ``MAX_WAIT_SECONDS``) before the next attempt;
- a client with ``CLIENT_FAILURES`` failures (any user names) in ``CLIENT_WINDOW_SECONDS`` waits for the
  window to end.

Nothing is counted per user name alone: guessing a director's password from one place never locks the
director out, and the right password from another client is always checked. Attempts are counted before
the password is checked (atomic increments), so parallel requests cannot multiply the guesses."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from motcua.core.ratelimit import client_key, digest, hit, release

FREE_FAILURES = 5
MAX_WAIT_SECONDS = 15 * 60
PAIR_WINDOW_SECONDS = 24 * 60 * 60
CLIENT_FAILURES = 30
CLIENT_WINDOW_SECONDS = 15 * 60


def wait_after(failures: int) -> int:
    """Seconds a (user name, client) pair waits after its ``failures``-th failure."""
    if failures < FREE_FAILURES:
        return 0
    return min(2**failures, MAX_WAIT_SECONDS)


def throttle_keys(request: HttpRequest | None, username: str) -> tuple[str, str, str]:
    """The cache keys (pair failures, pair wait, client failures) for a login attempt."""
    client = client_key(request) if request is not None else "-"
    name = unicodedata.normalize("NFKC", username).strip().casefold()
    pair = digest(f"{name}\n{client}")
    return f"login:fail:{pair}", f"login:wait:{pair}", f"login:client:{client}"


class ThrottledMixin:
    """Throttles ``clean()`` of an AuthenticationForm (see the module's docstring)."""

    request: HttpRequest | None

    def _throttled(self) -> forms.ValidationError:
        return forms.ValidationError(_("Too many failed attempts. Wait a few minutes and try again."), code="throttled")

    def clean(self) -> dict[str, Any]:
        cleaned_data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        if not cleaned_data.get("username") or not cleaned_data.get("password"):
            return super().clean()  # type: ignore[misc]  # no password checked: nothing to count
        failures_key, wait_key, client_failures_key = throttle_keys(self.request, str(cleaned_data["username"]))
        if cache.get(wait_key) is not None:
            raise self._throttled()
        if hit(client_failures_key, CLIENT_WINDOW_SECONDS) > CLIENT_FAILURES:
            release(client_failures_key)
            raise self._throttled()
        failures = hit(failures_key, PAIR_WINDOW_SECONDS)
        # Past the free failures, one attempt at a time: the wait key is taken by this attempt (and
        # renewed if it fails), so parallel attempts of the same pair are refused.
        if failures > FREE_FAILURES and not cache.add(wait_key, 1, timeout=wait_after(failures - 1)):
            release(failures_key)
            release(client_failures_key)
            raise self._throttled()
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            if failures >= FREE_FAILURES:
                cache.set(wait_key, 1, timeout=wait_after(failures))
            raise
        release(client_failures_key)
        cache.delete_many([failures_key, wait_key])
        return cleaned


class ThrottledLoginForm(ThrottledMixin, AuthenticationForm):
    """The back office's login form."""


class ThrottledAdminLoginForm(ThrottledMixin, AdminAuthenticationForm):
    """The Django admin's login form (``admin.site.login_form``): staff accounts only, same throttling."""
