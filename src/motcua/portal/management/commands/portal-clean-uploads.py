import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.portal.wizard import stale_uploads_delete


class Command(BaseCommand):
    help = "Delete the temporary scans of online submissions that were abandoned (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=48, help="age of the files to delete (default 48)")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = stale_uploads_delete(older_than=dt.timedelta(hours=options["hours"]))
        self.stdout.write(_("%(count)d temporary file(s) deleted.") % {"count": deleted})
