import os

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

SIZE = int(os.environ.get("BENCH_BARE_SIZE", "600"))


def bare(request: HttpRequest) -> JsonResponse:
    """No database, no middleware work beyond Django's own: the floor for a JSON answer this size."""
    return JsonResponse({"padding": "x" * max(SIZE - 14, 0)})


urlpatterns = [path("bare", bare), path("", include("motcua.urls"))]
