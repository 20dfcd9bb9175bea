"""motcua's settings plus django-viewflow and the benchmark flow app (bench/ must be on sys.path)."""

from motcua.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "viewflow", "viewflow.workflow", "viewflow_bench"]  # noqa: F405
# Nothing here serves pages; keep viewflow from adding its site middleware.
VIEWFLOW = {"AUTOREGISTER": False}
# motcua's dossiers.Task.assignee and viewflow's Task.owner both default to the reverse accessor
# ``User.task_set``. Neither motcua nor this benchmark reads it, and the clash exists only in this
# benchmark's process, so the check is silenced here rather than motcua's model changed for a benchmark.
SILENCED_SYSTEM_CHECKS = ["fields.E304"]
