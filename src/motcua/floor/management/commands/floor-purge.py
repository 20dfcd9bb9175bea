from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.floor.services import visits_purge
from motcua.floor.tasks import purge_visits


class Command(BaseCommand):
    help = "Delete visitor check-ins older than MOTCUA_FLOOR_VISIT_RETENTION_DAYS (default 21). Run daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue the task for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_visits.enqueue()
            self.stdout.write(_("Task %(id)s queued.") % {"id": result.id})
            return
        deleted = visits_purge()
        self.stdout.write(_("%(count)d visit(s) deleted.") % {"count": deleted})
