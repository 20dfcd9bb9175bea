import os
import time
from io import StringIO
from pathlib import Path

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
