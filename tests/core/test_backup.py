"""`motcua backup` and `motcua restore`: a round trip gives back the same centre, rows and files."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motcua.core.backup import centre_report
from motcua.dossiers.models import Dossier
from tests.conftest import Cast
from tests.dossiers.factories import received

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "results").mkdir(parents=True)
    return Path(settings.MEDIA_ROOT)


def test_a_backup_restored_gives_back_every_row_and_file(cast: Cast, media: Path, tmp_path: Path) -> None:
    kept = received(cast, "2027-03-01 08:00")
    received(cast, "2027-03-01 09:00")
    (media / "results" / "ket-qua.pdf").write_bytes(b"%PDF-1.7 ket qua")
    before = centre_report()
    archive = tmp_path / "backup.tar.gz"
    out = StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "Backed up" in out.getvalue() and archive.is_file()

    Dossier.objects.filter(pk=kept.pk).delete()  # a bad day: a dossier lost, a file damaged, junk added
    (media / "results" / "ket-qua.pdf").write_bytes(b"damaged")
    (media / "junk.txt").write_text("x")

    out = StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    after = centre_report()
    audit = "core.AuditLog"
    assert after.counts.pop(audit) == before.counts.pop(audit) + 1  # the restore itself is audited
    assert before.differences(after) == []
    assert Dossier.objects.filter(code=kept.code).exists()
    assert (media / "results" / "ket-qua.pdf").read_bytes() == b"%PDF-1.7 ket qua"
    assert not (media / "junk.txt").exists()
    assert "they match the backup" in out.getvalue()


def test_restore_needs_a_confirmation(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none.tar.gz"))


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path: Path) -> None:
    import tarfile

    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        (tmp_path / "readme.txt").write_text("hello")
        archive.add(tmp_path / "readme.txt", arcname="readme.txt")
    with pytest.raises(CommandError, match="not a motcua backup"):
        call_command("restore", str(bogus), "--yes")
