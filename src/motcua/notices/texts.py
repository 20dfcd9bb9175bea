"""The wording of notices: defaults in code (English source, translated through the catalogues), a
centre's overrides in NoticeTemplate, rendering with Django template syntax, and SMS length."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from motcua.core.text import strip_diacritics
from motcua.notices.models import Event, NoticeChannel, NoticeTemplate

_ENGINE = Engine(autoescape=False)

# The SMS text of each event; e-mails carry the same text, a subject and the procedure and agency.
DEFAULT_SMS: dict[str, str] = {
    Event.RECEIVED: N_(
        "Dossier {{ code }} was received on {{ received }}; the result is due {{ due }}. Track it: {{ url }}"
    ),
    Event.SUPPLEMENT_REQUESTED: N_("Dossier {{ code }} needs supplements: {{ note }}. Details: {{ url }}"),
    Event.FEES_REQUESTED: N_("Dossier {{ code }}: please pay the fees ({{ fee }}) to continue. Details: {{ url }}"),
    Event.APOLOGISED: N_(
        "We apologise: dossier {{ code }} is late ({{ note }}). The result is now due {{ due }}. Details: {{ url }}"
    ),
    Event.RESULT_READY: N_("The result of dossier {{ code }} is ready ({{ delivery }}). Details: {{ url }}"),
    Event.RETURNED: N_("The result of dossier {{ code }} was handed over on {{ at }}. Thank you."),
    Event.SURVEY_INVITATION: N_("Please rate how we handled dossier {{ code }}: {{ survey_url }}"),
    Event.HANDED_TO_POST: N_(
        "The result of dossier {{ code }} was sent to you by post on {{ at }}, tracking number {{ tracking }}."
        " Details: {{ url }}"
    ),
    Event.POST_RETURNED: N_(
        "The post could not deliver the result of dossier {{ code }} ({{ note }}). Collect it at the centre"
        " or ask us to post it again. Details: {{ url }}"
    ),
}
DEFAULT_EMAIL_SUBJECT = N_("Dossier {{ code }}: {{ event }}")
DEFAULT_EMAIL_FOOTER = N_("Procedure: {{ procedure }}\n{{ agency }}")

# Sample values for the admin's preview.
SAMPLE_CONTEXT: dict[str, str] = {
    "code": "000.00.20.H49-270301-0001",
    "applicant": "Nguyễn Văn An",
    "procedure": "Thủ tục cấp Phiếu lý lịch tư pháp",
    "agency": "Sở Tư pháp",
    "received": "08:00 01/03/2027",
    "due": "08:00 15/03/2027",
    "at": "09:00 16/03/2027",
    "url": "https://dichvucong.example.gov.vn/tra-cuu/?ma=000.00.20.H49-270301-0001",
    "note": "bản sao Căn cước công dân",
    "fee": "200.000 đ",
    "delivery": "nhận tại Bộ phận một cửa",
    "survey_url": "https://dichvucong.example.gov.vn/danh-gia/",
    "tracking": "EL123456789VN",
    "event": "",
}


@dataclass
class Rendered:
    subject: str
    text: str


def local_time(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def money(value: Decimal | int | None) -> str:
    return f"{int(value or 0):,}".replace(",", ".") + " đ"


def template_check(body: str) -> str:
    """'' when ``body`` compiles, else the error (the admin shows it)."""
    try:
        _ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        return str(exc)
    return ""


def _render(body: str, context: dict[str, Any]) -> str:
    return _ENGINE.from_string(body).render(Context(context, autoescape=False)).strip()


def notice_render(
    *,
    event: str,
    channel: str,
    language: str,
    context: dict[str, Any],
    override: NoticeTemplate | None = None,
) -> Rendered:
    """The subject and text of one notice, in ``language``; ``override`` (a NoticeTemplate) wins."""
    with translation.override(language):
        context = {**context, "event": str(Event(event).label)}
        if override is not None and override.body.strip():
            subject = _render(override.subject or _(DEFAULT_EMAIL_SUBJECT), context)
            text = _render(override.body, context)
        else:
            subject = _render(_(DEFAULT_EMAIL_SUBJECT), context)
            text = _render(_(DEFAULT_SMS[event]), context)
            if channel == NoticeChannel.EMAIL:
                text = f"{text}\n\n{_render(_(DEFAULT_EMAIL_FOOTER), context)}"
    if channel in {NoticeChannel.SMS, NoticeChannel.ZALO}:
        subject = ""
    if channel == NoticeChannel.SMS:
        if settings.SMS_ASCII:
            text = strip_diacritics(text)
    return Rendered(subject=subject, text=text)


def overrides_for(event: str, language: str) -> dict[str, NoticeTemplate]:
    return {t.channel: t for t in NoticeTemplate.objects.filter(event=event, language=language)}


# --- SMS length --------------------------------------------------------------------------------------

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "gsm7" or "ucs2"
    units: int  # septets (GSM-7, extended characters count 2) or UTF-16 code units (UCS-2)
    parts: int


def sms_length(text: str) -> SmsLength:
    """How a phone network counts ``text``: GSM-7 (160 per message, 153 per part when concatenated)
    unless one character is outside it, then UCS-2 (70, 67 per part). One Vietnamese diacritic outside
    GSM-7 (most of them) turns the whole message into UCS-2."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi, encoding = 160, 153, "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "ucs2"
    parts = 1 if units <= single else math.ceil(units / multi)
    return SmsLength(encoding=encoding, units=units, parts=parts if units else 0)
