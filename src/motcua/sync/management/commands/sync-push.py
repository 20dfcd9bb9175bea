"""``motcua sync-push``: send the due national sync events now (cron sweep for events whose task was lost)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.sync.services import sync_push


class Command(BaseCommand):
    help = "Send the due national portal sync events now."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = sync_push()
        if options["verbosity"]:
            self.stdout.write(_("%(count)d events sent.") % {"count": sent})
