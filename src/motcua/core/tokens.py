from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.utils import timezone

from motcua.core.audit import audit_log
from motcua.core.models import ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: Any, actor: Any = None) -> str:
    """Create a token for ``user`` and return it; it cannot be shown again."""
    token = "mc_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, digest=_digest(token), prefix=token[:8])
    audit_log(action="api_token.created", actor=actor, obj=row, user=user.get_username())
    return token


def api_token_user(token: str) -> Any | None:
    """The active user a token belongs to, or None."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user
