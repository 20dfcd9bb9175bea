"""``motcua sync-catch-up --from D --to D``: send every status change and survey of a period to the national
portal again (the portal de-duplicates by event id)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.reports.params import report_params
from motcua.sync.services import sync_catch_up


class Command(BaseCommand):
    help = "Send every status change and survey of a period to the national portal again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            params = report_params(start=options["date_from"], end=options["date_to"])
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        run = sync_catch_up(date_from=params.start, date_to=params.end)
        if run.error:
            raise CommandError(
                _("%(events)d events sent, then the portal failed: %(error)s")
                % {"events": run.events, "error": run.error}
            )
        if options["verbosity"]:
            self.stdout.write(
                _("%(events)d events sent in %(batches)d batches (%(retries)d retries).")
                % {"events": run.events, "batches": run.batches, "retries": run.retries}
            )
