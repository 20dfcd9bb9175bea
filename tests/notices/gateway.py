"""A real local SMS gateway (http.server in a thread) speaking the generic contract of docs/api.md, with
faults on demand: a share of requests answered 503, down (connection refused) for a while, a fixed status.
``acks`` counts the 2xx answers per notice id: more than one means the system posted a notice again after
the gateway had accepted it (a duplicate). Like a real gateway it also de-duplicates by id: a repeated id is
answered with the first message id and not sent to the phone again (``messages``)."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Gateway:
    def __init__(self, fail_rate: float = 0.0, seed: int = 7) -> None:
        self.fail_rate = fail_rate
        self.status: int | None = None  # answer every request with this status
        self.delay = 0.0  # seconds each request takes
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.acks: Counter[str] = Counter()  # id → 2xx answers (duplicates: > 1)
        self.messages: dict[str, str] = {}  # id → message id (what a real gateway sends once)
        self.port = 0
        self.server: ThreadingHTTPServer | None = None
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def up(self) -> None:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave in two writes: no delayed-ACK stall

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, answer = gateway.answer(self.path, body, dict(self.headers))
                data = json.dumps(answer).encode()
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

    def answer(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.requests.append(body)
            if path != "/messages" or not {"id", "to", "text", "sender"} <= set(body):
                return 400, {"error": "bad request"}
            if self.status is not None:
                return self.status, {"error": "status forced by the test"}
            if self.fail_rate and self.random.random() < self.fail_rate:
                return 503, {"error": "try later"}
            self.acks[body["id"]] += 1
            if body["id"] not in self.messages:  # a retry of an accepted message is not sent again
                self.messages[body["id"]] = f"m-{len(self.messages) + 1}"
            return 200, {"message_id": self.messages[body["id"]]}

    def duplicates(self) -> int:
        return sum(count - 1 for count in self.acks.values() if count > 1)

    def close(self) -> None:
        if self.server is not None:
            self.down()


class ZaloGateway(Gateway):
    """A stand-in for Zalo ZNS at ``{url}/message/template``: checks the ``access_token`` header (a wrong
    one: HTTP 200 with error -124, like Zalo), answers ``{"error": 0, "data": {"msg_id"}}``, keyed by the
    tracking id; ``error`` forces an error code in a 2xx answer."""

    token = "zns-test-token"

    def __init__(self, fail_rate: float = 0.0, seed: int = 7) -> None:
        self.error: int | None = None
        super().__init__(fail_rate, seed)

    @property
    def zns_url(self) -> str:
        return f"{self.url}/message/template"

    def answer(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.requests.append(body)
            if path != "/message/template" or not {"phone", "template_id", "template_data", "tracking_id"} <= set(body):
                return 400, {"error": -100, "message": "bad request"}
            if (headers or {}).get("access_token") != self.token:
                return 200, {"error": -124, "message": "Access token is invalid"}
            if self.status is not None:
                return self.status, {"error": -1, "message": "status forced by the test"}
            if self.error is not None:
                return 200, {"error": self.error, "message": "error forced by the test"}
            if self.fail_rate and self.random.random() < self.fail_rate:
                return 503, {"error": -1, "message": "try later"}
            key = body["tracking_id"]
            self.acks[key] += 1
            if key not in self.messages:
                self.messages[key] = f"z-{len(self.messages) + 1}"
            return 200, {"error": 0, "message": "Success", "data": {"msg_id": self.messages[key]}}
