"""The stand-in payment gateway (cổng thanh toán thử) for tests and the demo, under /cong-thanh-toan-thu/
only while MOTCUA_PAYMENT_GATEWAY=local (a 404 otherwise). It plays the gateway's part of the pattern in
payments/gateway.py: checks the signed order, lets the citizen pay or cancel, sends the signed
notification to the payments app (in process, as a real gateway would call /api/v1/payments/notify) and
sends the browser back to the return URL with the signed outcome."""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from motcua.payments import gateway as gw
from motcua.payments.models import PaymentOrder
from motcua.payments.services import PaymentRefused, payment_notification_handle

ORDER_FIELDS = ("merchant", "order", "amount", "currency", "description", "return_url", gw.SIGNATURE)
CANCELLED = "24"  # the customer cancelled (the code VNPay uses)


def _signed_order(request: HttpRequest, source: dict[str, str]) -> dict[str, str]:
    fields = {name: source[name] for name in ORDER_FIELDS if name in source}
    if not gw.signature_valid(fields):
        raise Http404
    return_url = fields.get("return_url", "")
    if not url_has_allowed_host_and_scheme(return_url, allowed_hosts={request.get_host()}):
        raise Http404
    return fields


@require_http_methods(["GET", "POST"])
def paygate(request: HttpRequest) -> HttpResponse:
    if not gw.is_local():
        raise Http404
    source = request.GET if request.method == "GET" else request.POST
    fields = _signed_order(request, {name: str(source.get(name, "")) for name in ORDER_FIELDS})
    order = PaymentOrder.objects.filter(reference=fields.get("order", "")).first()
    if order is None:
        raise Http404
    if request.method == "GET":
        return render(request, "portal/paygate.html", {"fields": fields, "order": order})
    paid = request.POST.get("outcome") == "pay"
    notification = gw.signed(
        {
            "merchant": fields["merchant"],
            "order": fields["order"],
            "amount": fields["amount"],
            "code": gw.PAID if paid else CANCELLED,
            "transaction": f"LOCAL{secrets.token_hex(5).upper()}",
        }
    )
    try:
        payment_notification_handle(notification)
    except PaymentRefused:
        pass  # the return page shows the order's state, whatever it is
    separator = "&" if "?" in fields["return_url"] else "?"
    return redirect(f"{fields['return_url']}{separator}{urlencode(notification)}")
