"""The applicant hears of the post: the result handed over (with the tracking number) and brought back."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.notices.models import Notice
from motcua.postal.models import Shipment
from motcua.postal.services import shipment_update_status
from tests.conftest import Cast
from tests.postal.test_shipments import SECRET, callback, posted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secret(settings: Any) -> None:
    settings.POSTAL_CALLBACK_SECRET = SECRET


def events() -> list[str]:
    return list(Notice.objects.order_by("id").values_list("event", flat=True))


def test_a_result_handed_to_the_post_tells_the_applicant_the_tracking_number(cast: Cast) -> None:
    shipment = posted(cast, tracking="EN123456789VN")
    assert events() == ["received", "result_ready", "handed_to_post"]
    notice = Notice.objects.get(event="handed_to_post")
    assert notice.channel == "sms" and notice.recipient == "+84912345678"
    assert "EN123456789VN" in notice.text and shipment.dossier.code in notice.text
    assert "09:00 04/03/2027" in notice.text  # when it was handed over
    assert notice.transition is not None and notice.transition.action == "handed_to_post"


def test_a_result_the_post_brings_back_tells_the_applicant_once_and_is_not_a_new_result(cast: Cast) -> None:
    shipment = posted(cast)
    shipment_update_status(
        shipment=shipment, status=Shipment.Status.RETURNED_TO_SENDER, actor=cast.clerk, note="Không có người nhận"
    )
    assert events() == ["received", "result_ready", "handed_to_post", "post_returned"]
    notice = Notice.objects.get(event="post_returned")
    assert "Không có người nhận" in notice.text and shipment.dossier.code in notice.text
    assert notice.priority is True  # the applicant has to act


def test_the_posts_callback_returning_the_result_twice_notifies_once(cast: Cast) -> None:
    shipment = posted(cast)
    body = {"event_id": "ev-9", "tracking_number": shipment.tracking_number, "status": "returned_to_sender"}
    assert callback(body).status_code == 200
    assert callback(body).status_code == 200
    assert Notice.objects.filter(event="post_returned").count() == 1
    assert Notice.objects.filter(event="result_ready").count() == 1


def test_zalo_carries_the_tracking_number_as_a_template_parameter(cast: Cast, settings: Any) -> None:
    settings.ZALO_ZNS_TEMPLATES = {"handed_to_post": "238005"}
    posted(cast, tracking="EN777VN")
    notice = Notice.objects.get(channel="zalo")
    assert notice.event == "handed_to_post"
    assert notice.params["template_id"] == "238005" and notice.params["template_data"]["tracking"] == "EN777VN"


def test_the_postal_notices_speak_vietnamese(cast: Cast) -> None:
    shipment = posted(cast, tracking="EN42VN")
    shipment_update_status(shipment=shipment, status=Shipment.Status.RETURNED_TO_SENDER, actor=cast.clerk)
    assert "gửi qua bưu chính" in Notice.objects.get(event="handed_to_post").text
    assert "Bưu chính không phát được" in Notice.objects.get(event="post_returned").text
