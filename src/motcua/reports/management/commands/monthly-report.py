"""``motcua monthly-report --month YYYY-MM --output F [--format xlsx|pdf] [--agency ID] [--template CODE]``:
the national monthly reporting template filled from the statistics report and the quality index."""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.reports.figures import report_figures
from motcua.reports.models import ReportTemplate
from motcua.reports.params import report_params
from motcua.reports.quality import quality_index
from motcua.reports.templates import monthly_template, template_pdf, template_report, template_xlsx


class Command(BaseCommand):
    help = "The national monthly report (the layout of the report template) as xlsx or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--agency", help="agency id or identifier (with the agencies under it)")
        parser.add_argument("--template", default="monthly", help="report template code (default: monthly)")
        parser.add_argument("--format", default="xlsx", choices=["xlsx", "pdf"])
        parser.add_argument("--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["month"].strip()
        try:
            year, month = int(text[:4]), int(text[5:7])
            if len(text) != 7 or text[4] != "-" or not 1 <= month <= 12:
                raise ValueError(text)
        except ValueError:
            raise CommandError(_("--month: enter a month as YYYY-MM.")) from None
        last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 1
        try:
            params = report_params(
                start=f"{year:04d}-{month:02d}-01", end=f"{year:04d}-{month:02d}-{last:02d}", agency=options["agency"]
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"--{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from None
        try:
            template = monthly_template(options["template"])
        except ReportTemplate.DoesNotExist:
            raise CommandError(_("Unknown report template %(code)s.") % {"code": options["template"][:40]}) from None
        figures = report_figures(start=params.start, end=params.end, agency=params.agency)
        index = quality_index(start=params.start, end=params.end, agency=params.agency)
        report = template_report(template=template, figures=figures, index=index)
        body = template_xlsx(report) if options["format"] == "xlsx" else template_pdf(report)
        try:
            Path(options["output"]).write_bytes(body)
        except OSError as exc:
            raise CommandError(str(exc)) from None
