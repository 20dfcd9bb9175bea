"""Results returned by post: a shipment per posted result, its states from staff or the post's signed
callback (idempotent), a result brought back reopens the return step, dossiers received by post are
recorded the same way, and the day's hand-over list (PDF and xlsx)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.dossiers.errors import IllegalTransition, NotPermitted
from motcua.dossiers.models import Dossier, Transition
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_return_result
from motcua.postal.documents import handover_html, handover_xlsx
from motcua.postal.models import Shipment, ShipmentEvent
from motcua.postal.selectors import handover_list
from motcua.postal.services import (
    callback_signature,
    shipment_create,
    shipment_record_incoming,
    shipment_update_status,
)
from tests.conftest import Cast
from tests.dossiers.factories import applicant, at, received

S = Dossier.Status
St = Shipment.Status
SECRET = "buu-dien-test-secret"


def finished(cast: Cast, delivery: str = Dossier.Delivery.POST, name: str = "Nguyễn Văn An") -> Dossier:
    dossier = received(
        cast,
        result_delivery=delivery,
        applicant=applicant(name=name, address="Số 5 phố Lê Thánh Tông, Hạ Long"),
    )
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    return dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))


def posted(cast: Cast, tracking: str = "EN123456789VN", **kw: Any) -> Shipment:
    return shipment_create(
        actor=cast.clerk, dossier=finished(cast, **kw), tracking_number=tracking, fee=25000, at=at("2027-03-04 09:00")
    )


def callback(body: dict[str, Any], secret: str = SECRET) -> Any:
    raw = json.dumps(body).encode()
    return Client().post(
        "/api/v1/postal/callback",
        raw,
        content_type="application/json",
        HTTP_X_MOTCUA_SIGNATURE=callback_signature(raw, secret),
    )


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.POSTAL_CALLBACK_SECRET = SECRET


# --- handing over -----------------------------------------------------------------------------------


def test_handing_a_result_to_the_post_returns_the_dossier_and_records_a_shipment(cast: Cast) -> None:
    shipment = posted(cast)
    dossier = Dossier.objects.get(pk=shipment.dossier_id)
    assert dossier.status == S.RETURNED
    assert shipment.status == St.HANDED_OVER
    assert shipment.recipient == "Nguyễn Văn An"
    assert shipment.address == "Số 5 phố Lê Thánh Tông, Hạ Long"
    assert shipment.phone == "+84912345678"
    assert shipment.direction == Shipment.Direction.TO_APPLICANT
    last = Transition.objects.filter(dossier=dossier).order_by("-id").first()
    assert last is not None and (last.action, last.note) == ("handed_to_post", "EN123456789VN")
    assert not dossier.tasks.filter(finished_at__isnull=True).exists()
    assert [e.status for e in shipment.events.all()] == [St.HANDED_OVER]


def test_a_result_collected_at_the_counter_cannot_be_posted(cast: Cast) -> None:
    with pytest.raises(IllegalTransition):
        shipment_create(
            actor=cast.clerk, dossier=finished(cast, delivery=Dossier.Delivery.COUNTER), tracking_number="EN1VN"
        )
    assert not Shipment.objects.exists()


def test_only_a_receiving_clerk_hands_a_result_to_the_post(cast: Cast) -> None:
    dossier = finished(cast)
    for user in (cast.officer, cast.other_clerk):
        with pytest.raises(NotPermitted):
            shipment_create(actor=user, dossier=dossier, tracking_number="EN2VN")
    assert not Shipment.objects.exists()
    assert Dossier.objects.get(pk=dossier.pk).status == S.FINISHED


def test_a_tracking_number_is_used_once(cast: Cast) -> None:
    posted(cast, tracking="EN3VN")
    with pytest.raises(ValidationError) as caught:
        posted(cast, tracking="en3vn", name="Trần Thị Bình")
    assert "tracking_number" in caught.value.message_dict


def test_an_unfinished_dossier_cannot_be_posted(cast: Cast) -> None:
    with pytest.raises(IllegalTransition):
        shipment_create(
            actor=cast.clerk, dossier=received(cast, result_delivery="post"), tracking_number="EN4VN", address="Hạ Long"
        )


# --- states ---------------------------------------------------------------------------------------------


def test_staff_enter_the_states_in_order_and_not_backwards(cast: Cast) -> None:
    shipment = posted(cast)
    shipment, changed = shipment_update_status(shipment=shipment, status=St.IN_TRANSIT, actor=cast.clerk)
    assert changed and shipment.status == St.IN_TRANSIT
    shipment, changed = shipment_update_status(shipment=shipment, status=St.DELIVERED, actor=cast.officer)
    assert changed and shipment.status == St.DELIVERED
    with pytest.raises(IllegalTransition):
        shipment_update_status(shipment=shipment, status=St.IN_TRANSIT, actor=cast.clerk)
    assert Dossier.objects.get(pk=shipment.dossier_id).status == S.RETURNED


def test_staff_of_another_agency_cannot_enter_a_state(cast: Cast) -> None:
    shipment = posted(cast)
    with pytest.raises(NotPermitted):
        shipment_update_status(shipment=shipment, status=St.DELIVERED, actor=cast.other_clerk)


def test_a_result_returned_to_sender_reopens_the_return_step(cast: Cast) -> None:
    shipment = posted(cast)
    shipment, changed = shipment_update_status(
        shipment=shipment, status=St.RETURNED_TO_SENDER, actor=cast.clerk, note="Không có người nhận"
    )
    dossier = Dossier.objects.get(pk=shipment.dossier_id)
    assert changed and dossier.status == S.FINISHED
    assert dossier.returned_at is None
    open_steps = list(dossier.tasks.filter(finished_at__isnull=True))
    assert [t.kind for t in open_steps] == ["return"]
    last = dossier.transitions.order_by("-id").first()
    assert last is not None and (last.action, last.note) == ("post_returned", "Không có người nhận")
    # …and the clerk can now hand it over at the counter
    dossier = dossier_return_result(actor=cast.clerk, dossier=dossier, collected_by="Nguyễn Văn An")
    assert dossier.status == S.RETURNED


def test_a_result_brought_back_can_be_posted_again(cast: Cast) -> None:
    shipment = posted(cast)
    shipment_update_status(shipment=shipment, status=St.RETURNED_TO_SENDER, actor=cast.clerk)
    again = shipment_create(actor=cast.clerk, dossier=shipment.dossier, tracking_number="EN999VN")
    assert again.dossier.status == S.RETURNED
    assert Shipment.objects.filter(dossier=shipment.dossier).count() == 2


# --- the callback -----------------------------------------------------------------------------------------


def test_the_signed_callback_moves_the_shipment_and_is_idempotent(cast: Cast) -> None:
    shipment = posted(cast)
    body = {
        "event_id": "ev-1",
        "tracking_number": "EN123456789VN",
        "status": "in_transit",
        "at": "2027-03-04T15:00:00+07:00",
    }
    first = callback(body)
    assert first.status_code == 200, first.content
    assert first.json() == {"tracking_number": "EN123456789VN", "status": "in_transit", "changed": True}
    again = callback(body)
    assert again.status_code == 200
    assert again.json()["changed"] is False
    assert ShipmentEvent.objects.filter(shipment=shipment, source="callback").count() == 1
    delivered = callback({**body, "event_id": "ev-2", "status": "delivered"})
    assert delivered.json()["status"] == "delivered"
    late = callback({**body, "event_id": "ev-0", "status": "in_transit"})  # out of order: ignored
    assert late.status_code == 200 and late.json() == {
        "tracking_number": "EN123456789VN",
        "status": "delivered",
        "changed": False,
    }


def test_a_callback_returning_the_result_reopens_the_return_step_once(cast: Cast) -> None:
    shipment = posted(cast)
    body = {"event_id": "ev-9", "tracking_number": shipment.tracking_number, "status": "returned_to_sender"}
    assert callback(body).status_code == 200
    assert callback(body).status_code == 200
    dossier = Dossier.objects.get(pk=shipment.dossier_id)
    assert dossier.status == S.FINISHED
    assert dossier.transitions.filter(action="post_returned").count() == 1
    assert dossier.tasks.filter(finished_at__isnull=True, kind="return").count() == 1


@pytest.mark.parametrize("secret,status", [("wrong-secret", 403), ("", 403)], ids=["other secret", "unsigned"])
def test_a_callback_without_the_right_signature_changes_nothing(cast: Cast, secret: str, status: int) -> None:
    shipment = posted(cast)
    raw = json.dumps({"tracking_number": shipment.tracking_number, "status": "delivered"}).encode()
    headers = {"HTTP_X_MOTCUA_SIGNATURE": callback_signature(raw, secret)} if secret else {}
    response = Client().post("/api/v1/postal/callback", raw, content_type="application/json", **headers)
    assert response.status_code == status
    assert Shipment.objects.get(pk=shipment.pk).status == St.HANDED_OVER


def test_callbacks_are_refused_while_no_secret_is_configured(cast: Cast, settings: Any) -> None:
    shipment = posted(cast)
    settings.POSTAL_CALLBACK_SECRET = ""
    response = callback({"tracking_number": shipment.tracking_number, "status": "delivered"}, secret="")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body,status",
    [
        ({"tracking_number": "NOPE", "status": "delivered"}, 404),
        ({"tracking_number": "EN123456789VN", "status": "lost"}, 400),
        ({"tracking_number": "EN123456789VN", "status": "delivered", "at": "yesterday"}, 400),
        ({"status": "delivered"}, 400),
        (["not", "an", "object"], 400),
    ],
)
def test_a_bad_callback_is_a_client_error_never_a_500(cast: Cast, body: Any, status: int) -> None:
    posted(cast)
    response = callback(body)
    assert response.status_code == status
    assert "error" in response.json()


def test_the_callback_accepts_only_post(cast: Cast) -> None:
    assert Client().get("/api/v1/postal/callback").status_code == 405


# --- received by post, hand-over list -------------------------------------------------------------------


def test_a_dossier_received_by_post_is_recorded_as_a_shipment_from_the_applicant(cast: Cast) -> None:
    dossier = received(cast, channel="postal")
    shipment = shipment_record_incoming(actor=cast.clerk, dossier=dossier, tracking_number="RR55VN", fee=0)
    assert shipment.direction == Shipment.Direction.FROM_APPLICANT
    assert shipment.status == St.DELIVERED
    with pytest.raises(NotPermitted):
        shipment_record_incoming(actor=cast.officer, dossier=dossier, tracking_number="RR56VN")


def test_the_handover_list_has_the_days_posted_results_of_the_users_agency(cast: Cast) -> None:
    first = posted(cast, tracking="EN1000VN")
    second = posted(cast, tracking="=HYPERLINK(1)", name="Trần Thị Bình")
    day = at("2027-03-04 09:00").date()
    assert [s.pk for s in handover_list(cast.clerk, day)] == [first.pk, second.pk]
    assert handover_list(cast.other_clerk, day) == []
    assert handover_list(cast.clerk, at("2027-03-05 09:00").date()) == []
    html = handover_html(handover_list(cast.clerk, day), day)
    assert "EN1000VN" in html and "Trần Thị Bình" in html and "04/03/2027" in html
    assert "50.000" in html  # the total postage

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(handover_xlsx(handover_list(cast.clerk, day), day))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "EN1000VN"
    assert rows[2][1] == "'=HYPERLINK(1)"  # escaped: never a formula
