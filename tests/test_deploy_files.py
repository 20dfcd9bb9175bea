"""The deployment files (deploy/) stay true to the code: every unit runs a command that exists, every
timer starts a unit that exists, every setting in the environment example is one settings.py reads."""

from __future__ import annotations

import re
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"
DAILY_JOBS = ["portal-clean-uploads", "notices-requeue", "floor-purge", "floor-no-shows", "backup"]


def unit(path: Path) -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text(encoding="utf-8").replace("\\\n", " "))
    return parser


@pytest.mark.parametrize("job", DAILY_JOBS)
def test_every_scheduled_job_has_a_service_and_a_timer(job: str) -> None:
    assert (UNITS / f"motcua-{job}.service").is_file()
    timer = unit(UNITS / f"motcua-{job}.timer")
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"].get("Persistent") == "true"  # a night the machine was down is caught up


@pytest.mark.parametrize("path", sorted(UNITS.glob("*.service")), ids=lambda p: p.name)
def test_every_unit_runs_a_command_that_exists(path: Path) -> None:
    service = unit(path)["Service"]
    commands = re.findall(r"/bin/motcua ([a-z-]+)", service["ExecStart"])
    if "gunicorn" in service["ExecStart"]:
        assert "motcua.wsgi" in service["ExecStart"]
    else:
        assert commands, path.name
    known = get_commands()
    for command in commands:
        assert command in known, f"{path.name}: motcua {command} does not exist"
    assert service["User"] == "motcua"
    assert service["EnvironmentFile"] == "/etc/motcua/motcua.env"


@pytest.mark.parametrize("path", sorted(UNITS.glob("*.timer")), ids=lambda p: p.name)
def test_every_timer_starts_an_existing_service(path: Path) -> None:
    assert path.with_suffix(".service").is_file()


def test_the_environment_example_names_only_settings_that_exist() -> None:
    settings_source = (ROOT / "src" / "motcua" / "settings.py").read_text(encoding="utf-8")
    names = re.findall(r"^#?(MOTCUA_[A-Z0-9_]+)=", (ROOT / "deploy" / "motcua.env.example").read_text(), re.M)
    assert names
    for name in names:
        if name == "MOTCUA_WEB_WORKERS":  # read by motcua-web.service, not by Django
            continue
        assert f'"{name}"' in settings_source or f'"{name}",' in settings_source, name
