from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "motcua.staffing"
    verbose_name = _("Seconded staff supervision")
