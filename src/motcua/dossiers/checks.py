"""System checks on the dossier code format (``MOTCUA_DOSSIER_CODE_FORMAT``): a format that cannot be
filled, that has no running number, or whose codes do not fit the column stops the server at start-up
instead of failing on the first reception."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_dossier_code_format(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from motcua.dossiers.models import Dossier
    from motcua.organisation.models import IDENTIFIER_MAX_LENGTH

    longest = Dossier._meta.get_field("code").max_length or 0
    pattern = str(getattr(settings, "DOSSIER_CODE_FORMAT", ""))
    hint = "Example: {agency}-{day:%y%m%d}-{number:04d}; the fields are agency, day and number."
    try:
        sample = pattern.format(agency="X" * IDENTIFIER_MAX_LENGTH, day=dt.date(2026, 12, 31), number=99_999)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        return [checks.Error(f"MOTCUA_DOSSIER_CODE_FORMAT cannot be filled: {exc!r}.", hint=hint, id="motcua.E101")]
    if "{number" not in pattern:
        return [
            checks.Error(
                "MOTCUA_DOSSIER_CODE_FORMAT has no {number}: two dossiers would get the same code.",
                hint=hint,
                id="motcua.E102",
            )
        ]
    if len(sample) > longest:
        return [
            checks.Error(
                f"MOTCUA_DOSSIER_CODE_FORMAT makes codes of {len(sample)} characters; at most {longest} fit.",
                hint=hint,
                id="motcua.E103",
            )
        ]
    return []
