"""Walking the file storage (local disk or object storage) for the daily clean-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import default_storage


def storage_files_older(root: str, cutoff: dt.datetime) -> Iterator[str]:
    """The paths under ``root`` (any depth) last modified before ``cutoff``; nothing if ``root`` is
    missing."""
    if not default_storage.exists(root):
        return
    folders, files = default_storage.listdir(root)
    for name in files:
        path = f"{root}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            yield path
    for folder in folders:
        yield from storage_files_older(f"{root}/{folder}", cutoff)
