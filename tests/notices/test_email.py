"""E-mail notices go through Django's SMTP backend to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from motcua.notices.models import Notice
from tests.conftest import Cast
from tests.dossiers.factories import applicant, received

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.DEFAULT_FROM_EMAIL = "motcua@sotuphap.example.vn"
    yield inbox
    controller.stop()


def test_an_email_notice_reaches_the_smtp_server_with_its_idempotency_id(cast: Cast, smtp: Inbox) -> None:
    dossier = received(cast, applicant=applicant(phone="", email="an@example.vn"))
    call_command("worker", "--burst", verbosity=0)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.ACCEPTED
    [message] = smtp.messages
    assert message["To"] == "an@example.vn" and message["From"] == "motcua@sotuphap.example.vn"
    assert message["Message-ID"] == f"<{notice.uuid}@sotuphap.example.vn>" == notice.provider_message_id
    assert dossier.code in str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert dossier.code in message.get_payload(decode=True).decode()


def test_a_refused_mailbox_fails_the_notice_for_good(cast: Cast, smtp: Inbox) -> None:
    smtp.refuse.add("nobody@example.vn")
    received(cast, applicant=applicant(phone="", email="nobody@example.vn"))
    call_command("worker", "--burst", verbosity=0)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.FAILED and "refused" in notice.reason
    assert smtp.messages == []


def test_an_unreachable_smtp_server_is_retried(cast: Cast, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    settings.NOTICE_RETRY_BASE_SECONDS = 600
    received(cast, applicant=applicant(phone="", email="an@example.vn"))
    call_command("worker", "--burst", verbosity=0)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.QUEUED and notice.attempts == 1 and "SMTP unreachable" in notice.reason
