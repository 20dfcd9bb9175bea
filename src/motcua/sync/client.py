"""The national portal's endpoint (MOTCUA_NATIONAL_SYNC_URL): POST a JSON batch {"source", "events": [...]}.
2xx: accepted; 4xx: refused for good (the reason kept); 5xx, a timeout or a refused connection: retry.
The portal de-duplicates by each event's ``id`` (stable across attempts and catch-ups). One keep-alive
connection per thread."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings


@dataclass(frozen=True)
class Outcome:
    kind: str  # "accepted", "retry", "failed"
    reason: str = ""


class NationalPortal:
    def __init__(self, url: str, token: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or (443 if self.https else 80)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection | None = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = cls(self.host, self.port, timeout=self.timeout)
            conn.connect()
            # Headers and body go out in separate writes: without this, Nagle + delayed ACK cost 40 ms a batch.
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._local.conn = conn
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
        self._local.conn = None

    def _post(self, body: bytes) -> tuple[int, bytes]:
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

    def send(self, events: list[dict[str, Any]]) -> Outcome:
        body = json.dumps({"source": settings.NATIONAL_SYNC_SOURCE, "events": events}, ensure_ascii=False)
        try:
            status, data = self._post(body.encode())
        except (OSError, http.client.HTTPException) as exc:
            return Outcome("retry", f"portal unreachable: {exc.__class__.__name__}: {exc}"[:500])
        if 200 <= status < 300:
            return Outcome("accepted")
        text = data.decode("utf-8", "replace").strip()
        if 400 <= status < 500:
            return Outcome("failed", f"HTTP {status}: {text}"[:500])
        return Outcome("retry", f"HTTP {status}")


_clients: dict[tuple[str, str, float], NationalPortal] = {}


def portal() -> NationalPortal | None:
    """The configured endpoint, or None when synchronisation is off (MOTCUA_NATIONAL_SYNC_URL empty)."""
    url = settings.NATIONAL_SYNC_URL
    if not url:
        return None
    key = (url, settings.NATIONAL_SYNC_TOKEN, float(settings.NATIONAL_SYNC_TIMEOUT))
    if key not in _clients:
        _clients[key] = NationalPortal(*key)
    return _clients[key]
