"""Where notices go. Each backend's ``send(notice)`` returns an Outcome: accepted (with the provider's
message id), retry (a temporary failure: try again later) or failed (for good, with the reason).

SMS: the generic HTTP gateway when MOTCUA_SMS_GATEWAY_URL is set (contract in docs/api.md), the console
otherwise. Zalo: the ZNS adapter when MOTCUA_ZALO_ZNS_URL is set, the console otherwise. E-mail: Django's
mail (SMTP when MOTCUA_EMAIL_HOST is set, the console otherwise)."""

from __future__ import annotations

import http.client
import json
import logging
import smtplib
import threading
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from motcua.notices.models import Notice, NoticeChannel

log = logging.getLogger("motcua.notices")


@dataclass(frozen=True)
class Outcome:
    kind: str  # "accepted", "retry", "failed"
    message_id: str = ""
    reason: str = ""

    @classmethod
    def accepted(cls, message_id: str) -> Outcome:
        return cls("accepted", message_id=message_id)

    @classmethod
    def retry(cls, reason: str) -> Outcome:
        return cls("retry", reason=reason[:500])

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls("failed", reason=reason[:500])


class Backend(Protocol):
    def send(self, notice: Notice) -> Outcome: ...


class ConsoleBackend:
    """Prints the notice (development, demo): always accepted."""

    def send(self, notice: Notice) -> Outcome:
        print(f"[{notice.channel} {notice.uuid}] to {notice.recipient}: {notice.subject} {notice.text}", flush=True)
        return Outcome.accepted(f"console-{notice.uuid}")


class JsonPoster:
    """POSTs JSON to one URL over one keep-alive connection per thread (the HTTP backends' transport)."""

    def __init__(self, url: str, timeout: float, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        self.headers.update(headers or {})
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = cls(self.host, self.port, timeout=self.timeout)
            self._local.conn = conn
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def post(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        for again in (True, False):  # a kept-alive connection the server closed meanwhile: reconnect once
            conn = self._connection()
            try:
                conn.request("POST", self.path, body=body, headers=self.headers)
                response = conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self._drop()
                return response.status, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop()
                if not again:
                    raise
            except BaseException:
                self._drop()
                raise
        raise AssertionError("unreachable")


def _json_field(data: bytes, *path: str) -> Any:
    """``data`` parsed as JSON and walked along ``path``; None when it is not JSON or lacks the field."""
    try:
        value: Any = json.loads(data.decode("utf-8", "replace"))
        for key in path:
            value = value.get(key)
    except (ValueError, AttributeError):
        return None
    return value


class HttpSmsGateway(JsonPoster):
    """POST {base}/messages with JSON {id, to, text, sender}. 2xx: accepted ({"message_id"}); 4xx: failed
    for good with the reason; 5xx, a timeout or a refused connection: retry. One keep-alive connection
    per thread."""

    def __init__(self, base_url: str, sender: str, timeout: float) -> None:
        super().__init__(base_url.rstrip("/") + "/messages", timeout)
        self.sender = sender

    def send(self, notice: Notice) -> Outcome:
        payload = {"id": str(notice.uuid), "to": notice.recipient, "text": notice.text, "sender": self.sender}
        try:
            status, data = self.post(payload)
        except (OSError, http.client.HTTPException) as exc:  # refused, timeout, reset
            return Outcome.retry(f"gateway unreachable: {exc.__class__.__name__}: {exc}")
        text = data.decode("utf-8", "replace")
        if 200 <= status < 300:
            try:
                message_id = str(json.loads(text).get("message_id") or "")
            except (ValueError, AttributeError):
                message_id = ""
            return Outcome.accepted(message_id)
        if 400 <= status < 500:
            try:
                reason = str(json.loads(text).get("error") or text)
            except (ValueError, AttributeError):
                reason = text
            return Outcome.failed(f"HTTP {status}: {reason.strip()}")
        return Outcome.retry(f"HTTP {status}")


class DjangoEmail:
    """One EmailMessage per notice; its Message-ID is the notice's idempotency id, so a message sent
    twice after a crash is recognisably the same message."""

    def send(self, notice: Notice) -> Outcome:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "motcua"
        message_id = f"<{notice.uuid}@{domain}>"
        message = EmailMessage(
            subject=notice.subject, body=notice.text, to=[notice.recipient], headers={"Message-ID": message_id}
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            return Outcome.failed(f"recipient refused: {exc.recipients}")
        except smtplib.SMTPResponseException as exc:
            reason = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
            return Outcome.failed(reason) if 500 <= exc.smtp_code < 600 else Outcome.retry(reason)
        except (smtplib.SMTPException, OSError) as exc:  # OSError covers timeouts
            return Outcome.retry(f"SMTP unreachable: {exc.__class__.__name__}: {exc}")
        return Outcome.accepted(message_id)


class ZaloZns(JsonPoster):
    """Zalo ZNS, on the SMS gateway's pattern: POST {MOTCUA_ZALO_ZNS_URL} with the header ``access_token``
    and JSON {phone (84…, no plus), template_id, template_data, tracking_id (the notice's idempotency id)}.
    2xx with ``"error": 0`` (or none): accepted (``data.msg_id``); 2xx with another error code or a 4xx:
    failed for good with Zalo's message; 5xx, a timeout or a refused connection: retry."""

    def __init__(self, url: str, access_token: str, timeout: float) -> None:
        super().__init__(url, timeout, headers={"access_token": access_token})

    def send(self, notice: Notice) -> Outcome:
        template_id = str(notice.params.get("template_id") or "")
        if not template_id:
            return Outcome.failed("no Zalo template for this event")
        payload = {
            "phone": notice.recipient.removeprefix("+"),
            "template_id": template_id,
            "template_data": notice.params.get("template_data") or {},
            "tracking_id": str(notice.uuid),
        }
        try:
            status, data = self.post(payload)
        except (OSError, http.client.HTTPException) as exc:  # refused, timeout, reset
            return Outcome.retry(f"Zalo unreachable: {exc.__class__.__name__}: {exc}")
        message = str(_json_field(data, "message") or data.decode("utf-8", "replace")).strip()
        if 200 <= status < 300:
            error = _json_field(data, "error")
            if error in (None, 0, "0"):
                return Outcome.accepted(str(_json_field(data, "data", "msg_id") or ""))
            return Outcome.failed(f"Zalo error {error}: {message}")
        if 400 <= status < 500:
            return Outcome.failed(f"HTTP {status}: {message}")
        return Outcome.retry(f"HTTP {status}")


_gateways: dict[tuple[str, str, float], JsonPoster] = {}


def _gateway(cls: type[HttpSmsGateway] | type[ZaloZns], *key: Any) -> Backend:
    full = (cls.__name__, *key)
    if full not in _gateways:
        _gateways[full] = cls(*key)
    return _gateways[full]  # type: ignore[return-value]


def backend_for(channel: str) -> Backend:
    if channel == NoticeChannel.EMAIL:
        return DjangoEmail()
    if channel == NoticeChannel.ZALO:
        if settings.ZALO_ZNS_URL:
            return _gateway(
                ZaloZns, settings.ZALO_ZNS_URL, settings.ZALO_ZNS_ACCESS_TOKEN, float(settings.ZALO_ZNS_TIMEOUT)
            )
        return ConsoleBackend()
    if settings.SMS_GATEWAY_URL:
        return _gateway(
            HttpSmsGateway, settings.SMS_GATEWAY_URL, settings.SMS_SENDER, float(settings.SMS_GATEWAY_TIMEOUT)
        )
    return ConsoleBackend()
