from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.dossiers.recompute import dossier_due_dates_recompute


class Command(BaseCommand):
    help = "Recompute the due dates of all open dossiers and their open steps after the working calendar changed."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int) -> None:
            self.stderr.write(_("%(done)d dossiers checked…") % {"done": done})

        result = dossier_due_dates_recompute(progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(
            _(
                "%(checked)d open dossiers checked, %(changed)d due dates changed, "
                "%(tasks)d step deadlines changed, %(retried)d read again after a concurrent action."
            )
            % {
                "checked": result.checked,
                "changed": result.changed,
                "tasks": result.tasks_changed,
                "retried": result.retried,
            }
        )
