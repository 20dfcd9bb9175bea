"""Open a configured SigningKey as a pyHanko signer. The passphrase or PIN is read from the environment
variable the key names, at the moment of signing; it is never stored or logged."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from pyhanko.sign import signers

from motcua.signing.models import SigningKey


class KeyUnavailable(RuntimeError):
    """The key cannot be opened (file missing, secret not set, wrong passphrase, token absent)."""


def _secret(key: SigningKey) -> str | None:
    if not key.secret_env:
        return None
    value = os.environ.get(key.secret_env)
    if value is None:
        raise KeyUnavailable(
            _("The environment variable %(name)s holding the secret of signing key %(label)s is not set.")
            % {"name": key.secret_env, "label": key.label}
        )
    return value


def signer_open(key: SigningKey) -> signers.Signer:
    """A pyHanko signer for ``key``. Raises KeyUnavailable with a translated reason."""
    secret = _secret(key)
    if key.kind == SigningKey.Kind.PKCS11:
        return _pkcs11_signer(key, secret)
    path = Path(key.path)
    if not path.is_file():
        raise KeyUnavailable(_("The key file of signing key %(label)s is missing.") % {"label": key.label})
    try:
        signer: signers.Signer | None = signers.SimpleSigner.load_pkcs12_data(
            path.read_bytes(), [], passphrase=secret.encode() if secret is not None else None
        )
    except Exception as exc:
        raise KeyUnavailable(
            _("Signing key %(label)s could not be opened (wrong passphrase or not a PKCS#12 file).")
            % {"label": key.label}
        ) from exc
    if signer is None:
        raise KeyUnavailable(_("Signing key %(label)s could not be opened.") % {"label": key.label})
    return signer


def _pkcs11_signer(key: SigningKey, pin: str | None) -> Any:
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11
    except ImportError as exc:  # python-pkcs11 (pyHanko's "pkcs11" extra) is not installed
        raise KeyUnavailable(_("PKCS#11 support is not installed on this server.")) from exc
    try:
        session = pkcs11.open_pkcs11_session(
            key.path, token_criteria=TokenCriteria(label=key.token_label or None), user_pin=pin
        )
        return pkcs11.PKCS11Signer(session, key_label=key.key_label or None, cert_label=key.key_label or None)
    except Exception as exc:
        raise KeyUnavailable(
            _("The token of signing key %(label)s could not be opened.") % {"label": key.label}
        ) from exc
