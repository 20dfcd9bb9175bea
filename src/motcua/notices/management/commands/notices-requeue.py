"""``motcua notices-requeue``: enqueue again notices whose task was lost or whose worker died mid-send
(run it from cron every few minutes; it is idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.notices.services import notice_requeue


class Command(BaseCommand):
    help = "Enqueue again notices stuck in queued or sending (lost task, crashed worker)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = notice_requeue()
        if options["verbosity"]:
            self.stdout.write(_("%(count)d notices enqueued again.") % {"count": count})
