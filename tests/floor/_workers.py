"""Worker functions for the floor concurrency tests (spawned processes: nothing from Django at the top)."""

from __future__ import annotations

from tests.dossiers._workers import init

__all__ = ["book_last_place", "init", "issue_many"]


def issue_many(args: tuple[int, int]) -> list[int]:
    from motcua.floor.models import ServiceArea
    from motcua.floor.services import ticket_issue

    area_id, count = args
    area = ServiceArea.objects.get(pk=area_id)
    return [ticket_issue(area=area).number for _ in range(count)]


def book_last_place(args: tuple[int, str, str]) -> str:
    import datetime as dt

    from motcua.floor.errors import SlotFull
    from motcua.floor.models import ServiceArea
    from motcua.floor.services import appointment_book

    area_id, day, start = args
    area = ServiceArea.objects.get(pk=area_id)
    try:
        appointment_book(
            area=area,
            day=dt.date.fromisoformat(day),
            start=dt.time.fromisoformat(start),
            name="Nguyễn Văn An",
            phone="0912 345 678",
        )
    except SlotFull:
        return "full"
    return "booked"
