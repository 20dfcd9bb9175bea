from __future__ import annotations

from typing import Any

from django.db import models

from motcua.core.models import AuditLog


def audit_log(*, action: str, actor: Any = None, obj: models.Model | None = None, **data: Any) -> AuditLog:
    """Append one entry to the audit log. ``action`` is a stable dotted type such as
    ``procedure.imported``."""
    return AuditLog.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )
