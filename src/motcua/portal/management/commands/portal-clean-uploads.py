import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.dossiers.uploads import orphan_files_delete
from motcua.portal.wizard import stale_uploads_delete


class Command(BaseCommand):
    help = (
        "Delete the temporary scans of online submissions that were abandoned, and stored dossier files "
        "no document references (left by a failed transaction). Run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=48, help="age of the files to delete (default 48)")

    def handle(self, *args: Any, **options: Any) -> None:
        age = dt.timedelta(hours=options["hours"])
        deleted = stale_uploads_delete(older_than=age)
        self.stdout.write(_("%(count)d temporary file(s) deleted.") % {"count": deleted})
        orphans = orphan_files_delete(older_than=age)
        self.stdout.write(_("%(count)d stored file(s) without a dossier document deleted.") % {"count": orphans})
