"""Sample dossiers for the demo centre, made by the same service functions the desks call, at instants
counted back from now in working days, so that the inboxes show every due band and every desk has work:
an online submission to receive, dossiers in appraisal (on track, due within a working day, overdue), one
at the approval step (approved by a deputy under an authorisation), a supplement request at the counter and
one online (the applicant can complete it on the tracking page), a refusal, a
finished dossier whose electronic result the applicant can download, and a returned one.

Only an empty database gets them: a second run finds the demo dossiers (their applicants' e-mail
addresses are on the demo domain) and creates nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.catalogue.models import ProcedureVersion
from motcua.demo import data
from motcua.dossiers.models import Authorisation, Dossier
from motcua.dossiers.services import (
    Applicant,
    dossier_approve,
    dossier_forward,
    dossier_receive,
    dossier_reject,
    dossier_request_supplement,
    dossier_result_attach,
    dossier_return_result,
    dossier_submit,
)
from motcua.organisation.models import Agency, ServicePoint
from motcua.workdays.services import calendar_load

DOMAIN = "demo.motcua.invalid"
PHONE = "0912 345 678"  # every demo applicant's phone: the public lookup takes code + this number


@dataclass(frozen=True)
class DemoLookup:
    code: str
    status: str
    phone: str


def demo_dossiers_load(*, now: dt.datetime | None = None) -> list[DemoLookup]:
    """Create the sample dossiers unless there are some already; return them for the lookup hints."""
    existing = Dossier.objects.filter(applicant_email__endswith=f"@{DOMAIN}").order_by("id")
    if not existing.exists():
        with transaction.atomic():
            _create(now or timezone.now())
    return [DemoLookup(str(d.code), str(d.get_status_display()), PHONE) for d in existing.order_by("id")]


def _create(now: dt.datetime) -> None:
    cal = calendar_load()
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="tuphap.")}
    clerk, officer = users["tuphap.tiepnhan"], users["tuphap.chuyenvien"]
    deputy, director = users["tuphap.lanhdao"], users["tuphap.giamdoc"]
    justice = Agency.objects.get(identifier=data.JUSTICE)
    desk = ServicePoint.objects.get(name=data.CENTRE_POINT)

    def back(days: float, hour: int | None = 9) -> dt.datetime:
        """``days`` working days before now (at ``hour`` on that day, unless None)."""
        ordinal = cal.working_ordinal(now) - int(days * cal.minutes_per_day)
        instant = cal.from_working_ordinal(max(ordinal, 0), end=False, aware=True)
        return min(instant if hour is None else instant.replace(hour=hour, minute=0), now)

    def version(code: str) -> ProcedureVersion:
        return ProcedureVersion.objects.get(procedure__code=code, status=ProcedureVersion.Status.PUBLISHED)

    def person(name: str, id_number: str, email: str) -> Applicant:
        address = f"Phường Hạ Long, tỉnh {data.PROVINCE_NAME}"
        return Applicant(name=name, id_number=id_number, phone=PHONE, email=f"{email}@{DOMAIN}", address=address)

    def counter(
        code: str, applicant: Applicant, days: float, delivery: str = "counter", hour: int | None = 9
    ) -> Dossier:
        return dossier_receive(
            actor=clerk,
            version=version(code),
            agency=justice,
            applicant=applicant,
            received_at=back(days, hour),
            service_point=desk,
            result_delivery=delivery,
        )

    # The deputy director approves under the director's authorisation (ủy quyền) for the whole agency.
    Authorisation.objects.create(
        decision_number="15/QĐ-STP",
        grantor_agency=justice,
        grantee=deputy,
        can_approve=True,
        valid_from=back(60),
        valid_to=now + dt.timedelta(days=365),
    )

    dossier_submit(
        version=version("1.005464"),
        agency=justice,
        applicant=Applicant(
            name="Công ty TNHH Hải Long",
            id_number="5701234567",
            phone=PHONE,
            email=f"hailong@{DOMAIN}",
            kind=Dossier.ApplicantKind.ORGANISATION,
        ),
        submitted_at=back(0.5),
        channel=Dossier.Channel.ONLINE,
    )
    # An online request the clerk sent back at reception: the applicant completes it on the tracking page.
    legal_aid = dossier_submit(
        version=version("2.000829"),
        agency=justice,
        applicant=person("Ngô Thị Thanh Hà", "022193005678", "thanhha"),
        submitted_at=back(1.5),
        channel=Dossier.Channel.ONLINE,
    )
    dossier_request_supplement(
        actor=clerk,
        dossier=legal_aid,
        missing="Giấy tờ chứng minh thuộc diện được trợ giúp pháp lý\nBản sao giấy tờ tùy thân có ảnh",
        at=back(1),
    )
    counter("1.013835", person("Nguyễn Văn Bình", "022085001234", "binh"), 2)  # appraisal, on track
    counter("1.013807", person("Trần Thị Thu Trang", "022190004567", "trang"), 4.5, hour=None)  # due within a day
    counter("1.013859", person("Lê Quang Huy", "022088007890", "huy"), 9)  # overdue at appraisal
    waiting = counter("1.002153", person("Phạm Minh Đức", "022087002345", "duc"), 5)
    dossier_forward(actor=officer, dossier=waiting, note="Hồ sơ đủ điều kiện.", at=back(3))
    incomplete = counter("1.013803", person("Vũ Thị Hạnh", "022192006789", "hanh"), 3)
    missing = "Bản sao Giấy chứng nhận tốt nghiệp đào tạo nghề công chứng"
    dossier_request_supplement(actor=officer, dossier=incomplete, missing=missing, at=back(2))
    refused = counter("2.001395", person("Đặng Văn Sơn", "022086003456", "son"), 8)
    refused = dossier_forward(actor=officer, dossier=refused, at=back(6))
    dossier_reject(actor=director, dossier=refused, reason="Chưa đủ điều kiện về trụ sở theo quy định.", at=back(5))

    def approved(dossier: Dossier, days: float) -> Dossier:
        dossier = dossier_forward(actor=officer, dossier=dossier, note="Đủ điều kiện cấp.", at=back(days + 1))
        return dossier_approve(actor=deputy, dossier=dossier, at=back(days))

    finished = approved(counter("1.003915", person("Hoàng Thị Mai Anh", "022195008901", "maianh"), 7, "online"), 2)
    upload = SimpleUploadedFile("ket-qua.pdf", _result_pdf(finished), content_type="application/pdf")
    dossier_result_attach(
        actor=officer, dossier=finished, upload=upload, name="Chứng chỉ hành nghề đấu giá", at=back(2)
    )
    returned = approved(counter("1.008927", person("Bùi Đức Thịnh", "022089009012", "thinh"), 6), 3)
    dossier_return_result(actor=clerk, dossier=returned, collected_by=returned.applicant_name, at=back(1))


def _result_pdf(dossier: Dossier) -> bytes:
    """A one-page electronic result in Vietnamese (a sample: not a signed document)."""
    from django.utils.html import escape

    from motcua.documents.rendering import html_to_pdf

    return html_to_pdf(
        "<html lang='vi'><body style='font-family: \"Liberation Serif\", serif'>"
        f"<p style='text-align:center'><b>SỞ TƯ PHÁP TỈNH {escape(data.PROVINCE_NAME.upper())}</b></p>"
        "<h1 style='text-align:center'>CHỨNG CHỈ HÀNH NGHỀ ĐẤU GIÁ</h1>"
        f"<p>Cấp cho: <b>{escape(dossier.applicant_name)}</b></p>"
        f"<p>Theo hồ sơ số: {escape(dossier.code)}</p>"
        "<p><i>Bản mẫu của hệ thống trình diễn motcua, không có giá trị pháp lý.</i></p>"
        "</body></html>"
    )
