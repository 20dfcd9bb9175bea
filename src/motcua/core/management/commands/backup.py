from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the stored files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=None, help="Archive path (default: motcua-<time>.tar.gz).")

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        output = output or Path(f"motcua-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            report = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Backed up %(rows)d rows and %(files)d files to %(path)s.")
            % {"rows": sum(report.counts.values()), "files": len(report.files), "path": output}
        )
