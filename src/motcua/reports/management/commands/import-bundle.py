from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.reports.bundle import bundle_import


class Command(BaseCommand):
    help = "Import a legacy one-stop system's CSV bundle (docs/formats.md); idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="folder holding agencies.csv, procedures.csv, dossiers.csv, …")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = bundle_import(options["directory"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not report.files:
            raise CommandError(_("No bundle file was found in %(path)s.") % {"path": options["directory"]})
        for line in report.lines():
            self.stdout.write(line)
