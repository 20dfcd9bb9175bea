"""System checks of our own, shown by ``motcua check --deploy``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Login throttling and lookup limits count in the default cache: a per-process cache gives every
    worker its own counters (and a restart forgets them)."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The cache is local to each process: login throttling and the public lookup limits are counted "
            "separately by every worker and forgotten on restart.",
            hint="Set MOTCUA_CACHE_URL=redis://127.0.0.1:6379/1 (a Redis server shared by all workers).",
            id="motcua.W001",
        )
    ]
