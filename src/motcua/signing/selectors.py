"""Reads of the signing app: which key signs for an agency, which roots a signer must chain to."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from motcua.organisation.models import Agency
from motcua.signing.models import SigningKey


def signing_key_for_agency(agency: Agency | None) -> SigningKey | None:
    """The active key of ``agency``, else of its nearest ancestor that has one, else the centre's default
    (a key without agency); None when nothing is configured (results stay unsigned)."""
    seen: set[int] = set()
    current = agency
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        key = SigningKey.objects.filter(agency=current, active=True).order_by("-id").first()
        if key is not None:
            return key
        current = current.parent
    return SigningKey.objects.filter(agency__isnull=True, active=True).order_by("-id").first()


def trust_root_paths() -> list[Path]:
    """The configured trust roots: MOTCUA_SIGNING_TRUST_ROOTS and the files in MOTCUA_HOME/signing/trust/."""
    paths = [Path(p) for p in getattr(settings, "SIGNING_TRUST_ROOTS", [])]
    folder = Path(getattr(settings, "SIGNING_TRUST_DIR", settings.HOME / "signing" / "trust"))
    if folder.is_dir():
        paths += sorted(p for p in folder.iterdir() if p.suffix.lower() in {".pem", ".crt", ".cer", ".der"})
    return paths
