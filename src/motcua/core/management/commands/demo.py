"""``motcua demo``: migrate, collect static files, load the demo centre, print the logins, serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import pgettext

from motcua.demo.dossiers import DemoLookup, demo_dossiers_load
from motcua.demo.loader import DemoSummary, demo_load


class Command(BaseCommand):
    help = (
        "Set up a demo public administrative service centre (agencies, desks, procedures, one user per "
        "role) in the configured database, then run the development web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the demo but do not start the server.")
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="Address and port to serve on (default 127.0.0.1:8000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options.get("verbosity", 1))
        quiet = max(verbosity - 1, 0)
        self.stdout.write(pgettext("demo command", "Applying database migrations…"))
        call_command("migrate", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.stdout.write(pgettext("demo command", "Collecting static files…"))
        call_command("collectstatic", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.stdout.write(pgettext("demo command", "Loading the demo centre…"))
        summary = demo_load(stdout=self.stdout if verbosity > 1 else None)  # type: ignore[arg-type]
        lookups = demo_dossiers_load()
        addrport = options["addrport"]
        self._report(summary, addrport)
        self._report_dossiers(lookups, addrport)
        if options["no_serve"]:
            return
        message = pgettext("demo command", "Starting the web server on %(addrport)s (Ctrl+C to stop)…")
        self.stdout.write(message % {"addrport": addrport})
        call_command("runserver", addrport, use_reloader=False)

    def _report_dossiers(self, lookups: list[DemoLookup], addrport: str) -> None:
        """The sample dossiers, with what the public lookup needs (code and phone)."""
        if not lookups:
            return
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(self.style.MIGRATE_HEADING(pgettext("demo command", "Sample dossiers")))
        for lookup in lookups:
            self.stdout.write(f"  {lookup.code}  {lookup.status}")
        self.stdout.write(
            pgettext("demo command", "Look any of them up at %(url)s with the phone number %(phone)s.")
            % {"url": f"http://{host}/tra-cuu/", "phone": lookups[0].phone}
        )
        self.stdout.write("")

    def _report(self, summary: DemoSummary, addrport: str) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                pgettext(
                    "demo command",
                    "Demo centre ready: %(agencies)d agencies, %(points)d service points, %(counters)d counters, "
                    "%(procedures)d published procedures, %(users)d users.",
                )
                % {
                    "agencies": summary.agencies,
                    "points": summary.service_points,
                    "counters": summary.counters,
                    "procedures": summary.procedures,
                    "users": summary.users,
                }
            )
        )
        header = (
            pgettext("demo command", "Username"),
            pgettext("demo command", "Password"),
            pgettext("demo command", "Name"),
            pgettext("demo command", "Role"),
            pgettext("demo command", "Agency"),
        )
        rows = [(x.username, x.password, x.full_name, x.role, x.agency) for x in summary.logins]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(pgettext("demo command", "Demo logins")))
        for i, row in enumerate([header, *rows]):
            self.stdout.write("  " + "  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write("")
        self.stdout.write(pgettext("demo command", "Citizen catalogue: %(url)s") % {"url": f"http://{host}/"})
        self.stdout.write(
            pgettext("demo command", "Staff back office: %(url)s") % {"url": f"http://{host}/backoffice/"}
        )
        self.stdout.write(pgettext("demo command", "Administration: %(url)s") % {"url": f"http://{host}/admin/"})
        self.stdout.write("")
