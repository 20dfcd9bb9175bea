"""``motcua worker``: run background tasks (notices, signing, purges) with the configured backend.

``--burst`` runs every task that is due, then exits (cron, tests, a deploy hook); without it the worker
runs until stopped (SIGTERM finishes the task in hand first).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Run background tasks (notices, signing, purges); --burst runs what is due and exits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="Run every due task, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
        parser.add_argument(
            "--worker-class", default="", help="RQ only: e.g. rq.worker.SimpleWorker to run tasks without forking."
        )

    def handle(self, *args: Any, burst: bool, max_tasks: int | None, **options: Any) -> None:
        backend = settings.TASKS_BACKEND
        if backend == "database":
            call_command(
                "db_worker",
                queue_name=",".join(settings.TASK_QUEUES),
                batch=burst,
                max_tasks=max_tasks,
                startup_delay=not burst,
                reload=False,
                interval=1,
                verbosity=options["verbosity"],
            )
        elif backend == "rq":
            call_command(
                "rqworker",
                *settings.TASK_QUEUES,
                burst=burst,
                max_jobs=max_tasks,
                job_class="django_tasks_rq.Job",
                worker_class=options.get("worker_class") or "rq.worker.Worker",
                with_scheduler=True,
                verbosity=options["verbosity"],
            )
        else:
            self.stdout.write(
                _("The %(backend)s task backend runs tasks at once; no worker is needed.") % {"backend": backend}
            )
