import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.core.replicas import replica_reads, work_scope
from motcua.reports.exports import figures_pdf, figures_table, figures_xlsx
from motcua.reports.figures import report_figures
from motcua.reports.params import ReportParams, report_params
from motcua.reports.quality import quality_index, quality_ranking, quality_table


class Command(BaseCommand):
    help = "The centre's statistics report for a period (issue #11 keys), as JSON, a table, xlsx or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD (inclusive)")
        parser.add_argument("--agency", help="agency id or identifier (with the agencies under it)")
        parser.add_argument("--level", help="province, district, commune or ministry")
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf", "table"])
        parser.add_argument("--output", help="file to write (required for xlsx and pdf)")
        parser.add_argument(
            "--index",
            action="store_true",
            help="the Decision 766 quality index of the scope instead (json or table)",
        )
        parser.add_argument(
            "--ranking", action="store_true", help="with --index: the province, each level and each agency (json)"
        )

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
        if options["index"]:
            body: str | bytes = self._index(params, fmt, ranking=options["ranking"])
        else:
            body = self._figures(params, fmt)
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

    def _figures(self, params: ReportParams, fmt: str) -> str | bytes:
        with work_scope(), replica_reads():  # a report may lag a moment behind the counters
            figures = report_figures(start=params.start, end=params.end, agency=params.agency, level=params.level)
        if fmt == "json":
            return json.dumps(figures, ensure_ascii=False, indent=2) + "\n"
        if fmt == "table":
            return figures_table(figures)
        if fmt == "xlsx":
            return figures_xlsx(figures)
        return figures_pdf(figures)

    def _index(self, params: ReportParams, fmt: str, *, ranking: bool) -> str:
        if fmt not in {"json", "table"}:
            raise CommandError(_("The quality index is written as json or a table."))
        if ranking:
            data = quality_ranking(start=params.start, end=params.end)
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        index = quality_index(start=params.start, end=params.end, agency=params.agency, level=params.level)
        if fmt == "json":
            return json.dumps(index, ensure_ascii=False, indent=2) + "\n"
        return quality_table(index)
