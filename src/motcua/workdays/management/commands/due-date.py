"""``motcua due-date --received 2027-02-03T16:10 --limit 5 --unit working_day [--after-15h]``"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.workdays.calendar import Unit
from motcua.workdays.services import due_date_compute


class Command(BaseCommand):
    help = "Print the due date of a dossier with the centre's working calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--received", required=True, help="reception instant, ISO 8601 (2027-02-03T16:10)")
        parser.add_argument("--limit", required=True, help="time limit, decimals allowed (0.5)")
        parser.add_argument("--unit", required=True, help="working_day, hour, day or month")
        parser.add_argument(
            "--after-15h",
            action="store_true",
            help="received at or after the cut-off (15:00) counts from the next working day",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            received = datetime.fromisoformat(options["received"])
        except ValueError:
            raise CommandError(
                _("Invalid reception date %(value)s: use ISO 8601, e.g. 2027-02-03T16:10.")
                % {"value": repr(options["received"])}
            ) from None
        try:
            limit = Decimal(options["limit"])
        except InvalidOperation:
            limit = Decimal("NaN")
        if not limit.is_finite():
            raise CommandError(_("Invalid time limit %(value)s: use a number.") % {"value": repr(options["limit"])})
        if limit < 0:
            raise CommandError(_("The time limit must not be negative."))
        if options["unit"] not in {u.value for u in Unit}:
            raise CommandError(
                _("Unknown time limit unit %(unit)s (use one of: %(units)s).")
                % {"unit": repr(options["unit"]), "units": ", ".join(u.value for u in Unit)}
            )
        try:
            due = due_date_compute(received=received, limit=limit, unit=options["unit"], after_15h=options["after_15h"])
        except ValueError as exc:  # includes CalendarRangeError
            raise CommandError(str(exc)) from None
        self.stdout.write(due.isoformat(timespec="minutes"))
