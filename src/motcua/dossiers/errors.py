from __future__ import annotations


class DossierError(Exception):
    """Base of the errors a dossier action raises; ``message`` is translated and shown to the user."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(DossierError):
    """The action is not allowed in the dossier's current state."""

    status = 409


class Conflict(DossierError):
    """Somebody else changed the dossier first."""

    status = 409


class NotPermitted(DossierError):
    """The user may not take this action on this dossier."""

    status = 403
