"""Reads that may lag go to PostgreSQL streaming replicas; everything else stays on the primary.

The rules, in the order the router applies them:

1. Writes (and ``select_for_update``) always go to ``default``, the primary.
2. A read goes to a replica only inside ``replica_reads()`` (a context manager and a decorator the
   lag-tolerant views opt into: the public lookup, reports, dashboards, the catalogue's open data) and only
   when ``settings.DATABASE_REPLICAS`` names one (``MOTCUA_DATABASE_REPLICA_URL``).
3. Read-your-writes: a read stays on the primary while the primary is inside a transaction, after this
   request (``work_scope``) has written anything, and for ``DATABASE_REPLICA_PIN_SECONDS``
   after a browser's request wrote (``ReplicaPinMiddleware`` sets a short cookie).
4. Tables that must never be stale stay on the primary: sessions, users, permissions and staff roles, the
   audit log and API tokens (``core``), the task queue.

Without a replica configured every read goes to the primary: the alias ``replica`` then points at the
primary's database and is never used.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import ContextDecorator, contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

# Apps whose rows are read right after they are written, or whose staleness is a security matter.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "admin", "core", "django_tasks_db"})
PRIMARY_ONLY_MODELS = frozenset({"organisation.staffrole"})  # who may do what: never a moment late
PIN_COOKIE = "motcua_primary"

_replica_wanted: ContextVar[bool] = ContextVar("motcua_replica_wanted", default=False)
_wrote: ContextVar[bool] = ContextVar("motcua_wrote", default=False)
_pinned: ContextVar[bool] = ContextVar("motcua_pinned", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in getattr(settings, "DATABASE_REPLICAS", []) if alias in settings.DATABASES]


class replica_reads(ContextDecorator):  # noqa: N801 - used like contextlib's lower-case helpers
    """``with replica_reads(): ...`` or ``@replica_reads()`` on a view: reads inside may come from a replica
    (a few seconds behind at worst). Writes inside still go to the primary, and once the unit of work (the
    request, see ``work_scope``) has written anything, its reads come from the primary too."""

    def __init__(self) -> None:
        self._tokens: list[Any] = []

    def _recreate_cm(self) -> replica_reads:
        return type(self)()  # a decorated view runs in many threads at once: one state per call

    def __enter__(self) -> replica_reads:
        self._tokens.append(_replica_wanted.set(True))
        return self

    def __exit__(self, *exc: object) -> None:
        _replica_wanted.reset(self._tokens.pop())


@contextmanager
def work_scope(*, pinned: bool = False) -> Iterator[None]:
    """One unit of work — a request (``ReplicaPinMiddleware``), a task, a command — starts with nothing
    written; what it writes sends its later reads to the primary. ``pinned``: all of its reads."""
    pin, wrote = _pinned.set(pinned), _wrote.set(False)
    try:
        yield
    finally:
        _pinned.reset(pin)
        _wrote.reset(wrote)


def scope_wrote() -> bool:
    """Whether the current unit of work has written to a table a replica could serve."""
    return _wrote.get()


@contextmanager
def primary_reads() -> Iterator[None]:
    """Force reads back on the primary inside a ``replica_reads`` block (e.g. just before acting on a row)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


def _primary_only(model: Any) -> bool:
    return model is not None and (
        model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label_lower in PRIMARY_ONLY_MODELS
    )


def read_alias(model: Any = None) -> str:
    """The alias a read of ``model`` would use now (the router's rule, for callers and tests)."""
    if not _replica_wanted.get() or _pinned.get() or _wrote.get():
        return DEFAULT_DB_ALIAS
    if _primary_only(model):
        return DEFAULT_DB_ALIAS
    aliases = replica_aliases()
    if not aliases:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # inside a transaction: read what it wrote
    return aliases[0] if len(aliases) == 1 else random.choice(aliases)  # noqa: S311 - load spreading only


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: the rules above."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias(model)

    def db_for_write(self, model: Any, **hints: Any) -> str:
        if not _primary_only(model):
            _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        ours = {DEFAULT_DB_ALIAS, *replica_aliases(), "replica"}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        if db != DEFAULT_DB_ALIAS and (db == "replica" or db in replica_aliases()):
            return False  # a replica follows the primary's schema through replication
        return None


class ReplicaPinMiddleware:
    """Read-your-writes across requests: a request that wrote sets a short cookie, and the same browser's
    requests carrying it read from the primary until it expires (the redirect after a POST, a payment's
    return page). Each request starts with a clean slate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with work_scope(pinned=PIN_COOKIE in request.COOKIES):
            response = self.get_response(request)
            if scope_wrote() and replica_aliases():
                seconds = int(getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", 5))
                response.set_cookie(
                    PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax", secure=request.is_secure()
                )
            return response
