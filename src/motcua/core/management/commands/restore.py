from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and the stored files with a backup archive, then check the result."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: everything now stored is replaced.")

    def handle(self, *args: Any, archive: Path, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError(_("Restoring replaces the whole database and every stored file: add --yes."))
        if not archive.is_file():
            raise CommandError(_("No such archive: %(path)s") % {"path": archive})
        try:
            report = backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restored %(rows)d rows and %(files)d files; they match the backup.")
            % {"rows": sum(report.counts.values()), "files": len(report.files)}
        )
