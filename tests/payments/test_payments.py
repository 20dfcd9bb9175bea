"""Fees: what is due comes from reception (fee, exemption), payments at the counter (e-receipt) or online
through the gateway (signed notification, idempotent, amount checked), an append-only ledger, refunds;
paying resumes a dossier that waited for its fees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.dossiers.errors import IllegalTransition, NotPermitted
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_request_fees
from motcua.payments import gateway as gw
from motcua.payments.documents import receipt_html
from motcua.payments.models import AppendOnly, LedgerEntry, PaymentOrder
from motcua.payments.selectors import fees_due, ledger_totals
from motcua.payments.services import (
    PaymentRefused,
    payment_notification_handle,
    payment_order_create,
    payment_record_counter,
    payment_refund,
)
from tests.conftest import Cast
from tests.dossiers.factories import at, received

S = Dossier.Status
FEE = Decimal(200000)
PHONE = "0912345678"


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    cache.clear()


def on_hold(cast: Cast) -> Dossier:
    """Received with a 200.000 đồng fee, then put on hold for it by the officer."""
    return dossier_request_fees(
        actor=cast.officer, dossier=received(cast), note="Nộp lệ phí 200.000 đồng", at=at("2027-03-02 08:00")
    )


def notification(placed: PaymentOrder, code: str = gw.PAID, **changes: str) -> dict[str, str]:
    fields = {
        "merchant": "MOTCUA",
        "order": placed.reference,
        "amount": gw.amount_text(placed.amount),
        "code": code,
        "transaction": "VNP14000001",
    }
    fields.update(changes)
    return gw.signed(fields)


# --- what is due ------------------------------------------------------------------------------------


def test_the_fee_due_is_the_receptions_fee_and_nothing_when_exempted(cast: Cast) -> None:
    assert fees_due(received(cast)) == FEE
    exempt = received(cast, fee_exempt=True, fee_exemption_reason="Hộ nghèo")
    assert fees_due(exempt) == 0
    assert fees_due(received(cast, fee_paid=True)) == 0


# --- counter --------------------------------------------------------------------------------------------


def test_a_counter_payment_resumes_a_dossier_waiting_for_its_fees(cast: Cast) -> None:
    dossier = on_hold(cast)
    entry = payment_record_counter(actor=cast.clerk, dossier=dossier, amount="200000", at=at("2027-03-03 08:00"))
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and dossier.fee_paid
    assert fees_due(dossier) == 0
    assert [(e.kind, e.amount) for e in LedgerEntry.objects.filter(dossier=dossier).order_by("id")] == [
        ("charge", FEE),
        ("payment", FEE),
    ]
    assert dossier.transitions.order_by("-id").first().action == "fees_paid"  # type: ignore[union-attr]
    html = receipt_html(entry)
    assert "200.000" in html and dossier.applicant_name in html and entry.receipt_number in html


def test_a_partial_counter_payment_leaves_the_rest_due(cast: Cast) -> None:
    dossier = on_hold(cast)
    payment_record_counter(actor=cast.clerk, dossier=dossier, amount=50000)
    dossier.refresh_from_db()
    assert dossier.status == S.FEES_DUE
    assert fees_due(dossier) == Decimal(150000)


@pytest.mark.parametrize("amount", ["200001", "0", "-5", "12.5", "NaN", "abc"])
def test_a_counter_payment_of_a_wrong_amount_is_refused(cast: Cast, amount: str) -> None:
    dossier = on_hold(cast)
    with pytest.raises(ValidationError) as caught:
        payment_record_counter(actor=cast.clerk, dossier=dossier, amount=amount)
    assert "amount" in caught.value.message_dict
    assert not LedgerEntry.objects.exists()


def test_only_a_receiving_clerk_of_the_agency_takes_a_counter_payment(cast: Cast) -> None:
    dossier = on_hold(cast)
    for user in (cast.officer, cast.other_clerk):
        with pytest.raises(NotPermitted):
            payment_record_counter(actor=user, dossier=dossier, amount=200000)


def test_nothing_is_taken_when_nothing_is_due(cast: Cast) -> None:
    with pytest.raises(IllegalTransition):
        payment_record_counter(actor=cast.clerk, dossier=received(cast, fee_paid=True), amount=1000)


def test_the_ledger_is_append_only(cast: Cast) -> None:
    entry = payment_record_counter(actor=cast.clerk, dossier=on_hold(cast), amount=200000)
    entry.amount = Decimal(1)
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()


def test_a_refund_is_recorded_up_to_what_was_paid(cast: Cast) -> None:
    dossier = on_hold(cast)
    payment_record_counter(actor=cast.clerk, dossier=dossier, amount=200000)
    with pytest.raises(ValidationError):
        payment_refund(actor=cast.clerk, dossier=dossier, amount=200001, reason="Thu thừa")
    with pytest.raises(ValidationError):
        payment_refund(actor=cast.clerk, dossier=dossier, amount=1000, reason="")
    payment_refund(actor=cast.clerk, dossier=dossier, amount=200000, reason="Rút hồ sơ")
    assert ledger_totals(dossier)["refund"] == FEE


# --- online -----------------------------------------------------------------------------------------------


def test_an_online_payment_enters_the_ledger_once_and_resumes_the_dossier(cast: Cast) -> None:
    dossier = on_hold(cast)
    order, url = payment_order_create(dossier=dossier, return_url="/tra-cuu/x/")
    assert order.amount == FEE
    sent = dict(parse_qsl(urlsplit(url).query))
    assert url.startswith("/cong-thanh-toan-thu/?") and gw.signature_valid(sent)
    assert sent["amount"] == "200000" and sent["order"] == order.reference
    payment_notification_handle(notification(order))
    with pytest.raises(PaymentRefused) as again:
        payment_notification_handle(notification(order))
    assert again.value.code == "02"
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and dossier.fee_paid
    payments = LedgerEntry.objects.filter(dossier=dossier, kind="payment")
    assert [(p.method, p.reference, p.amount) for p in payments] == [("online", order.reference, FEE)]
    assert PaymentOrder.objects.get(pk=order.pk).status == "paid"


@pytest.mark.parametrize(
    "changes,code",
    [
        ({"amount": "199999"}, "04"),
        ({"order": "MC-NOPE"}, "01"),
        ({"merchant": "OTHER"}, "03"),
    ],
)
def test_a_notification_that_does_not_match_the_order_is_refused(
    cast: Cast, changes: dict[str, str], code: str
) -> None:
    order, _url = payment_order_create(dossier=on_hold(cast), return_url="/")
    with pytest.raises(PaymentRefused) as refused:
        payment_notification_handle(notification(order, **changes))
    assert refused.value.code == code
    assert not LedgerEntry.objects.filter(kind="payment").exists()


def test_a_tampered_notification_is_refused(cast: Cast) -> None:
    order, _url = payment_order_create(dossier=on_hold(cast), return_url="/")
    fields = notification(order)
    fields["amount"] = "1"
    with pytest.raises(PaymentRefused) as refused:
        payment_notification_handle(fields)
    assert refused.value.code == "97"
    fields = notification(order)
    fields["signature"] = gw.sign(fields, secret="somebody-elses-secret")
    with pytest.raises(PaymentRefused):
        payment_notification_handle(fields)
    assert not LedgerEntry.objects.exists()


def test_a_failed_payment_closes_the_order_and_leaves_the_fee_due(cast: Cast) -> None:
    dossier = on_hold(cast)
    order, _url = payment_order_create(dossier=dossier, return_url="/")
    payment_notification_handle(notification(order, code="24"))
    assert PaymentOrder.objects.get(pk=order.pk).status == "failed"
    assert fees_due(dossier) == FEE
    dossier.refresh_from_db()
    assert dossier.status == S.FEES_DUE


def test_the_notify_endpoint_answers_like_a_gateway_expects(cast: Cast) -> None:
    order, _url = payment_order_create(dossier=on_hold(cast), return_url="/")
    client = Client()
    assert client.post("/api/v1/payments/notify", notification(order)).json()["code"] == "00"
    assert client.get("/api/v1/payments/notify", notification(order)).json()["code"] == "02"
    assert client.post("/api/v1/payments/notify", {"order": order.reference}).json()["code"] == "97"
    assert LedgerEntry.objects.filter(kind="payment").count() == 1


def test_the_ledger_keeps_one_payment_per_order_even_if_the_order_row_says_pending(cast: Cast) -> None:
    """The unique reference is the last guard: a second notification racing past the order's state."""
    dossier = on_hold(cast)
    order, _url = payment_order_create(dossier=dossier, return_url="/")
    payment_notification_handle(notification(order))
    PaymentOrder.objects.filter(pk=order.pk).update(status="pending")
    with pytest.raises(PaymentRefused) as refused:
        payment_notification_handle(notification(order))
    assert refused.value.code == "02"
    assert LedgerEntry.objects.filter(kind="payment").count() == 1


# --- the citizen pays from the tracking page ------------------------------------------------------------


def looked_up(dossier: Dossier) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.post("/tra-cuu/", {"code": dossier.code, "secret": PHONE}).status_code == 302
    return client


def test_the_citizen_pays_through_the_stand_in_gateway_from_the_tracking_page(cast: Cast) -> None:
    dossier = on_hold(cast)
    client = looked_up(dossier)
    page = client.get(f"/tra-cuu/{dossier.code}/")
    assert b"200,000 VND" in page.content and b"Pay online" in page.content
    to_gateway = client.post(f"/tra-cuu/{dossier.code}/thanh-toan/")
    assert to_gateway.status_code == 302 and to_gateway["Location"].startswith("/cong-thanh-toan-thu/?")
    gateway_page = client.get(to_gateway["Location"])
    assert gateway_page.status_code == 200
    fields = dict(parse_qsl(urlsplit(to_gateway["Location"]).query))
    back = client.post("/cong-thanh-toan-thu/", {**fields, "outcome": "pay"})
    assert back.status_code == 302 and back["Location"].startswith(f"/tra-cuu/{dossier.code}/?")
    result = client.get(back["Location"])
    assert b"Your payment was received." in result.content
    assert b"Nothing is left to pay." in result.content
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED
    entry = LedgerEntry.objects.get(dossier=dossier, kind="payment")
    receipt = client.get(f"/tra-cuu/{dossier.code}/bien-lai/{entry.pk}.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_paying_needs_the_lookup_first(cast: Cast) -> None:
    dossier = on_hold(cast)
    response = Client().post(f"/tra-cuu/{dossier.code}/thanh-toan/")
    assert response.status_code == 302 and response["Location"].startswith("/tra-cuu/?")
    assert not PaymentOrder.objects.exists()
    entry = payment_record_counter(actor=cast.clerk, dossier=dossier, amount=200000)
    assert Client().get(f"/tra-cuu/{dossier.code}/bien-lai/{entry.pk}.pdf").status_code == 404


def test_a_receipt_of_another_dossier_is_not_served_under_an_own_code(cast: Cast) -> None:
    mine, theirs = on_hold(cast), on_hold(cast)
    entry = payment_record_counter(actor=cast.clerk, dossier=theirs, amount=200000)
    client = looked_up(mine)
    assert client.get(f"/tra-cuu/{mine.code}/bien-lai/{entry.pk}.pdf").status_code == 404


def test_the_stand_in_gateway_refuses_a_tampered_order_and_is_off_for_a_real_gateway(cast: Cast, settings: Any) -> None:
    dossier = on_hold(cast)
    order, url = payment_order_create(dossier=dossier, return_url=f"/tra-cuu/{dossier.code}/")
    fields = dict(parse_qsl(urlsplit(url).query))
    client = Client()
    assert client.get("/cong-thanh-toan-thu/", {**fields, "amount": "1"}).status_code == 404
    evil = gw.signed({**fields, "return_url": "https://evil.example/"})
    assert client.get("/cong-thanh-toan-thu/", evil).status_code == 404
    settings.PAYMENT_GATEWAY = "vnpay"
    settings.PAYMENT_GATEWAY_URL = "https://sandbox.example/pay"
    assert client.get("/cong-thanh-toan-thu/", fields).status_code == 404


def test_a_cancelled_payment_shows_so_and_keeps_the_fee_due(cast: Cast) -> None:
    dossier = on_hold(cast)
    client = looked_up(dossier)
    to_gateway = client.post(f"/tra-cuu/{dossier.code}/thanh-toan/")
    fields = dict(parse_qsl(urlsplit(to_gateway["Location"]).query))
    back = client.post("/cong-thanh-toan-thu/", {**fields, "outcome": "cancel"})
    assert b"The payment was not completed." in client.get(back["Location"]).content
    assert fees_due(dossier) == FEE


def test_on_postgresql_the_database_itself_refuses_changing_the_ledger(cast: Cast) -> None:
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite keeps the model's guards")
    entry = payment_record_counter(actor=cast.clerk, dossier=on_hold(cast), amount=200000)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk)._raw_delete(using="default")  # type: ignore[attr-defined]
    assert LedgerEntry.objects.get(pk=entry.pk).amount == FEE
