import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command


def test_it_deletes_only_the_temporary_scans_older_than_the_limit(media: Path) -> None:
    folder = media / "tmp" / "session1"
    folder.mkdir(parents=True)
    old, new = folder / "old.pdf", folder / "new.pdf"
    old.write_bytes(b"%PDF-")
    new.write_bytes(b"%PDF-")
    three_days_ago = time.time() - 3 * 24 * 3600
    os.utime(old, (three_days_ago, three_days_ago))
    out = StringIO()
    call_command("portal-clean-uploads", "--hours", "48", stdout=out)
    assert not old.exists() and new.exists()
    assert "1 temporary file(s) deleted." in out.getvalue()


def test_it_does_nothing_when_no_submission_was_started(media: Path) -> None:
    out = StringIO()
    call_command("portal-clean-uploads", stdout=out)
    assert "0 temporary file(s) deleted." in out.getvalue()


def test_it_deletes_stored_files_no_document_references_once_they_are_old(media: Path, cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.dossiers.uploads import dossier_document_attach
    from tests.dossiers.factories import received

    kept = dossier_document_attach(
        dossier=received(cast), upload=SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 kept"), name="Tờ khai"
    )
    folder = media / Path(kept.file.name).parent
    orphan, young_orphan = folder / "1-rolled-back.pdf", folder / "2-in-flight.pdf"
    orphan.write_bytes(b"%PDF-1.4 orphan")
    young_orphan.write_bytes(b"%PDF-1.4 young")
    three_days_ago = time.time() - 3 * 24 * 3600
    for path in (orphan, media / kept.file.name):
        os.utime(path, (three_days_ago, three_days_ago))
    out = StringIO()
    call_command("portal-clean-uploads", stdout=out)
    assert not orphan.exists()
    assert young_orphan.exists() and (media / kept.file.name).exists()
    assert "1 stored file(s) without a dossier document deleted." in out.getvalue()
