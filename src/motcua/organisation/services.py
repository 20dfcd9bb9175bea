"""Writes of the organisation tree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.audit import audit_log
from motcua.core.text import squash
from motcua.organisation.models import Agency


@transaction.atomic
def agency_import(
    *, identifier: str, name: str, kind: str, level: str, parent_identifier: str = "", actor: Any = None
) -> tuple[Agency, str]:
    """Create or update the agency ``identifier`` (idempotent): ``(agency, "created" | "updated" |
    "unchanged")``. The parent must exist already (import parents first)."""
    identifier = squash(identifier)
    if kind not in Agency.Kind.values:
        raise ValidationError({"kind": [_("Unknown agency kind %(value)s.") % {"value": kind}]})
    if level not in Agency.Level.values:
        raise ValidationError({"level": [_("Unknown level %(value)s.") % {"value": level}]})
    parent = None
    if squash(parent_identifier):
        parent = Agency.objects.filter(identifier=squash(parent_identifier)).first()
        if parent is None:
            raise ValidationError(
                {"parent_identifier": [_("Unknown parent agency %(value)s.") % {"value": parent_identifier}]}
            )
    values = {"name": squash(name)[:255], "kind": kind, "level": level, "parent": parent}
    if not values["name"]:
        raise ValidationError({"name": [_("The agency has no name.")]})
    agency = Agency.objects.select_for_update().filter(identifier=identifier).first()
    if agency is None:
        agency = Agency(identifier=identifier, **values)
        agency.full_clean()
        agency.save()
        audit_log(action="agency.imported", actor=actor, obj=agency, identifier=identifier)
        return agency, "created"
    changed = {k: v for k, v in values.items() if getattr(agency, k) != v}
    if not changed:
        return agency, "unchanged"
    if parent is not None and parent.pk == agency.pk:
        raise ValidationError({"parent_identifier": [_("An agency cannot be its own parent.")]})
    for k, v in changed.items():
        setattr(agency, k, v)
    agency.full_clean()
    agency.save()
    audit_log(action="agency.import_updated", actor=actor, obj=agency, fields=sorted(changed))
    return agency, "updated"
