"""Stored files on S3-compatible object storage (MOTCUA_S3_*), or on the local disk without it.

The round trip runs against moto's S3 server when django-storages[s3] and moto[server] are installed
(they are optional: see docs/operations.md); the file-system store is what every other test uses."""

from __future__ import annotations

import datetime as dt
import importlib.util
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from motcua.core.storage import storage_files_older
from motcua.settings import s3_storage


def test_without_a_bucket_files_stay_on_the_local_disk() -> None:
    assert s3_storage({}) is None
    assert s3_storage({"MOTCUA_S3_BUCKET": "  "}) is None


def test_a_bucket_without_django_storages_installed_fails_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="django-storages"):
        s3_storage({"MOTCUA_S3_BUCKET": "motcua"})


def test_a_bucket_selects_private_s3_storage_that_never_overwrites(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    storage = s3_storage(
        {
            "MOTCUA_S3_BUCKET": "motcua-qn",
            "MOTCUA_S3_ENDPOINT_URL": "https://s3.example.gov.vn",
            "MOTCUA_S3_REGION": "hn-1",
            "MOTCUA_S3_ACCESS_KEY": "AK",
            "MOTCUA_S3_SECRET_KEY": "SK",
            "MOTCUA_S3_PREFIX": "/quang-ninh/",
            "MOTCUA_S3_ADDRESSING_STYLE": "path",
        }
    )
    assert storage is not None
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "motcua-qn",
        "location": "quang-ninh",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
        "endpoint_url": "https://s3.example.gov.vn",
        "region_name": "hn-1",
        "access_key": "AK",
        "secret_key": "SK",
    }


def test_an_unknown_addressing_style_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    with pytest.raises(ImproperlyConfigured, match="ADDRESSING_STYLE"):
        s3_storage({"MOTCUA_S3_BUCKET": "motcua", "MOTCUA_S3_ADDRESSING_STYLE": "sideways"})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def s3_server() -> Iterator[str]:
    pytest.importorskip("storages.backends.s3", reason="django-storages[s3] is not installed")
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    import boto3

    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    ).create_bucket(Bucket="motcua-test")
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def s3_default_storage(s3_server: str, settings: Any) -> None:
    storage = s3_storage(
        {
            "MOTCUA_S3_BUCKET": "motcua-test",
            "MOTCUA_S3_ENDPOINT_URL": s3_server,
            "MOTCUA_S3_REGION": "us-east-1",
            "MOTCUA_S3_ACCESS_KEY": "k",
            "MOTCUA_S3_SECRET_KEY": "s",
            "MOTCUA_S3_PREFIX": "centre",
            "MOTCUA_S3_ADDRESSING_STYLE": "path",
        }
    )
    settings.STORAGES = {**settings.STORAGES, "default": storage}


def test_files_round_trip_through_a_local_s3_server(s3_default_storage: None) -> None:
    from django.core.files.storage import storages

    assert type(storages["default"]).__name__ == "S3Storage"
    name = default_storage.save("dossiers/2026/12/1-7.pdf", ContentFile(b"%PDF-1.7 scan"))
    assert name == "dossiers/2026/12/1-7.pdf"
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 scan"
    # A name already taken is never overwritten: the second file gets a new name, as on disk.
    second = default_storage.save("dossiers/2026/12/1-7.pdf", ContentFile(b"%PDF-1.7 other"))
    assert second != name
    with default_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 scan"
    assert default_storage.size(name) == len(b"%PDF-1.7 scan")


def test_the_daily_clean_up_walks_object_storage(s3_default_storage: None) -> None:
    kept = default_storage.save("tmp/session-a/scan.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    nested = default_storage.save("tmp/session-b/deeper/scan.pdf", ContentFile(b"%PDF-1.7"))
    future = timezone.now() + dt.timedelta(minutes=5)
    assert sorted(storage_files_older("tmp", future)) == sorted([kept, nested])
    assert list(storage_files_older("tmp", timezone.now() - dt.timedelta(hours=1))) == []
    assert list(storage_files_older("missing", future)) == []
    default_storage.delete(kept)
    assert not default_storage.exists(kept)


@pytest.mark.django_db
def test_orphaned_dossier_files_are_deleted_from_object_storage(s3_default_storage: None) -> None:
    from motcua.dossiers.uploads import orphan_files_delete

    orphan = default_storage.save("dossiers/2026/12/99-3.pdf", ContentFile(b"%PDF-1.7 orphan"))
    assert orphan_files_delete(older_than=dt.timedelta(minutes=-5)) == 1
    assert not default_storage.exists(orphan)


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_the_files_of_object_storage(s3_default_storage: None, tmp_path: Any) -> None:
    from django.core.management import call_command

    from motcua.core.backup import centre_report

    result = default_storage.save("dossiers/2026/12/5-ket-qua.pdf", ContentFile(b"%PDF-1.7 ket qua"))
    before = centre_report()
    assert before.files[result]
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive), stdout=None)

    default_storage.delete(result)  # a bad day: a result lost, junk added
    junk = default_storage.save("tmp/junk.txt", ContentFile(b"x"))

    call_command("restore", str(archive), "--yes", stdout=None)
    with default_storage.open(result, "rb") as handle:
        assert handle.read() == b"%PDF-1.7 ket qua"
    assert not default_storage.exists(junk)
    assert centre_report().files == before.files
