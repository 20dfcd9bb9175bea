"""``/api/v1/payments/notify``: the payment gateway's server-to-server notification (IPN). No token: the
fields are signed (HMAC-SHA256 over the sorted fields, payments/gateway.py). Like the common Vietnamese
gateways, the answer is always 200 with a JSON ``code``: "00" taken, "02" already taken (nothing
changed), "01" unknown order, "03" unknown merchant, "04" wrong amount, "97" bad signature, "99" other.
Contract in docs/api.md."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from motcua.api.views import allow_methods, json_response
from motcua.payments.services import PaymentRefused, payment_notification_handle

MAX_FIELDS = 30


@allow_methods("GET", "POST")
def payment_notify(request: HttpRequest) -> JsonResponse:
    source = request.POST if request.method == "POST" else request.GET
    if len(source) > MAX_FIELDS:
        return json_response({"code": "99", "message": "Too many fields"})
    fields = {name: str(source.get(name, ""))[:500] for name in source}
    try:
        payment_notification_handle(fields)
    except PaymentRefused as exc:
        return json_response({"code": exc.code, "message": exc.message})
    return json_response({"code": "00", "message": "Confirm success"})
