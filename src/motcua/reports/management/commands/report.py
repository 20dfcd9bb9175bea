import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.replicas import replica_reads, work_scope
from motcua.reports.exports import figures_pdf, figures_table, figures_xlsx
from motcua.reports.figures import report_figures
from motcua.reports.params import report_params


class Command(BaseCommand):
    help = "The centre's statistics report for a period (issue #11 keys), as JSON, a table, xlsx or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD (inclusive)")
        parser.add_argument("--agency", help="agency id or identifier (with the agencies under it)")
        parser.add_argument("--level", help="province, district, commune or ministry")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf", "table"])
        parser.add_argument("--output", help="file to write (required for xlsx and pdf)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            params = report_params(
                start=options["start"], end=options["end"], agency=options["agency"], level=options["level"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        fmt = options["format"]
        if fmt in {"xlsx", "pdf"} and not options["output"]:
            raise CommandError(_("--output is required for xlsx and pdf."))
        with work_scope(), replica_reads():  # a report may lag a moment behind the counters
            figures = report_figures(start=params.start, end=params.end, agency=params.agency, level=params.level)
        if fmt == "json":
            body: str | bytes = json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
        elif fmt == "table":
            body = figures_table(figures)
        elif fmt == "xlsx":
            body = figures_xlsx(figures)
        else:
            body = figures_pdf(figures)
        if options["output"]:
            path = Path(options["output"])
            try:
                if isinstance(body, bytes):
                    path.write_bytes(body)
                else:
                    path.write_text(body, encoding="utf-8")
            except OSError as exc:
                raise CommandError(str(exc)) from None
        else:
            assert isinstance(body, str)
            self.stdout.write(body, ending="")
