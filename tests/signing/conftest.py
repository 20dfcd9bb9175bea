"""A certificate authority made at run time (no key is committed) and a configured signing key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from motcua.signing.ca import CaFiles, ca_create
from motcua.signing.models import SigningKey

PASSPHRASE_ENV = "MOTCUA_TEST_SIGNING_PASSPHRASE"


@pytest.fixture(scope="session")
def ca_dir(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return ca_create(tmp_path_factory.mktemp("ca"), signer_name="Sở Tư pháp tỉnh Quảng Ninh", passphrase=b"s3cret-pass")


@pytest.fixture(autouse=True)
def _signing_settings(settings: Any, tmp_path: Path, ca_dir: CaFiles, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_TRUST_ROOTS = [str(ca_dir.ca_pem)]
    settings.SIGNING_TRUST_DIR = tmp_path / "no-trust-dir"
    settings.PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    monkeypatch.setenv(PASSPHRASE_ENV, "s3cret-pass")
    cache.clear()


def make_key(ca: CaFiles, agency: Any = None, **fields: Any) -> SigningKey:
    values: dict[str, Any] = {
        "agency": agency,
        "label": "Khóa thử",
        "kind": SigningKey.Kind.PKCS12,
        "path": str(ca.p12),
        "secret_env": PASSPHRASE_ENV,
        "signer_name": "Phạm Thị Hoa",
    }
    values.update(fields)
    return SigningKey.objects.create(**values)
