"""Check the national-portal import against an independent reading of the page text.

Usage (after importing the records into the database MOTCUA_HOME points at):

    MOTCUA_HOME=/tmp/imp .venv/bin/motcua migrate -v0
    MOTCUA_HOME=/tmp/imp .venv/bin/motcua import-procedures /work/shared/data/tthc-dichvucong-bo-tu-phap/
    MOTCUA_HOME=/tmp/imp .venv/bin/python bench/check_import.py /work/shared/data/tthc-dichvucong-bo-tu-phap/

For every record it cuts the "Cách Thức Thực Hiện" section out of ``raw_text`` (not the
``cach_thuc_thuc_hien`` field the importer reads) and extracts channel, time and fee with one strict
regular expression, written separately from the importer. It then compares, row by row, with what the
database holds, and prints the figures quoted in the import's closing note.
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import django  # noqa: E402

django.setup()

from motcua.catalogue.models import ProcedureVersion  # noqa: E402

LABEL = {"Trực tiếp": "in_person", "Trực tuyến": "online", "Dịch vụ bưu chính": "postal"}
UNIT = {" Ngày làm việc": "working_day", " Ngày": "day", " Giờ": "hour", " Tháng": "month", "": None}
ROW = re.compile(
    r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)"
    r"(Không có thông tin|(\d+)( Ngày làm việc| Ngày| Giờ| Tháng)?)"
    r"(Miễn phí|Không có thông tin|(\d{1,3}(?:,\d{3})*) (Việt Nam Đồng|VNĐ|USD))"
)
SAMPLE = [
    "1.001193",
    "1.000390",
    "1.000532",
    "1.002681",
    "1.004757",
    "2.000815",
    "1.008709",
    "1.003213",
    "2.002036",
    "1.013804",
    "2.002797",
    "1.011423",
]


def section(raw: str) -> str:
    start = raw.find("Cách Thức Thực Hiện")
    end = raw.find("Thành phần hồ sơ", start)
    return raw[start : end if end > 0 else None]


def independent_rows(raw: str) -> list[dict[str, object]]:
    rows = []
    for m in ROW.finditer(section(raw)):
        glued = m.group(4) is None and m.group(3) is not None and m.group(6) is not None
        rows.append(
            {
                "channel": LABEL[m.group(1)],
                "time": None if m.group(3) is None else Decimal(m.group(3)),
                "unit": UNIT[m.group(4) or ""],
                "fee": (
                    Decimal(0)
                    if m.group(5) == "Miễn phí"
                    else None
                    if m.group(6) is None
                    else Decimal(m.group(6).replace(",", ""))
                ),
                "currency": "USD" if m.group(7) == "USD" else "VND",
                "glued": glued,  # bare time number directly followed by a numeric fee: ambiguous
            }
        )
    return rows


def latest_versions() -> dict[str, ProcedureVersion]:
    chosen: dict[str, ProcedureVersion] = {}
    for v in (
        ProcedureVersion.objects.filter(source="dvcqg")
        .select_related("procedure")
        .prefetch_related("channels")
        .order_by("procedure__code", "-id")
    ):
        chosen.setdefault(v.procedure.code, v)
    return chosen


def main(folder: Path) -> int:
    versions = latest_versions()
    stats: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    mismatches: list[str] = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = data["ma_thu_tuc"]
        version = versions.get(code)
        if version is None:
            mismatches.append(f"{code}: not in the database")
            continue
        stats["records"] += 1
        if version.review_notes:
            stats["records needing review"] += 1
            for note in version.review_notes:
                reasons[re.sub(r"^(in-person|online|postal) channel: ", "", str(note)).split(":")[0][:70]] += 1
        channels = list(version.channels.order_by("id"))
        expected = independent_rows(data["raw_text"])
        for ch in channels:
            stats["channels"] += 1
            if ch.time_limit is not None:
                stats["channels with time limit + unit"] += 1
                if ch.time_note.strip().isdigit():
                    stats["  of which unit not stated on the portal (working days assumed/inferred)"] += 1
            if ch.fee_amount is None:
                stats["channels with fee unknown / needs review"] += 1
            elif ch.fee_amount == 0:
                stats["channels free (0)"] += 1
            else:
                stats["channels with a fee amount"] += 1
        if len(expected) != len(channels):
            mismatches.append(f"{code}: {len(channels)} channels stored, {len(expected)} found in raw_text")
            continue
        for ch, exp in zip(channels, expected, strict=True):
            stats["rows compared"] += 1
            if ch.channel != exp["channel"]:
                mismatches.append(f"{code}: channel {ch.channel} != {exp['channel']}")
                continue
            if exp["glued"]:
                stats["rows with time and fee digits run together (not compared)"] += 1
                continue
            if exp["time"] is not None and (ch.time_limit != exp["time"]):
                mismatches.append(f"{code} {ch.channel}: time {ch.time_limit} != {exp['time']}")
            elif exp["unit"] is not None and ch.time_unit != exp["unit"]:
                mismatches.append(f"{code} {ch.channel}: unit {ch.time_unit} != {exp['unit']}")
            elif exp["time"] is not None:
                stats["rows: time agrees"] += 1
            if exp["fee"] is not None and ch.fee_amount is not None and ch.fee_amount != exp["fee"]:
                if ch.fee_kind == "mixed":
                    stats["rows: fee = cell + other fee line (mixed)"] += 1
                else:
                    mismatches.append(f"{code} {ch.channel}: fee {ch.fee_amount} != {exp['fee']}")
            elif exp["fee"] is not None and ch.fee_amount is None:
                stats["rows: fee cell readable but held back for review"] += 1
            elif exp["fee"] is not None:
                stats["rows: fee agrees"] += 1
            if ch.fee_amount is not None and ch.fee_currency != exp["currency"]:
                mismatches.append(f"{code} {ch.channel}: currency {ch.fee_currency} != {exp['currency']}")
    print("== Figures")
    for key, value in stats.items():
        print(f"{value:6d}  {key}")
    print("== Review reasons (notes, all channels)")
    for key, value in reasons.most_common():
        print(f"{value:6d}  {key}")
    print(f"== Mismatches: {len(mismatches)}")
    for line in mismatches:
        print("  ", line)
    print("== Sample for hand checking (code: channel time unit | fee currency kind)")
    for code in SAMPLE:
        version = versions.get(code)
        if version is None:
            continue
        print(f"  {code} {version.status} notes={len(version.review_notes)}")
        for ch in version.channels.order_by("id"):
            print(
                f"     {ch.channel:9} {ch.time_limit} {ch.time_unit:11} | {ch.fee_amount} {ch.fee_currency}"
                f" {ch.fee_kind}  [{ch.time_note} / {ch.fee_note[:60]}]"
            )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/tthc-dichvucong-bo-tu-phap/")))
