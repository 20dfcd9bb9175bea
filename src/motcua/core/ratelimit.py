"""Counting attempts in the cache, for the staff login, the public lookup and similar guessable
endpoints, and the bytes of scans an anonymous client parks per day.

The counters live in Django's default cache: in-process (LocMem) unless ``MOTCUA_CACHE_URL`` names a
Redis server, so with several workers each one counts on its own until Redis is configured (the
``motcua.W001`` deploy check says so). An attempt is counted *before* it is checked, with an atomic
increment (``cache.add`` + ``cache.incr``), so parallel requests cannot all pass a check made before any
of them counted; a successful attempt gives its count back (``release``)."""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

FAILURE_WINDOW_SECONDS = 10 * 60
FAILURES_PER_CLIENT = 10


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind N trusted reverse proxies set ``TRUSTED_PROXY_COUNT = N`` so the
    address is read from X-Forwarded-For; otherwise all clients would share the proxy's address."""
    hops: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_network(address: str) -> str:
    """The unit a client is counted as: an IPv4 address, or the /64 network of an IPv6 address (one
    subscriber usually holds a whole /64 and can pick any address in it)."""
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def client_key(request: HttpRequest) -> str:
    """A short, stable digest of the client's network (``client_network(client_address(request))``)."""
    return digest(client_network(client_address(request)))


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def hit(key: str, timeout: int) -> int:
    """Count one attempt under ``key`` and return the new count, atomically: of N parallel callers each
    gets a different number. The window starts with the first attempt (``timeout`` seconds)."""
    for _ in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired (or evicted) between add and incr: start again
            continue
    return 1


def release(key: str) -> None:
    """Give back an attempt counted by ``hit`` (it succeeded, or it was refused before being tried)."""
    try:
        cache.decr(key)
    except ValueError:  # the window ended meanwhile
        pass


def lookup_key(request: HttpRequest) -> str:
    return f"lookup:client:{client_key(request)}"


def lookup_begin(request: HttpRequest) -> str | None:
    """Reserve one public-lookup attempt for this client: the key to ``release`` when the attempt
    succeeds, or None when the client used up its ``FAILURES_PER_CLIENT`` failures in the window.

    The limit is per client only, never per dossier code: a per-code limit would let anyone lock the
    real applicant out of their own dossier."""
    key = lookup_key(request)
    if hit(key, FAILURE_WINDOW_SECONDS) > FAILURES_PER_CLIENT:
        release(key)
        return None
    return key


# --- bytes of anonymous uploads parked per client address and day ----------------------------------

UPLOAD_QUOTA_TIMEOUT = 25 * 60 * 60  # a day's key outlives the day


def _upload_quota_key(request: HttpRequest) -> str:
    return f"upload:bytes:{client_key(request)}:{timezone.localdate().isoformat()}"


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
