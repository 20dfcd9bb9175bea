import csv
import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.spreadsheet import row_escape
from motcua.dossiers.selectors import approvals


class Command(BaseCommand):
    help = "CSV of every approval/refusal decision with the authority it relied on (head or authorisation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD (inclusive)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(options["start"])
            end = dt.date.fromisoformat(options["end"])
        except ValueError:
            raise CommandError(_("Dates must be written YYYY-MM-DD.")) from None
        tz = timezone.get_current_timezone()
        rows = approvals(
            dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )
        writer = csv.writer(self.stdout)
        writer.writerow(["at", "dossier", "procedure", "decision", "decided_by", "agency", "authority"])
        for t in rows:
            writer.writerow(
                row_escape(
                    [
                        timezone.localtime(t.at).isoformat(timespec="minutes"),
                        t.dossier.code,
                        t.dossier.version.procedure.code,
                        t.action,
                        t.actor.get_username() if t.actor else "",
                        t.agency.identifier if t.agency else "",
                        t.authority,
                    ]
                )
            )
