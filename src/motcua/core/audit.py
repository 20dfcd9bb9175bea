from __future__ import annotations

from typing import Any

from django.db import models

from motcua.core.models import AuditLog


def audit_log(*, action: str, actor: Any = None, obj: models.Model | None = None, **data: Any) -> AuditLog:
    """Append one entry to the audit log. ``action`` is a stable dotted type such as
    ``procedure.imported``."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLog.objects.create(
        action=action,
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


def audit_read(*, action: str, actor: Any, obj: models.Model | None = None, **data: Any) -> AuditLog:
    """Record that ``actor`` read personal data: who, what (``obj`` and ``data``), when. ``action`` is a
    dotted type such as ``dossier.viewed``, ``document.downloaded``, ``slip.downloaded`` or
    ``dossier.searched``. Call it once the read is allowed, before the data leaves the server."""
    return audit_log(action=action, actor=actor, obj=obj, **data)
