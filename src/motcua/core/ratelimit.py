"""Counting failed attempts in the cache (LocMem by default, Redis in production), for the public
lookup and similar guessable endpoints, and the bytes of scans an anonymous client parks per day."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

FAILURE_WINDOW_SECONDS = 10 * 60
FAILURES_PER_CLIENT = 10
FAILURES_PER_CODE = 5


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind N trusted reverse proxies set ``TRUSTED_PROXY_COUNT = N`` so the
    address is read from X-Forwarded-For; otherwise all clients would share the proxy's address."""
    hops: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def limit_keys(request: HttpRequest, code: str) -> dict[str, int]:
    digest = hashlib.sha256(code.encode()).hexdigest()[:32]
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return {f"lookup:ip:{address}": FAILURES_PER_CLIENT, f"lookup:code:{digest}": FAILURES_PER_CODE}


def over_limit(keys: dict[str, int]) -> bool:
    counts = cache.get_many(list(keys))
    return any(int(counts.get(key, 0)) >= limit for key, limit in keys.items())


def count_failure(keys: dict[str, int]) -> None:
    for key in keys:
        cache.add(key, 0, timeout=FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=FAILURE_WINDOW_SECONDS)


# --- bytes of anonymous uploads parked per client address and day ----------------------------------

UPLOAD_QUOTA_TIMEOUT = 25 * 60 * 60  # a day's key outlives the day


def _upload_quota_key(request: HttpRequest) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"upload:bytes:{address}:{timezone.localdate().isoformat()}"


def upload_quota_left(request: HttpRequest) -> int:
    """How many more bytes of scans this client address may park today (``UPLOAD_DAILY_BYTES_PER_CLIENT``;
    shared by everyone behind one address, so generous: a centre's kiosks all count here)."""
    quota: int = getattr(settings, "UPLOAD_DAILY_BYTES_PER_CLIENT", 200 * 1024 * 1024)
    return quota - int(cache.get(_upload_quota_key(request), 0))


def upload_quota_use(request: HttpRequest, size: int) -> None:
    key = _upload_quota_key(request)
    cache.add(key, 0, timeout=UPLOAD_QUOTA_TIMEOUT)
    try:
        cache.incr(key, size)
    except ValueError:  # expired between add and incr
        cache.set(key, size, timeout=UPLOAD_QUOTA_TIMEOUT)
