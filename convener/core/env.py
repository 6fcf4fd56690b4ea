"""Typed readers for settings that come from the environment.

Each reader fails loudly with the variable's name and what was wrong, so a typo in a
deployment stops start-up instead of silently running with a default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    """Return the variable as text, or ``default`` when it is unset."""
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Return the variable as a boolean; accept 1/0, true/false, yes/no, on/off."""
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, environ: Mapping[str, str] = os.environ) -> int:
    """Return the variable as an integer."""
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Return a comma-separated variable as a list of trimmed, non-empty items."""
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def database_from_url(url: str, *, sqlite_default_path: str) -> dict[str, Any]:
    """Return a Django DATABASES entry for ``url`` (empty means the embedded SQLite file).

    SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout so that a
    writer waits for another instead of failing with "database is locked".
    """
    import dj_database_url

    if not url:
        url = f"sqlite:///{sqlite_default_path}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported. Use sqlite:///path/to/file.sqlite3 "
            "or postgresql://user:password@host:5432/name."
        )
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    # Connections close at the end of each request (CONN_MAX_AGE 0). Under ASGI, how Convener
    # is served, Django runs each request's synchronous code on a thread of its own, so a
    # connection kept for the next request is never reused: it lingers until the garbage
    # collector finds it, and the process runs out of file descriptors or PostgreSQL out of
    # connection slots ("too many clients", measured with scripts/bench_live_workers.py).
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The web process keeps one idle connection of its own (core.sqlite.keep_open), so
        # that closing a request's connection never checkpoints and syncs the file.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # Seconds a connection is reused across requests: only for a server that reuses its
        # threads (WSGI); under ASGI keep 0, and put PgBouncer in front for pooling.
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    return config
