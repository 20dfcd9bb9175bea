"""Walking the file storage (local disk or object storage) for the daily clean-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import default_storage


def storage_files_older(root: str, cutoff: dt.datetime) -> Iterator[str]:
    """The paths under ``root`` (any depth) last modified before ``cutoff``; nothing if ``root`` is
    missing."""
    # Not ``exists(root)``: object storage has no folders, only keys under a prefix, so a "folder" never
    # exists there; listing a missing folder gives nothing on S3 and FileNotFoundError on disk.
    try:
        folders, files = default_storage.listdir(root)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{root}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            yield path
    for folder in folders:
        yield from storage_files_older(f"{root}/{folder}", cutoff)
