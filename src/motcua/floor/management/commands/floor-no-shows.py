from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.floor.services import appointments_release_no_shows
from motcua.floor.tasks import release_no_shows


class Command(BaseCommand):
    help = "Release the places of appointments not checked in MOTCUA_FLOOR_NO_SHOW_MINUTES after their start."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="queue the task for the worker instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = release_no_shows.enqueue()
            self.stdout.write(_("Task %(id)s queued.") % {"id": result.id})
            return
        released = appointments_release_no_shows()
        self.stdout.write(_("%(count)d appointment(s) released.") % {"count": released})
