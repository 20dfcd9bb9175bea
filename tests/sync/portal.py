"""A stand-in national portal (http.server in a thread): POST {"source", "events"} batches, failing a
share of requests with 503 before reading them, or down (connection refused). Like the real portal it
de-duplicates by event id; ``acks`` counts accepted copies of each id (more than one: a duplicate the
system sent after the portal had accepted it)."""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Portal:
    def __init__(self, fail_rate: float = 0.0, seed: int = 11) -> None:
        self.fail_rate = fail_rate
        self.status: int | None = None
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.batches: list[dict[str, Any]] = []
        self.failures = 0
        self.acks: Counter[str] = Counter()
        self.events: dict[str, dict[str, Any]] = {}
        self.headers: list[dict[str, str]] = []
        self.port = 0
        self.server: ThreadingHTTPServer | None = None
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/dong-bo"

    def up(self) -> None:
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = portal.answer(self.path, dict(self.headers), json.loads(body))
                data = b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    def close(self) -> None:
        if self.server is not None:
            self.down()

    def answer(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> int:
        with self.lock:
            self.headers.append(headers)
            if path != "/api/dong-bo" or not isinstance(body.get("events"), list):
                return 400
            if self.status is not None:
                return self.status
            if self.fail_rate and self.random.random() < self.fail_rate:
                self.failures += 1
                return 503
            self.batches.append(body)
            for event in body["events"]:
                self.acks[event["id"]] += 1
                self.events.setdefault(event["id"], event)
            return 200
