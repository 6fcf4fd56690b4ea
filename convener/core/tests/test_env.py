import pytest
from django.core.exceptions import ImproperlyConfigured

from convener.core.env import database_from_url, env_bool, env_int, env_list


def test_env_bool_reads_common_spellings_and_rejects_others():
    assert env_bool("X", default=False, environ={"X": "Yes"}) is True
    assert env_bool("X", default=True, environ={"X": "off"}) is False
    assert env_bool("X", default=True, environ={}) is True
    with pytest.raises(ImproperlyConfigured, match="X='maybe' is not a boolean"):
        env_bool("X", default=False, environ={"X": "maybe"})


def test_env_int_and_list():
    assert env_int("N", 5, environ={"N": "12"}) == 12
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("N", 5, environ={"N": "twelve"})
    assert env_list("L", [], environ={"L": "a.org, b.org,,"}) == ["a.org", "b.org"]


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    config = database_from_url("", sqlite_default_path="/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    options = config["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert "busy_timeout" in options["init_command"]


def test_database_url_selects_postgresql():
    config = database_from_url(
        "postgresql://u:p@db.internal:5432/convener", sqlite_default_path="x"
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"], config["PORT"]) == ("db.internal", "convener", 5432)


def test_unknown_database_scheme_stops_start_up_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL scheme 'mysql' is not supported"):
        database_from_url("mysql://u:p@h/db", sqlite_default_path="x")
