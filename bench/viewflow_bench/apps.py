from django.apps import AppConfig


class ViewflowBenchConfig(AppConfig):
    name = "viewflow_bench"
    label = "viewflow_bench"
    default_auto_field = "django.db.models.BigAutoField"
