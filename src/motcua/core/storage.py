"""Walking the file storage (local disk or object storage) for the daily clean-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import default_storage


def storage_files(root: str = "") -> Iterator[str]:
    """Every stored path under ``root`` (any depth; "" = everything); nothing if ``root`` is missing."""
    # Not ``exists(root)``: object storage has no folders, only keys under a prefix, so a "folder" never
    # exists there; listing a missing folder gives nothing on S3 and FileNotFoundError on disk.
    try:
        folders, files = default_storage.listdir(root)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{root}/{name}" if root else name
    for folder in folders:
        yield from storage_files(f"{root}/{folder}" if root else folder)


def storage_files_older(root: str, cutoff: dt.datetime) -> Iterator[str]:
    """The paths under ``root`` (any depth) last modified before ``cutoff``; nothing if ``root`` is
    missing."""
    for path in storage_files(root):
        if default_storage.get_modified_time(path) < cutoff:
            yield path
