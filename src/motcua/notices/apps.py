from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "motcua.notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from motcua.dossiers.hooks import transition_hook_register
        from motcua.notices.services import notice_queue_for_transition

        transition_hook_register(notice_queue_for_transition)
