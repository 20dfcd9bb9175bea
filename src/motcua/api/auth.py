from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.core.tokens import api_token_user


def bearer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Authenticate with ``Authorization: Bearer <token>``; no cookies, so no CSRF token either."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from motcua.api.views import error_response

        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        user = api_token_user(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if user is None:
            response = error_response(401, _("A valid API token is required."))
            response["WWW-Authenticate"] = 'Bearer realm="motcua"'
            return response
        request.user = user
        return view(request, *args, **kwargs)

    return wrapped
