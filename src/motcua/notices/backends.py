"""Where notices go. Each backend's ``send(notice)`` returns an Outcome: accepted (with the provider's
message id), retry (a temporary failure: try again later) or failed (for good, with the reason).

SMS: the generic HTTP gateway when MOTCUA_SMS_GATEWAY_URL is set (contract in docs/api.md), the console
otherwise. E-mail: Django's mail (SMTP when MOTCUA_EMAIL_HOST is set, the console otherwise)."""

from __future__ import annotations

import http.client
import json
import logging
import smtplib
import threading
from dataclasses import dataclass
from typing import Protocol
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


class HttpSmsGateway:
    """POST {base}/messages with JSON {id, to, text, sender}. 2xx: accepted ({"message_id"}); 4xx: failed
    for good with the reason; 5xx, a timeout or a refused connection: retry. One keep-alive connection
    per thread."""

    def __init__(self, base_url: str, sender: str, timeout: float) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.path = (parts.path or "") + "/messages"
        self.sender = sender
        self.timeout = timeout
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

    def post(self, payload: dict[str, str]) -> tuple[int, bytes]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        for again in (True, False):  # a kept-alive connection the server closed meanwhile: reconnect once
            conn = self._connection()
            try:
                conn.request("POST", self.path, body=body, headers=headers)
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


_gateways: dict[tuple[str, str, float], HttpSmsGateway] = {}


def backend_for(channel: str) -> Backend:
    if channel == NoticeChannel.EMAIL:
        return DjangoEmail()
    if settings.SMS_GATEWAY_URL:
        key = (settings.SMS_GATEWAY_URL, settings.SMS_SENDER, float(settings.SMS_GATEWAY_TIMEOUT))
        if key not in _gateways:
            _gateways[key] = HttpSmsGateway(*key)
        return _gateways[key]
    return ConsoleBackend()
