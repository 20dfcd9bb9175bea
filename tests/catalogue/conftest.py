"""Fixtures for the import/export tests: real national-portal records and small broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def dvcqg_folder(tmp_path: Path) -> Path:
    """A folder of 8 real records of the Ministry of Justice, as crawled from dichvucong.gov.vn."""
    folder = tmp_path / "dvcqg"
    shutil.copytree(DATA / "dvcqg", folder)
    return folder


@pytest.fixture
def mixed_folder(dvcqg_folder: Path) -> Path:
    """The real records plus a file that is not JSON, a record with a bad code and one without a time limit."""
    for path in (DATA / "malformed").iterdir():
        shutil.copy(path, dvcqg_folder / path.name)
    return dvcqg_folder


@pytest.fixture
def record_json() -> dict[str, object]:
    import json

    return json.loads((DATA / "dvcqg" / "1.001193.json").read_text(encoding="utf-8"))
