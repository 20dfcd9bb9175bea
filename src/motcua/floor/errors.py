from __future__ import annotations


class FloorError(Exception):
    """A queue, appointment or visit action that cannot be done; ``message`` is translated and shown to
    the user (HTTP 400, or ``status``)."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SlotFull(FloorError):
    """The appointment slot has no place left."""

    status = 409
