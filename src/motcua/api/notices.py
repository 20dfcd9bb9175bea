"""Delivery receipts from the SMS gateway: POST /api/v1/notices/receipts, authenticated by an
HMAC-SHA256 of the raw body with MOTCUA_SMS_CALLBACK_SECRET (header X-Motcua-Signature). Idempotent."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from motcua.api.views import allow_methods, error_response, json_response
from motcua.notices.models import Notice
from motcua.notices.services import notice_receipt, receipt_signature_valid


@allow_methods("POST")
def notice_receipt_callback(request: HttpRequest) -> JsonResponse:
    if not receipt_signature_valid(request.body, request.headers.get("X-Motcua-Signature", "")):
        return error_response(401, _("The signature of the receipt is missing or wrong."))
    try:
        data = json.loads(request.body)
        notice_id, status = str(data["id"]), str(data["status"])
        reason = str(data.get("reason") or "")[:500]
    except (ValueError, KeyError, TypeError):
        return error_response(400, _("A receipt is JSON with the notice id and a status."))
    if status not in {"delivered", "failed"}:
        return error_response(400, _("The status of a receipt is delivered or failed."))
    try:
        notice = notice_receipt(notice_uuid=notice_id, status=status, reason=reason)
    except (Notice.DoesNotExist, ValidationError, ValueError):
        return error_response(404, _("No notice has this id."))
    return json_response({"id": str(notice.uuid), "state": notice.state})
