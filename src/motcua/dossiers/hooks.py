"""Callbacks run inside the transaction of every dossier action, after its Transition row is written.

Other domain apps register here (``notices`` queues SMS/e-mail in its ``ready()``), so ``dossiers`` never
imports them and whatever a callback writes commits or rolls back with the action itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TransitionHook = Callable[[Any], object]
_HOOKS: list[TransitionHook] = []


def transition_hook_register(hook: TransitionHook) -> None:
    """Call ``hook(transition)`` after every Transition row (idempotent for the same function)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def transition_hooks_run(transition: Any) -> None:
    for hook in _HOOKS:
        hook(transition)
