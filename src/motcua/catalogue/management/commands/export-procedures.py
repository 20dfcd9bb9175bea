"""``motcua export-procedures --format json|csv|xlsx [--output FILE]`` (see docs/formats.md)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.catalogue.exporters import export_records, write_csv, write_json, write_xlsx


class Command(BaseCommand):
    help = (
        "Export the latest version of every procedure (published, otherwise the newest draft) as JSON, "
        "CSV or XLSX, to --output or to standard output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        output = options.get("output")
        records = export_records()
        if fmt == "xlsx":
            buffer = io.BytesIO()
            count = write_xlsx(records, buffer)
            if output:
                Path(output).write_bytes(buffer.getvalue())
            else:
                target = getattr(self.stdout, "_out", sys.stdout)
                binary = getattr(target, "buffer", None)
                if binary is None:  # e.g. a StringIO in tests: there is no byte stream to write to
                    binary = sys.stdout.buffer
                binary.write(buffer.getvalue())
                binary.flush()
        else:
            text = io.StringIO(newline="")
            writer = write_json if fmt == "json" else write_csv
            count = writer(records, text)
            if output:
                Path(output).write_text(text.getvalue(), encoding="utf-8", newline="")
            else:
                self.stdout.write(text.getvalue(), ending="")
        if int(options["verbosity"]) > 0:
            self.stderr.write(_("Exported %(count)d procedures.") % {"count": count})
