"""``POST /api/v1/postal/callback``: the public postal service reports a shipment's state. No token: the
raw body is signed with HMAC-SHA256 under MOTCUA_POSTAL_CALLBACK_SECRET (header X-Motcua-Signature:
sha256=<hex>). The same event sent again changes nothing and answers 200 (contract in docs/api.md)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from motcua.api.views import allow_methods, error_response, json_response
from motcua.core.inputs import datetime_in_range, text_within
from motcua.dossiers.errors import DossierError
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.services import callback_signature_valid, shipment_update_status

SIGNATURE_HEADER = "X-Motcua-Signature"


@allow_methods("POST")
def postal_callback(request: HttpRequest) -> JsonResponse:
    body = request.body
    if not callback_signature_valid(body, request.headers.get(SIGNATURE_HEADER, "")):
        return error_response(403, _("The callback's signature is missing or wrong."))
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return error_response(400, _("The body must be a JSON object."))
    if not isinstance(data, dict):
        return error_response(400, _("The body must be a JSON object."))
    try:
        tracking = text_within(data.get("tracking_number") or "", field="tracking_number", max_length=64).upper()
        status = str(data.get("status") or "")
        if not tracking:
            raise ValidationError({"tracking_number": [_("This field is required.")]})
        if status not in Shipment.Status.values:
            raise ValidationError({"status": [_("Unknown shipment status.")]})
        when = datetime_in_range(data["at"], field="at") if data.get("at") else None
        event_id = text_within(data.get("event_id") or "", field="event_id", max_length=100)
        note = text_within(data.get("note") or "", field="note", max_length=500)
    except ValidationError as exc:
        return error_response(400, _("Invalid input."), exc.message_dict)
    shipment = Shipment.objects.filter(tracking_number=tracking).first()
    if shipment is None:
        return error_response(404, _("No shipment has this tracking number."))
    try:
        shipment, changed = shipment_update_status(
            shipment=shipment,
            status=status,
            source=ShipmentEvent.Source.CALLBACK,
            at=when,
            note=note,
            key=event_id,
        )
    except ValidationError as exc:
        return error_response(400, _("Invalid input."), exc.message_dict)
    except DossierError as exc:
        return error_response(exc.status, exc.message)
    return json_response({"tracking_number": shipment.tracking_number, "status": shipment.status, "changed": changed})
