"""``motcua verify FILE.pdf``: exit 0 for a valid signed result of this system, 1 with the reason else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.signing.verify import result_verify


class Command(BaseCommand):
    help = "Check that a PDF is a valid signed result of this system (exit 0) or say why not (exit 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from exc
        verdict = result_verify(data)
        if not verdict.ok:
            raise CommandError(verdict.reason, returncode=1)
        document = verdict.document
        assert document is not None and verdict.report is not None
        dossier = document.dossier
        lines = [
            verdict.reason,
            _("Signer: %(name)s (%(subject)s)")
            % {"name": document.signer_name, "subject": verdict.report.signer_subject},
            _("Signed at: %(at)s") % {"at": document.signed_at.isoformat() if document.signed_at else "-"},
            _("Dossier: %(code)s — %(procedure)s") % {"code": dossier.code, "procedure": dossier.version.name},
            _("Certificate SHA-256: %(fp)s") % {"fp": document.signer_fingerprint},
            _("Signature level: PAdES %(level)s") % {"level": document.signature_level},
        ]
        self.stdout.write("\n".join(lines))
