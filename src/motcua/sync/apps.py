from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "motcua.sync"
    verbose_name = _("National portal synchronisation")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from motcua.dossiers.hooks import transition_hook_register
        from motcua.engagement.models import Survey
        from motcua.sync.services import sync_queue_survey_saved, sync_queue_transition

        transition_hook_register(sync_queue_transition)
        post_save.connect(sync_queue_survey_saved, sender=Survey, dispatch_uid="motcua.sync.survey")
