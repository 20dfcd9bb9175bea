"""Records of the national public service portal (dichvucong.gov.vn), one JSON object per procedure.

The crawl keeps every field as a string. Table-valued fields (ways of submission, documents, legal
basis, results) are the page text of the table with the cell separators lost, e.g.
``"Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến7 Ngày làm việcMiễn phíTrực tiếp…"``; the
functions here cut them back into cells. They are pure: no database, no settings beyond gettext.
Whatever they cannot read with confidence becomes a review note (see docs/formats.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.importers.numbers import vn_number
from motcua.catalogue.records import ChannelRecord, DocumentRecord, LegalBasisRecord, ProcedureRecord
from motcua.core.text import fold, nfc, squash

SOURCE = "dvcqg"


def _letters(test: str) -> str:
    chars = [chr(c) for c in [*range(0x41, 0x7B), *range(0xC0, 0x1B1), *range(0x1EA0, 0x1EFA)]]
    return "".join(ch for ch in chars if getattr(ch, test)())


# Vietnamese lower- and upper-case letters for character classes ("à-ỹ" would mix both cases).
LOWER = _letters("islower")
UPPER = _letters("isupper")
NO_INFO = "Không có thông tin"

# ---------------------------------------------------------------------------------------------------
# Ways of submission: channel, time limit, fee, description
# ---------------------------------------------------------------------------------------------------

CHANNEL_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
CHANNEL_LABELS = {
    "Trực tiếp": "in_person",
    "Trực tuyến": "online",
    "Dịch vụ bưu chính": "postal",
    "Bưu chính": "postal",
}
_LABEL_RE = re.compile(r"Dịch vụ bưu chính|Bưu chính|Trực tuyến|Trực tiếp")
_UNITS = {
    "ngày làm việc": "working_day",
    "giờ làm việc": "hour",
    "ngày": "day",
    "giờ": "hour",
    "tháng": "month",
}
_UNIT_WORDS = r"ngày làm việc|giờ làm việc|ngày|giờ|tháng"
_TIME_WITH_UNIT_RE = re.compile(rf"(\d+(?:[.,]\d+)?)\s?({_UNIT_WORDS})(?-i:(?![{LOWER}]))", re.IGNORECASE)
_CURRENCY = r"Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|Đô la Mỹ"
_AMOUNT_RE = re.compile(rf"(\d[\d.,]*)\s?({_CURRENCY})")
_BARE_AMOUNT_RE = re.compile(rf"(\d+)((?:,\d{{3}})*)\s?({_CURRENCY})")
_FEE_CELL_RE = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})*$")
_FREE_WORDS = ("Miễn phí", "Không thu phí", "Không thu")
CHANNEL_LABEL_TEXT = {"in_person": "in-person", "online": "online", "postal": "postal"}

# A "Miễn phí" cell whose own note says otherwise (the amount is set elsewhere, or a fee is quoted).
_FREE_CONTRADICTED = [
    re.compile(r"Hội đồng nhân dân", re.IGNORECASE),
    re.compile(r"\d[\d.]*\s?(?:đồng|Đồng|VNĐ|USD)"),
    re.compile(r"Miễn (?:lệ )?phí (?:cho|đối với)", re.IGNORECASE),
    re.compile(r"^\W*Phí thẩm định", re.IGNORECASE),
    re.compile(r"^\W*Thực hiện theo", re.IGNORECASE),
]
_FEE_LINE_RE = re.compile(r"(?<!\w)(Lệ phí|Phí)\s*:\s*(\d[\d.]*)\s*(?:đồng|Đồng|VNĐ|đ\b)")
_TIME_IN_TEXT_RE = re.compile(
    rf"[Tt]hời hạn giải quyết\s*:?[^.;\n\d]{{0,40}}?(\d+)\s*({_UNIT_WORDS})(?-i:(?![{LOWER}]))", re.IGNORECASE
)


@dataclass
class _Row:
    channel: str
    start: int
    end: int
    time_text: str
    time_value: Decimal | None
    time_unit: str  # "" = not stated
    fee_text: str
    fee_amount: Decimal | None
    fee_currency: str
    fee_free: bool
    split_candidates: list[tuple[str, str]] = field(default_factory=list)  # ambiguous time|fee digits
    fee_note: str = ""
    description: str = ""


def _match_fee(text: str) -> tuple[str, Decimal | None, str, bool] | None:
    """The fee cell at the start of ``text``: (raw cell, amount, currency, free)."""
    for word in _FREE_WORDS:
        if text.startswith(word):
            return word, Decimal(0), "VND", True
    if text.startswith(NO_INFO):
        return NO_INFO, None, "VND", False
    m = _AMOUNT_RE.match(text)
    if m:
        return m.group(0), vn_number(m.group(1), thousands=","), _currency(m.group(2)), False
    if re.match(rf"Không(?![{LOWER} ])", text):
        return "Không", Decimal(0), "VND", True
    return None


def _currency(word: str) -> str:
    return "USD" if word in {"USD", "Đô la Mỹ"} else "VND"


def _parse_row_at(text: str, label_end: int, channel: str, label_start: int) -> _Row | None:
    """Read the time and fee cells that follow a channel label, or None if they do not."""
    rest = text[label_end:]
    row = _Row(channel, label_start, label_end, "", None, "", "", None, "VND", False)
    if rest.startswith(NO_INFO):
        row.time_text = NO_INFO
        pos = len(NO_INFO)
    elif m := _TIME_WITH_UNIT_RE.match(rest):
        row.time_text = m.group(0)
        row.time_value = vn_number(m.group(1))
        row.time_unit = _UNITS[m.group(2).lower()]
        pos = m.end()
    elif m := re.match(r"\d+", rest):
        digits = m.group(0)
        after = rest[m.end() :]
        fee = _match_fee(after)
        if fee is not None and not fee[0][:1].isdigit():
            row.time_text = digits
            row.time_value = Decimal(digits)
            pos = m.end()
        else:
            bare = _BARE_AMOUNT_RE.match(rest)
            if bare is None:
                return None
            # The time cell has no unit and the fee starts with a digit: "1200 VNĐ" may be 1 | 200 or
            # 12 | 00 ... keep the splits that give a well-formed fee cell.
            run, tail = bare.group(1), bare.group(2)
            for i in range(1, len(run)):
                time_part, fee_part = run[:i], run[i:] + tail
                if _FEE_CELL_RE.match(fee_part) and not (time_part.startswith("0") and len(time_part) > 1):
                    row.split_candidates.append((time_part, fee_part))
            if not row.split_candidates:
                return None
            row.fee_currency = _currency(bare.group(3))
            row.fee_text = bare.group(0)
            row.end = label_end + bare.end()
            return row
    else:
        return None
    fee = _match_fee(rest[pos:])
    if fee is None:
        return None
    row.fee_text, row.fee_amount, row.fee_currency, row.fee_free = fee
    row.end = label_end + pos + len(row.fee_text)
    return row


def _split_note(tail: str) -> tuple[str, str]:
    """A fee cell may be followed by "(note)" (parentheses may nest); the rest is the description."""
    if not tail.startswith("("):
        return "", tail
    depth = 0
    for i, ch in enumerate(tail):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return tail[1:i], tail[i + 1 :]
    return tail[1:], ""


def split_channel_rows(text: str) -> list[_Row]:
    """Cut the flattened "Cách thức thực hiện" table into rows (no interpretation yet)."""
    text = nfc(text)
    if text.startswith(CHANNEL_HEADER):
        text = text[len(CHANNEL_HEADER) :]
    rows: list[_Row] = []
    for m in _LABEL_RE.finditer(text):
        if rows and m.start() < rows[-1].end:
            continue
        row = _parse_row_at(text, m.end(), CHANNEL_LABELS[m.group(0)], m.start())
        if row is not None:
            rows.append(row)
    for i, row in enumerate(rows):
        stop = rows[i + 1].start if i + 1 < len(rows) else len(text)
        note, description = _split_note(text[row.end : stop])
        row.fee_note = note.strip()
        row.description = description.strip()
    return rows


def _unit_evidence(number: Decimal, description: str, page: str) -> set[str]:
    """Units that the texts attach to ``number``: "05 ngày làm việc" anywhere in the row's description,
    or a time-limit phrase ("trong thời hạn 05 ngày làm việc", "không quá 05 ngày") in the page."""
    n = re.escape(format(number.normalize(), "f"))
    unit = rf"({_UNIT_WORDS})(?-i:(?![{LOWER}]))"
    anywhere = re.compile(rf"(?<![\d/.,])0*{n}\s*{unit}", re.IGNORECASE)
    phrased = re.compile(rf"(?:thời hạn(?: giải quyết)?|không quá|tối đa)\s*(?:là|:)?\s*0*{n}\s*{unit}", re.IGNORECASE)
    for pattern, text in ((anywhere, description), (phrased, page)):
        found = {_UNITS[m.group(1).lower()] for m in pattern.finditer(text)}
        if found:
            return found
    return set()


def _fee_kind(text: str) -> str:
    lower = text.lower()
    le = lower.find("lệ phí")
    phi = -1
    for m in re.finditer(r"(?<!\w)phí", lower):
        before = lower[max(0, m.start() - 4) : m.start()]
        if not before.endswith(("lệ ", "miễn ")):
            phi = m.start()
            break
    if le < 0 and phi < 0:
        return ""
    if phi < 0 or (0 <= le < phi):
        return "le_phi"
    return "phi"


def parse_channels(text: str, *, context: str = "") -> tuple[list[ChannelRecord], list[str]]:
    """Channels with time limit and fee from the flattened ``cach_thuc_thuc_hien`` cell.

    ``context`` (the whole page text) is only read to find the unit of a time limit announced as a bare
    number. Returns the channels and the review notes for what could not be read with confidence.
    """
    notes: list[str] = []
    rows = split_channel_rows(text)
    if not rows:
        if squash(text) and squash(text) not in (CHANNEL_HEADER, NO_INFO):
            notes.append(_("The ways of submission could not be read: %(text)s") % {"text": squash(text)[:200]})
        else:
            notes.append(_("No way of submission is given."))
        return [], notes
    known_times = {r.time_text for r in rows if r.time_value is not None and not r.split_candidates}
    channels: list[ChannelRecord] = []
    for row in rows:
        label = CHANNEL_LABEL_TEXT[row.channel]
        if row.split_candidates:
            _resolve_split(row, known_times)
        if row.split_candidates:
            notes.append(
                _(
                    "%(channel)s channel: the time limit and the fee run together (%(text)s); "
                    "it cannot be told where one ends."
                )
                % {"channel": label, "text": row.fee_text}
            )
        channel = ChannelRecord(channel=row.channel, description=nfc(row.description))
        _read_time(row, channel, notes, label, context)
        _read_fee(row, channel, notes, label)
        channels.append(channel)
    return channels, notes


def _resolve_split(row: _Row, known_times: set[str]) -> None:
    """Choose between the splits of "1200 VNĐ": a single well-formed one, or the one whose time part
    equals the time given for another channel of the same procedure."""
    candidates = row.split_candidates
    if len(candidates) > 1:
        candidates = [c for c in candidates if c[0] in known_times]
    if len(candidates) != 1:
        return
    time_part, fee_part = candidates[0]
    row.split_candidates = []
    row.time_text = time_part
    row.time_value = Decimal(time_part)
    row.fee_amount = vn_number(fee_part, thousands=",")


def _read_time(row: _Row, channel: ChannelRecord, notes: list[str], label: str, context: str) -> None:
    if row.split_candidates:
        channel.time_note = row.fee_text
        return
    channel.time_note = row.time_text
    if row.time_value is None:
        m = _TIME_IN_TEXT_RE.search(row.description)
        if m:
            channel.time_limit = vn_number(m.group(1))
            channel.time_unit = _UNITS[m.group(2).lower()]
            channel.time_note = squash(m.group(0))
            return
        notes.append(_("%(channel)s channel: no time limit is given.") % {"channel": label})
        return
    channel.time_limit = row.time_value
    if row.time_unit:
        channel.time_unit = row.time_unit
        return
    # A bare number: the portal left the unit empty. Look for the same number with a unit in the row's
    # description, then in the page text; without any, working days (see docs/formats.md).
    evidence = _unit_evidence(row.time_value, row.description, context)
    if len(evidence) == 1:
        channel.time_unit = evidence.pop()
    elif not evidence:
        channel.time_unit = "working_day"
    else:
        notes.append(
            _("%(channel)s channel: the time limit %(value)s has no unit and the text gives several.")
            % {"channel": label, "value": row.time_text}
        )
        channel.time_unit = "working_day"


def _read_fee(row: _Row, channel: ChannelRecord, notes: list[str], label: str) -> None:
    channel.fee_currency = row.fee_currency
    channel.fee_note = squash(f"{row.fee_text} ({row.fee_note})" if row.fee_note else row.fee_text)
    words = f"{row.fee_note} {row.description}"
    if row.split_candidates:
        return
    if row.fee_free:
        if any(p.search(row.fee_note) for p in _FREE_CONTRADICTED):
            notes.append(
                _("%(channel)s channel: the fee says free but its note says otherwise: %(note)s")
                % {"channel": label, "note": squash(row.fee_note)[:160]}
            )
            channel.fee_kind = _fee_kind(words)
            return
        channel.fee_amount = Decimal(0)
        return
    if row.fee_amount is None:
        notes.append(_("%(channel)s channel: no fee information is given.") % {"channel": label})
        channel.fee_kind = _fee_kind(words)
        return
    channel.fee_amount = row.fee_amount
    channel.fee_kind = _fee_kind(words)
    if row.fee_currency == "VND" and row.fee_amount < 1000:
        notes.append(
            _("%(channel)s channel: a fee of %(amount)s VND is implausible (%(text)s).")
            % {"channel": label, "amount": row.fee_amount, "text": row.fee_text}
        )
        return
    lines: dict[str, Decimal] = {}
    for m in _FEE_LINE_RE.finditer(words):
        kind = "le_phi" if m.group(1) == "Lệ phí" else "phi"
        amount = vn_number(m.group(2))
        if amount is not None:
            lines.setdefault(kind, amount)
    if len(lines) == 2:
        total = lines["phi"] + lines["le_phi"]
        if row.fee_amount in (lines["phi"], lines["le_phi"], total):
            channel.fee_amount = total
            channel.fee_kind = "mixed"
        else:
            notes.append(
                _("%(channel)s channel: the fee cell (%(text)s) disagrees with the fee lines of its note.")
                % {"channel": label, "text": row.fee_text}
            )
    elif len(lines) == 1:
        channel.fee_kind = next(iter(lines))
    if "/trang" in words:
        notes.append(_("%(channel)s channel: the fee is charged per page.") % {"channel": label})


# ---------------------------------------------------------------------------------------------------
# Required documents
# ---------------------------------------------------------------------------------------------------

DOCUMENT_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
_QUANTITY_RE = re.compile(
    r"(?<![\s(\d])(\d{1,2}) bản (chính|sao)(?:,\s?(\d{1,2}) bản (sao|chính))?"
    rf"(?=$|[{UPPER}\-+*•\d]|--)"
)
_FORM_EXT = r"\.(?:docx?|pdf|xlsx?|rtf|odt)"


def _take_forms(name: str) -> tuple[str, list[str]]:
    forms: list[str] = []
    while True:
        m = re.search(rf"[^.;:]{{1,120}}?{_FORM_EXT}$", name, re.IGNORECASE)
        if not m:
            break
        candidate = m.group(0)
        # A cell boundary shows as a lower-case letter glued to an upper-case one ("ngoàiMẫu TP-LS").
        glued = [g.start() + 1 for g in re.finditer(rf"[{LOWER}\d)][{UPPER}][{LOWER}]", candidate)]
        if glued:
            candidate = candidate[glued[-1] :]
        elif m.start() == 0 or name[m.start() - 1] not in ".;:":
            break
        forms.insert(0, candidate.strip())
        name = name[: len(name) - len(candidate)]
    return name.strip(), forms


def parse_documents(text: str) -> tuple[list[DocumentRecord], list[str]]:
    """Required documents from the flattened ``thanh_phan_ho_so`` cell, grouped by case header."""
    text = nfc(text)
    notes: list[str] = []
    if not squash(text) or squash(text) == NO_INFO:
        return [], notes
    documents: list[DocumentRecord] = []
    group = ""
    pending = ""
    chunks = text.split(DOCUMENT_HEADER)
    if len(chunks) == 1:
        notes.append(_("The list of documents could not be read."))
        return [], notes
    for index, chunk in enumerate(chunks):
        if index > 0:
            group = _group_title(pending)
        pos = 0
        for m in _QUANTITY_RE.finditer(chunk):
            name, forms = _take_forms(chunk[pos : m.start()].strip())
            originals = copies = 0
            for number, kind in ((m.group(1), m.group(2)), (m.group(3), m.group(4))):
                if number is None:
                    continue
                if kind == "chính":
                    originals = int(number)
                else:
                    copies = int(number)
            if squash(name):
                documents.append(
                    DocumentRecord(
                        name=nfc(name),
                        group=squash(group)[:500],
                        form_name=squash("; ".join(forms))[:500],
                        originals=originals,
                        copies=copies,
                        quantity_note=squash(m.group(0))[:255],
                    )
                )
            pos = m.end()
        pending = chunk[pos:]
    if squash(pending):
        documents.append(DocumentRecord(name=nfc(pending), group=squash(group)[:500]))
        notes.append(_("A document has no quantity: %(name)s") % {"name": squash(pending)[:120]})
    return documents, notes


def _group_title(text: str) -> str:
    title = squash(text).strip("-*: ").strip()
    return title


# ---------------------------------------------------------------------------------------------------
# Legal basis, result, levels
# ---------------------------------------------------------------------------------------------------

LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
_DOC_SUFFIX = rf"(?:QH\d{{2}}|[A-ZĐ]+(?:-(?:TTg|[A-ZĐ]+))*)(?![{LOWER}])"
_DOC_NUMBER_RE = re.compile(
    rf"(?:(?<=năm \d{{4}})|(?<=QH\d{{2}})|(?<![\d.]))(\d{{1,4}}(?:\.\d+)?/\d{{4}}/{_DOC_SUFFIX})"
)
_TITLE_TAIL_RE = re.compile(rf"(?<=[{LOWER})])(?:Thông tư|Nghị định|Luật|Quyết định|Nghị quyết)(?: số)?\s*$")


def parse_legal_bases(text: str) -> list[LegalBasisRecord]:
    """Legal bases from the flattened ``can_cu_phap_ly`` cell: each title is followed by its number."""
    text = nfc(text)
    if text.startswith(LEGAL_HEADER):
        text = text[len(LEGAL_HEADER) :]
    if not squash(text) or squash(text) == NO_INFO:
        return []
    bases: list[LegalBasisRecord] = []
    pos = 0
    for m in _DOC_NUMBER_RE.finditer(text):
        after = text[m.end() : m.end() + 2]
        # A number in the "Mã văn bản" cell ends its row: the next title (upper case) or the end follows.
        # One inside a title is followed by " ngày", ",", ")" ...
        if after and not re.match(rf"\s?[{UPPER}]", after):
            continue
        number = _trim_issuer(m.group(1))
        title = squash(text[pos : m.start()])
        title = squash(_TITLE_TAIL_RE.sub("", title)) or title
        if title or bases:
            bases.append(LegalBasisRecord(title=title or number, number=number))
        pos = m.start() + len(number)
    rest = squash(text[pos:])
    if rest:
        bases.append(LegalBasisRecord(title=rest))
    return bases


_ISSUERS = ("CP", "BTP", "BTC")


def _trim_issuer(number: str) -> str:
    """ "19/2011/NĐ-CPBAN HÀNH" glues an upper-case title to the number; cut known issuers back."""
    head, _sep, last = number.rpartition("-")
    for issuer in _ISSUERS:
        if last.startswith(issuer) and last != issuer:
            return f"{head}-{issuer}"
    return number


_RESULT_JUNK = ("Từ khóa", "Chọn cơ quan thực hiện")


def parse_result(text: str) -> tuple[str, str]:
    """Result names and codes from ``ket_qua_xu_ly``, without the portal's search widget text."""
    text = nfc(text)
    for junk in _RESULT_JUNK:
        if junk in text:
            text = text[: text.index(junk)]
    names: list[str] = []
    codes: list[str] = []
    pos = 0
    for m in re.finditer(rf"Mã:\s*([A-Za-z0-9.\-_]+?)(?=[{UPPER}][{LOWER}]|$|\s)", text):
        name = squash(text[pos : m.start()])
        if name:
            names.append(name)
        codes.append(m.group(1))
        pos = m.end()
    tail = squash(text[pos:])
    if tail and tail != NO_INFO:
        names.append(tail)
    return "; ".join(names), "; ".join(codes)[:80]


_LEVELS = {"cấp bộ": "ministry", "cấp tỉnh": "province", "cấp huyện": "district", "cấp xã": "commune"}


def parse_levels(text: str) -> list[str]:
    found = {_LEVELS[p] for p in (squash(x).lower() for x in nfc(text).split(",")) if p in _LEVELS}
    return [level for level in ("ministry", "province", "district", "commune") if level in found]


def _text(value: Any) -> str:
    """A free-text field: NFC, "Không có thông tin" and a bare "Không" mean empty."""
    text = nfc(str(value or ""))
    if squash(text).rstrip(".").lower() in {NO_INFO.lower(), "không", "không quy định"}:
        return ""
    return text


# ---------------------------------------------------------------------------------------------------
# One record
# ---------------------------------------------------------------------------------------------------

REQUIRED_KEYS = ("ma_thu_tuc", "ten_thu_tuc", "cach_thuc_thuc_hien")


def looks_like_dvcqg(data: Any) -> bool:
    return isinstance(data, Mapping) and all(key in data for key in REQUIRED_KEYS)


def record_from_dvcqg(data: Mapping[str, Any]) -> ProcedureRecord:
    """Turn one national-portal record into a ``ProcedureRecord`` (raises ValueError if unusable)."""
    if not looks_like_dvcqg(data):
        raise ValueError(_("Not a national portal record (missing %(keys)s).") % {"keys": ", ".join(REQUIRED_KEYS)})
    code = squash(str(data.get("ma_thu_tuc") or ""))
    name = squash(str(data.get("ten_thu_tuc") or ""))
    if not re.fullmatch(r"\d\.\d{6}", code):
        raise ValueError(_("%(code)r is not a national procedure code.") % {"code": code})
    if not name:
        raise ValueError(_("The record has no procedure name."))
    raw = nfc(str(data.get("raw_text") or ""))
    channel_text = str(data.get("cach_thuc_thuc_hien") or "")
    channels, notes = parse_channels(channel_text, context=raw)
    documents, doc_notes = parse_documents(str(data.get("thanh_phan_ho_so") or ""))
    notes.extend(doc_notes)
    result_name, result_code = parse_result(str(data.get("ket_qua_xu_ly") or ""))
    levels = parse_levels(str(data.get("cap_thuc_hien") or ""))
    if not levels:
        notes.append(_("No level is given."))
    competent = _text(data.get("co_quan_thuc_hien"))
    authority = _text(data.get("co_quan_co_tham_quyen"))
    if authority and squash(authority) != squash(competent):
        competent = f"{competent}\nCơ quan có thẩm quyền: {authority}" if competent else authority
    online_level = "none"
    if any(c.channel == "online" for c in channels):
        online_level = "full" if "toàn trình" in nfc(channel_text).lower() else "partial"
    return ProcedureRecord(
        code=code,
        name=name,
        levels=levels,
        field_name=squash(_text(data.get("linh_vuc"))),
        kind=squash(_text(data.get("loai_thu_tuc")))[:255],
        applicants=_text(data.get("doi_tuong_thuc_hien")),
        competent_agency_text=nfc(competent),
        cooperating_agency_text=_text(data.get("co_quan_phoi_hop")),
        authorised_agency_text=_stated(data.get("co_quan_duoc_uy_quyen")),
        receiving_address=_stated(data.get("dia_chi_tiep_nhan")),
        related_procedures=_stated(data.get("thu_tuc_lien_quan")),
        after_15h_next_day=mentions_15h_rule(f"{_text(data.get('trinh_tu_thuc_hien'))}\n{raw}"),
        steps=_text(data.get("trinh_tu_thuc_hien")),
        requirements=_text(data.get("yeu_cau_dieu_kien")),
        result_name=nfc(result_name),
        result_code=squash(result_code)[:80],
        online_level=online_level,
        decision_number=squash(_text(data.get("so_quyet_dinh")))[:120],
        source=SOURCE,
        source_url=squash(str(data.get("detail_url") or ""))[:500],
        channels=channels,
        documents=documents,
        legal_bases=parse_legal_bases(str(data.get("can_cu_phap_ly") or "")),
        review_notes=_dedupe(notes),
    )


NO_INFORMATION = {"khong co thong tin", "khong co", "khong"}
_AFTER_15H = re.compile(r"sau\s*15\s*(?:gio|h)\b")


def _stated(value: Any) -> str:
    """The field's text, or "" when the portal says there is none ("Không có thông tin")."""
    text = _text(value)
    return "" if fold(text).strip(" .") in NO_INFORMATION else text


def mentions_15h_rule(text: str) -> bool:
    """Whether the announced steps say that a dossier received after 15:00 is handled as received on the
    next working day ("tiếp nhận hồ sơ sau 15 giờ …")."""
    return bool(_AFTER_15H.search(fold(text)))


def _dedupe(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
