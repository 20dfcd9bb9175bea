"""An RQ SimpleWorker without the pub/sub command channel, for tests that run many bursts in one process:
redis-py's PubSub.unsubscribe() can deadlock against its own listener thread at a burst's teardown
(seen on about one run in three with dozens of bursts). The channel only carries "kill horse"/"stop job"
commands, which the tests never send."""

from __future__ import annotations

from rq.worker import SimpleWorker


class BurstWorker(SimpleWorker):
    def subscribe(self) -> None:
        self.pubsub_thread = None

    def unsubscribe(self) -> None:
        pass
