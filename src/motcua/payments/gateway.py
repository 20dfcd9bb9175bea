"""The payment-gateway adapter: the pattern of the common Vietnamese gateways (VNPay, OnePay, …). The
citizen's browser is redirected to the gateway with the order's fields and a signature; the gateway
calls our notification URL server to server with the outcome's fields and a signature; the browser
comes back to the return URL. Signatures are HMAC-SHA256 (hex) over the fields sorted by name, as
``name=value`` pairs URL-encoded and joined with ``&``, empty values and the signature left out.

``MOTCUA_PAYMENT_GATEWAY=local`` (the default) points the redirect at the stand-in gateway under
/cong-thanh-toan-thu/ (portal/paygate.py), which signs with the same secret."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_plus, urlencode

from django.conf import settings

SIGNATURE = "signature"
LOCAL = "local"
LOCAL_PATH = "/cong-thanh-toan-thu/"
# The outcome codes of a notification (``code`` field): "00" is a successful payment.
PAID = "00"


def signing_text(fields: Mapping[str, str]) -> str:
    return "&".join(
        f"{quote_plus(name)}={quote_plus(str(value))}"
        for name, value in sorted(fields.items())
        if name != SIGNATURE and str(value) != ""
    )


def sign(fields: Mapping[str, str], secret: str | None = None) -> str:
    key = (secret if secret is not None else str(settings.PAYMENT_SECRET)).encode()
    return hmac.new(key, signing_text(fields).encode(), hashlib.sha256).hexdigest()


def signed(fields: Mapping[str, str], secret: str | None = None) -> dict[str, str]:
    """``fields`` with their signature added."""
    clean = {name: str(value) for name, value in fields.items() if name != SIGNATURE}
    return {**clean, SIGNATURE: sign(clean, secret)}


def signature_valid(fields: Mapping[str, str]) -> bool:
    given = str(fields.get(SIGNATURE) or "")
    return bool(given) and hmac.compare_digest(sign(fields).encode(), given.strip().lower().encode())


def amount_text(amount: Decimal) -> str:
    """Amounts travel as whole đồng (VND has no minor unit)."""
    return str(int(amount))


@dataclass(frozen=True)
class Gateway:
    name: str
    url: str
    merchant: str

    def redirect_url(self, *, reference: str, amount: Decimal, description: str, return_url: str) -> str:
        fields = {
            "merchant": self.merchant,
            "order": reference,
            "amount": amount_text(amount),
            "currency": "VND",
            "description": description,
            "return_url": return_url,
        }
        return f"{self.url}?{urlencode(signed(fields))}"


def gateway() -> Gateway:
    name = str(getattr(settings, "PAYMENT_GATEWAY", LOCAL) or LOCAL)
    url = LOCAL_PATH if name == LOCAL else str(settings.PAYMENT_GATEWAY_URL)
    return Gateway(name=name, url=url, merchant=str(settings.PAYMENT_MERCHANT))


def is_local() -> bool:
    return gateway().name == LOCAL
