import subprocess
from pathlib import Path

import motcua

PO = Path(motcua.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _count(*flags: str) -> int:
    out = subprocess.run(["msgattrib", *flags, str(PO)], capture_output=True, text=True, check=True).stdout
    return sum(1 for line in out.splitlines() if line.startswith("msgid ")) - (1 if out else 0)  # minus the header


def test_every_interface_string_has_a_vietnamese_translation() -> None:
    assert _count("--untranslated") <= 0
    assert _count("--only-fuzzy") <= 0


def test_the_shipped_compiled_catalogue_is_compiled_from_the_source(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == PO.with_suffix(".mo").read_bytes()
