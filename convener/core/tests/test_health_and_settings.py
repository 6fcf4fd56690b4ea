import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[3]


def test_healthz_reports_ok_after_querying_the_database(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_reports_503_when_the_database_fails(db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise RuntimeError("database is gone")

    monkeypatch.setattr("convener.core.views.status.connection", BrokenConnection())
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def _convener(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Start from this process's environment minus what the test settings put there.
    skip = {
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "SECURE_SSL_REDIRECT",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    environ = {k: v for k, v in os.environ.items() if k not in skip}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "convener", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=REPO,
        check=False,
    )


@pytest.mark.subprocess
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _convener(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "production-secret-with-many-characters-0123456789",
        ALLOWED_HOSTS="convener.example.org",
        SITE_URL="https://convener.example.org",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.subprocess
def test_unknown_database_scheme_stops_the_command(tmp_path):
    result = _convener("check", DEBUG="true", DATABASE_URL="mysql://x@y/z", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DATABASE_URL scheme 'mysql' is not supported" in result.stderr


@pytest.mark.subprocess
def test_missing_secret_key_in_production_stops_start_up(tmp_path):
    result = _convener("check", DEBUG="false", DATA_DIR=str(tmp_path), SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.subprocess
def test_the_embedded_database_file_is_in_wal_mode(tmp_path):
    # DATABASE_URL empty: the embedded default, even when the suite itself runs on PostgreSQL.
    result = _convener(
        "migrate", "--no-input", "-v", "0", DEBUG="true", DATA_DIR=str(tmp_path), DATABASE_URL=""
    )
    assert result.returncode == 0, result.stderr
    import sqlite3

    with sqlite3.connect(tmp_path / "convener.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_error_pages_are_generic(db):
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "Traceback" not in html
