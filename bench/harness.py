"""Shared pieces of the benchmarks: a throw-away database, timing, and the baselines.

Every benchmark measures its own baseline in the same run (an empty Django view through the
same test client, or a raw SQL query on the same database) and reports the ratio, so figures
stay comparable across machines. Run a benchmark with ``.venv/bin/python -m bench.<name>``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def setup_django(*, keep_dir: str | None = None) -> Path:
    """Configure Django on a fresh SQLite database in a temporary directory; migrate it."""
    data_dir = Path(keep_dir or tempfile.mkdtemp(prefix="convener-bench-"))
    os.environ["DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.conf import settings

    from convener.core.sqlite import keep_open

    keep_open(settings.DATABASES["default"])  # as the web process does (convener/asgi.py)
    return data_dir


@dataclass(frozen=True)
class Timing:
    label: str
    samples_ms: list[float]

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def p99(self) -> float:
        return percentile(self.samples_ms, 99)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples_ms)

    def line(self) -> str:
        return (
            f"{self.label:<48} n={len(self.samples_ms):<5} p50={self.p50:8.2f} ms  "
            f"p95={self.p95:8.2f} ms  p99={self.p99:8.2f} ms"
        )


def percentile(samples: list[float], p: float) -> float:
    """Return the p-th percentile by nearest rank."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure(label: str, call: Callable[[], object], *, repeat: int, warmup: int = 3) -> Timing:
    """Time ``call`` ``repeat`` times after ``warmup`` untimed calls."""
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(label, samples)


def measure_after(
    label: str, setup: Callable[[], object], call: Callable[[], object], *, repeat: int
) -> Timing:
    """Time ``call`` ``repeat`` times, running the untimed ``setup`` before each call."""
    samples = []
    for _ in range(repeat):
        setup()
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return Timing(label, samples)


def empty_view_baseline(client: Any, *, repeat: int) -> Timing:
    """Time an empty Django view through the same client and middleware stack."""
    return measure(
        "baseline: empty Django view", lambda: client.get("/__bench__/empty"), repeat=repeat
    )


def layout_view_baseline(client: Any, *, repeat: int) -> Timing:
    """Time a logged-in view that renders the site layout with no content of its own."""
    return measure(
        "baseline: logged-in empty page (layout only)",
        lambda: client.get("/__bench__/layout"),
        repeat=repeat,
    )


def report(title: str, rows: list[str]) -> None:
    print(f"\n## {title}\n")
    for row in rows:
        print(row)
    sys.stdout.flush()
