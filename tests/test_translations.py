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


def test_every_string_in_the_code_and_templates_is_in_the_vietnamese_catalogue(tmp_path: Path) -> None:
    """makemessages over a copy of the source: a string added to the code without its Vietnamese entry
    shows up as untranslated or fuzzy (a guess from a similar message) in the merged catalogue."""
    import shutil
    import sys

    package = Path(motcua.__file__).parent
    copy = tmp_path / "src" / "motcua"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "motcua", "makemessages", "-l", "vi", "--no-location"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path / "src"), "MOTCUA_HOME": str(tmp_path / "home")},
        check=True,
        capture_output=True,
    )
    merged = copy / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    missing = subprocess.run(
        ["msgattrib", "--no-obsolete", "--untranslated", str(merged)], capture_output=True, text=True, check=True
    ).stdout
    guessed = subprocess.run(
        ["msgattrib", "--no-obsolete", "--only-fuzzy", str(merged)], capture_output=True, text=True, check=True
    ).stdout
    lines = [line for line in (missing + guessed).splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert lines == []
