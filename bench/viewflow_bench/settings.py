"""motcua's settings plus django-viewflow and the benchmark flow app (bench/ must be on sys.path)."""

from motcua.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "viewflow", "viewflow.workflow", "viewflow_bench"]  # noqa: F405
# Nothing here serves pages; keep viewflow from adding its site middleware.
VIEWFLOW = {"AUTOREGISTER": False}
