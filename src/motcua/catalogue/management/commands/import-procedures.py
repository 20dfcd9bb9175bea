"""``motcua import-procedures PATH``: load procedures from files (see docs/formats.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.catalogue.importers import ImportReport, run_import


class Command(BaseCommand):
    help = (
        "Import procedures from national portal JSON records (a file or a folder), the national "
        "procedure list (.xlsx) or our own export (.json/.csv/.xlsx). Exits with an error only when "
        "nothing at all could be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="file or folder to import")
        parser.add_argument("--dry-run", action="store_true", help="parse and check, then roll everything back")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        verbosity = int(options["verbosity"])

        def progress(done: int, total: int) -> None:
            if verbosity > 0:
                self.stderr.write(_("… %(done)d of %(total)d") % {"done": done, "total": total})

        report = run_import(path, dry_run=options["dry_run"], progress=progress)
        self.stdout.write(format_report(report))
        if report.nothing_read:
            raise CommandError(_("Nothing could be imported from %(path)s.") % {"path": path})


def format_report(report: ImportReport) -> str:
    lines = []
    if report.dry_run:
        lines.append(_("DRY RUN: nothing was saved."))
    lines.append(
        _("Created: %(created)d, updated: %(updated)d, unchanged: %(unchanged)d, failed: %(failed)d.")
        % {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": len(report.unchanged),
            "failed": len(report.failed),
        }
    )
    lines.append(_("Needs review (kept as draft): %(count)d") % {"count": len(report.needs_review)})
    for code, notes in sorted(report.needs_review.items()):
        lines.append(f"  {code}")
        lines.extend(f"    - {note}" for note in notes)
    if report.skipped:
        lines.append(_("Left as they were: %(count)d") % {"count": len(report.skipped)})
        lines.extend(f"  {code}: {why}" for code, why in report.skipped)
    if report.failed:
        lines.append(_("Failed: %(count)d") % {"count": len(report.failed)})
        lines.extend(f"  {origin}: {reason}" for origin, reason in report.failed)
    return "\n".join(lines)
