"""API bearer tokens: only the SHA-256 digest is stored, the token itself is shown once. A token can
be revoked (``motcua api-token --revoke``, or the admin's "revoke" action) and may expire."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.core.audit import audit_log
from motcua.core.models import ApiToken

# last_used_at is written at most this often per token, so a busy integration does not turn every
# request into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: Any, actor: Any = None, expires_in: dt.timedelta | None = None) -> str:
    """Create a token for ``user`` (valid for ``expires_in`` when given) and return it; it cannot be
    shown again."""
    token = "mc_" + secrets.token_urlsafe(32)
    expires_at = timezone.now() + expires_in if expires_in is not None else None
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:8], expires_at=expires_at)
        audit_log(
            action="api_token.created",
            actor=actor,
            obj=row,
            user=user.get_username(),
            expires_at=expires_at.isoformat() if expires_at else None,
        )
    return token


def api_token_revoke(*, token: ApiToken, actor: Any = None) -> bool:
    """Revoke ``token`` from now on; False when it was already revoked."""
    with transaction.atomic():
        now = timezone.now()
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed:
            token.revoked_at = now
            audit_log(action="api_token.revoked", actor=actor, obj=token, prefix=token.prefix)
    return bool(changed)


def api_token_find(reference: str) -> list[ApiToken]:
    """The tokens ``reference`` names: a numeric id, or the shown prefix (``mc_AbCde``, possibly with
    the trailing "…"). More than one row means the prefix is ambiguous."""
    reference = reference.strip().rstrip("…")
    if not reference:
        return []
    rows = ApiToken.objects.select_related("user")
    if reference.isdigit():
        return list(rows.filter(pk=int(reference)))
    return list(rows.filter(prefix=reference[:8]).order_by("id"))


def api_token_user(token: str) -> Any | None:
    """The active user a token belongs to, or None (unknown, revoked or expired token)."""
    now = timezone.now()
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if row is None:
        return None
    stale = now - LAST_USED_RESOLUTION
    if row.last_used_at is None or row.last_used_at < stale:
        # Conditional, so concurrent requests in the same minute write once.
        ApiToken.objects.filter(pk=row.pk).filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)).update(
            last_used_at=now
        )
    return row.user
