import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import ApiToken
from motcua.core.tokens import api_token_create, api_token_find, api_token_revoke


class Command(BaseCommand):
    help = (
        "Create an API token for a user and print it (it is shown only once); "
        "--revoke <id|prefix> revokes one, --list lists them (never the secret)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?")
        parser.add_argument("--expires-days", type=int, metavar="N", help="the new token stops working after N days")
        parser.add_argument("--revoke", metavar="ID_OR_PREFIX", help="revoke the token with this id or prefix")
        parser.add_argument("--list", action="store_true", help="list the tokens (of USERNAME if given)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["revoke"]:
            self._revoke(options["revoke"])
        elif options["list"]:
            self._list(options["username"])
        else:
            self._create(options["username"], options["expires_days"])

    def _create(self, username: str | None, expires_days: int | None) -> None:
        if not username:
            raise CommandError(_("Give a user name, --revoke or --list."))
        if expires_days is not None and expires_days < 1:
            raise CommandError(_("--expires-days must be at least 1."))
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named %(name)s.") % {"name": username})
        expires_in = dt.timedelta(days=expires_days) if expires_days else None
        self.stdout.write(api_token_create(user=user, expires_in=expires_in))

    def _revoke(self, reference: str) -> None:
        rows = api_token_find(reference)
        if not rows:
            raise CommandError(_("No API token %(ref)s.") % {"ref": reference})
        if len(rows) > 1:
            raise CommandError(
                _("%(ref)s names several tokens (ids %(ids)s); give the id.")
                % {"ref": reference, "ids": ", ".join(str(r.pk) for r in rows)}
            )
        token = rows[0]
        if api_token_revoke(token=token):
            self.stdout.write(_("Revoked token %(id)s (%(prefix)s…).") % {"id": token.pk, "prefix": token.prefix})
        else:
            self.stdout.write(_("Token %(id)s was already revoked.") % {"id": token.pk})

    def _list(self, username: str | None) -> None:
        rows = ApiToken.objects.select_related("user").order_by("id")
        if username:
            rows = rows.filter(user__username=username)
        now = timezone.now()

        def when(value: dt.datetime | None) -> str:
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"

        for row in rows:
            state = "active" if row.is_usable(now) else ("revoked" if row.revoked_at else "expired")
            self.stdout.write(
                f"{row.pk}\t{row.prefix}…\t{row.user.get_username()}\t{state}\t"
                f"expires={when(row.expires_at)}\tlast_used={when(row.last_used_at)}"
            )
