import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.settings import database_from_url, env_bool, env_int


def test_postgres_urls_are_parsed() -> None:
    db = database_from_url("postgres://motcua:s%40cret@db.local:5433/motcua?sslmode=require", Path("/x"))
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "motcua",
        "motcua",
        "s@cret",
        "db.local",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require", "prepare_threshold": 5, "server_side_binding": True}


def test_postgres_prepared_statements_can_be_turned_off_for_a_pooler() -> None:
    url = "postgres://m@db/motcua?prepare_threshold=none&server_side_binding=off"
    assert database_from_url(url, Path("/x"))["OPTIONS"] == {"prepare_threshold": None, "server_side_binding": False}
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        database_from_url("postgres://m@db/motcua?prepare_threshold=soon", Path("/x"))


def test_sqlite_relative_paths_live_under_home_and_absolute_paths_stay() -> None:
    assert database_from_url("sqlite:///data.db", Path("/srv/motcua"))["NAME"] == "/srv/motcua/data.db"
    assert database_from_url("sqlite:////tmp/x.db", Path("/srv"))["NAME"] == "/tmp/x.db"


def test_an_unknown_database_scheme_fails_loudly() -> None:
    with pytest.raises(ImproperlyConfigured, match="unsupported scheme"):
        database_from_url("mysql://x/y", Path("/x"))


def test_bad_booleans_and_integers_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOTCUA_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_X"):
        env_bool("MOTCUA_X", False)
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_X"):
        env_int("MOTCUA_X", 1)
    monkeypatch.setenv("MOTCUA_X", "off")
    assert env_bool("MOTCUA_X", True) is False


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {"MOTCUA_PRODUCTION": "true", "MOTCUA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", "import motcua.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "MOTCUA_SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        "MOTCUA_PRODUCTION": "true",
        "MOTCUA_HTTPS": "true",
        "MOTCUA_SECRET_KEY": "k" * 20 + "Zx9!q@W#e$R%t^Y&u*I(o)P_a+S-d=F" + "m" * 20,
        "MOTCUA_HOME": str(tmp_path),
        "MOTCUA_CACHE_URL": "redis://127.0.0.1:6379/1",  # limits shared by every worker (motcua.W001)
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "motcua", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
