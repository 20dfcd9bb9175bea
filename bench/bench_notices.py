"""Notice throughput: SMS notices per second through the outbox (Notice rows and their tasks written in
one transaction, then ``motcua worker --burst`` claims, posts and records each one) with the database
task backend and with Redis (RQ), against a bare loop posting the same requests (same JSON, one keep-alive
connection) to the same local gateway, in the same run.

    .venv/bin/python bench/bench_notices.py [--count 500] [--rounds 2]

The gateway is http.server in a thread speaking the generic contract of docs/api.md (always 2xx). The
database is MOTCUA_BENCH_DATABASE_URL (PostgreSQL, dropped and recreated); Redis is MOTCUA_BENCH_REDIS_URL
(default redis://127.0.0.1:6379/13, flushed). The RQ worker is rq's SimpleWorker (no fork per job), one
process like the database worker. Each side's best round is printed with its ratio to the bare loop.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import _setup

REDIS_URL = os.environ.get("MOTCUA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
TEXT = (
    "Hồ sơ BENCH-1 đã được tiếp nhận lúc 08:00 01/03/2027, hẹn trả kết quả 08:00 15/03/2027. "
    "Tra cứu: https://dichvucong.example.gov.vn/tra-cuu/?ma=BENCH-1"
)


class Gateway:
    """The generic SMS gateway: POST /messages → 200 {"message_id"}, keyed by the notice id."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: dict[str, str] = {}
        self.posts = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave in two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with gateway.lock:
                    gateway.posts += 1
                    message_id = gateway.messages.setdefault(body["id"], f"m-{len(gateway.messages) + 1}")
                data = json.dumps({"message_id": message_id}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def bare_loop(gateway: Gateway, count: int) -> float:
    """The same requests (contract, headers, JSON) posted in a plain loop on one keep-alive connection."""
    payloads = [
        json.dumps(
            {"id": str(uuid.uuid4()), "to": "+84912345678", "text": TEXT, "sender": "SOTUPHAP"}, ensure_ascii=False
        ).encode()
        for _ in range(count)
    ]
    headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
    conn = http.client.HTTPConnection("127.0.0.1", gateway.server.server_address[1], timeout=10)
    start = time.perf_counter()
    for body in payloads:
        conn.request("POST", "/messages", body=body, headers=headers)
        response = conn.getresponse()
        json.loads(response.read())["message_id"]
        assert response.status == 200
    elapsed = time.perf_counter() - start
    conn.close()
    return count / elapsed


def outbox_run(cast: dict[str, Any], dossiers: list[Any], gateway: Gateway, burst: list[str]) -> float:
    """Write ``len(dossiers)`` SMS notices and their tasks in one transaction, then drain them with one
    ``worker --burst``; notices per second over both."""
    from django.core.management import call_command
    from django.db import transaction

    from motcua.notices.models import Event, Notice, NoticeChannel
    from motcua.notices.services import _enqueue
    from motcua.notices.texts import sms_length

    parts = sms_length(TEXT).parts
    before = gateway.posts
    start = time.perf_counter()
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            Notice(
                dossier=dossier,
                event=Event.RECEIVED,
                channel=NoticeChannel.SMS,
                recipient="+84912345678",
                text=TEXT,
                sms_parts=parts,
                priority=True,
            )
            for dossier in dossiers
        )
        _enqueue(notices)
    call_command("worker", "--burst", *burst, verbosity=0, stdout=io.StringIO())
    elapsed = time.perf_counter() - start
    ids = [n.pk for n in notices]
    accepted = Notice.objects.filter(pk__in=ids, state=Notice.State.ACCEPTED).count()
    assert accepted == len(ids), f"only {accepted} of {len(ids)} accepted"
    assert gateway.posts - before == len(ids), "a notice was posted twice"
    return len(ids) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    gateway = Gateway()
    os.environ["MOTCUA_HOME"] = tempfile.mkdtemp(prefix="motcua-bench-notices-")
    os.environ["MOTCUA_SMS_GATEWAY_URL"] = gateway.url
    os.environ["MOTCUA_SMS_SENDER"] = "SOTUPHAP"
    os.environ["MOTCUA_SMS_QUIET_HOURS"] = ""
    os.environ["MOTCUA_TASKS_BACKEND"] = "database"
    _setup.create_database()
    _setup.django_setup()

    import redis
    from django.conf import settings
    from django.test.utils import override_settings

    from motcua.dossiers.models import Dossier

    cast = _setup.make_cast()
    per_side = args.count * args.rounds
    _setup.insert_dossiers(cast, 2 * per_side, status=2, received_sql="now()", due_sql="now() + interval '14 days'")
    dossiers = list(Dossier.objects.order_by("id"))
    rq_settings = {
        "TASKS_BACKEND": "rq",
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}},
        "RQ_QUEUES": {q: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300} for q in settings.TASK_QUEUES},
    }
    redis.Redis.from_url(REDIS_URL).flushdb()

    bare_loop(gateway, 50)  # warm-up: connection, JSON, the server's threads
    bare, database, rq = [], [], []
    for r in range(args.rounds):
        batch = dossiers[2 * r * args.count : (2 * r + 1) * args.count]
        rq_batch = dossiers[(2 * r + 1) * args.count : (2 * r + 2) * args.count]
        bare.append(bare_loop(gateway, args.count))
        database.append(outbox_run(cast, batch, gateway, burst=[]))
        with override_settings(**rq_settings):
            rq.append(outbox_run(cast, rq_batch, gateway, burst=["--worker-class", "rq.worker.SimpleWorker"]))
    best_bare = max(bare)
    print(f"{args.count} notices × {args.rounds} rounds, best round of each:")
    print(f"bare loop (http.client):        {best_bare:8.1f} notices/s")
    print(f"outbox, database task backend:  {max(database):8.1f} notices/s   ratio {max(database) / best_bare:.3f}")
    print(f"outbox, Redis (RQ):             {max(rq):8.1f} notices/s   ratio {max(rq) / best_bare:.3f}")
    print(f"gateway: {gateway.posts} posts, {len(gateway.messages)} ids (duplicates: 0)")


if __name__ == "__main__":
    main()
