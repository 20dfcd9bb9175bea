"""Back up and restore one centre: the database and the stored files, in one archive.

``backup_create`` writes a ``.tar.gz`` holding ``manifest.json`` (what was saved: row counts per table,
SHA-256 of every stored file), the database (``pg_dump -Fc`` on PostgreSQL, SQLite's online backup
API otherwise) and ``media/``: every file of the default storage, the local disk or an S3 bucket.
``backup_restore`` puts both back and checks the result against the manifest, so a round trip is proven
identical, not assumed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import connection, connections

from motcua.core.audit import audit_log
from motcua.core.storage import storage_files

FORMAT = 1


class BackupError(Exception):
    """The archive cannot be made or put back (the message says why)."""


@dataclass
class BackupReport:
    counts: dict[str, int]
    files: dict[str, str]

    def differences(self, other: BackupReport) -> list[str]:
        lines = [
            f"{label}: {self.counts.get(label)} ≠ {other.counts.get(label)}"
            for label in sorted(set(self.counts) | set(other.counts))
            if self.counts.get(label) != other.counts.get(label)
        ]
        lines += [
            f"file {name}"
            for name in sorted(set(self.files) | set(other.files))
            if self.files.get(name) != other.files.get(name)
        ]
        return lines


def centre_report() -> BackupReport:
    """Row counts of every table Django manages and the SHA-256 of every stored file."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    files: dict[str, str] = {}
    for name in sorted(storage_files()):
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        files[name] = digest.hexdigest()
    return BackupReport(counts=counts, files=files)


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["-d", str(db["NAME"])]
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def backup_create(*, output: Path, actor: Any = None) -> BackupReport:
    """Write the archive to ``output``; returns what it holds."""
    report = centre_report()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        if connection.vendor == "postgresql":
            database = folder / "database.dump"
            args, env = _pg_args()
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(database), *args], env)
        elif connection.vendor == "sqlite":
            database = folder / "database.sqlite3"
            source = sqlite3.connect(str(connection.settings_dict["NAME"]))
            target = sqlite3.connect(str(database))
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            raise BackupError(f"unsupported database {connection.vendor}")
        manifest = {
            "format": FORMAT,
            "vendor": connection.vendor,
            "made_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": database.name,
            "counts": report.counts,
            "files": report.files,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / "manifest.json", arcname="manifest.json")
            archive.add(database, arcname=database.name)
            for name in report.files:
                with default_storage.open(name, "rb") as handle:
                    data = handle.read()
                info = tarfile.TarInfo(f"media/{name}")
                info.size, info.mtime, info.mode = len(data), int(dt.datetime.now(dt.UTC).timestamp()), 0o644
                archive.addfile(info, io.BytesIO(data))
        partial.replace(output)  # never a half-written archive under the real name
    audit_log(action="centre.backed_up", actor=actor, path=str(output), rows=sum(report.counts.values()))
    return report


def _media_replace(source: Path) -> None:
    """Replace every stored file with the archive's ``media/`` folder, through the default storage."""
    if isinstance(storages["default"], FileSystemStorage):
        media = Path(settings.MEDIA_ROOT)  # on disk: also drop the empty folders left behind
        if media.is_dir():
            shutil.rmtree(media)
        media.mkdir(parents=True, exist_ok=True)
    for name in list(storage_files()):
        default_storage.delete(name)
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            name = path.relative_to(source).as_posix()
            saved = default_storage.save(name, ContentFile(path.read_bytes()))
            if saved != name:
                raise BackupError(f"the storage put {name} back as {saved}")


def backup_restore(*, archive_path: Path, actor: Any = None) -> BackupReport:
    """Replace the database and the stored files with the archive's; raises BackupError when the
    result differs from what the archive says it holds."""
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        folder = Path(work)
        archive.extractall(folder, filter="data")  # refuses absolute paths, .. and links out of the folder
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"not a motcua backup: {exc}") from exc
        if manifest.get("format") != FORMAT or manifest.get("vendor") != connection.vendor:
            raise BackupError(
                f"this backup was made from {manifest.get('vendor')!r} (format {manifest.get('format')}); "
                f"the configured database is {connection.vendor!r}"
            )
        database = folder / str(manifest["database"])
        connections.close_all()
        if connection.vendor == "postgresql":
            args, env = _pg_args()
            _run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(database)],
                env,
            )
        else:
            source = sqlite3.connect(str(database))
            target = sqlite3.connect(str(connection.settings_dict["NAME"]))
            with target:
                source.backup(target)
            source.close()
            target.close()
        _media_replace(folder / "media")
    expected = BackupReport(counts=manifest["counts"], files=manifest["files"])
    restored = centre_report()
    differences = expected.differences(restored)
    if differences:
        raise BackupError("the restored centre differs from the backup: " + "; ".join(differences[:20]))
    audit_log(action="centre.restored", actor=actor, path=str(archive_path), made_at=manifest.get("made_at"))
    return restored
