"""Benchmark: 50 respondents answering and submitting at once, over real HTTP.

A threaded WSGI server (wsgiref, no runserver) serves the real application from a forked
process on 127.0.0.1, on a fresh SQLite database in WAL mode with IMMEDIATE transactions (the
default configuration). Fifty client threads each open their personal link, load the survey,
autosave every answer as the htmx form does (each save posts the whole form), change their
mind on a few, and submit. The p99 of a save/submit request is compared with the p99 of an
empty Django view requested by fifty threads against the same server, in the same pattern.

Two patterns are run: "paced", where each respondent thinks 2-6 s before each answer (people
read four descriptors before choosing), and "flat out", where fifty clients send requests
back to back with no pause at all, a stress test far beyond fifty people's load.

Run: ``.venv/bin/python -m bench.survey_submit``  (target: p99 ≤ 100 ms)
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import socket
import socketserver
import threading
import time
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bench.harness import Timing, report, setup_django

RESPONDENTS = int(os.environ.get("BENCH_RESPONDENTS", "50"))
HOST = "127.0.0.1"
CHANGES = 4  # answers each respondent changes after a first pass
# People read four descriptors before choosing: a few seconds per item at the very least.
PACE = (2.0, 6.0)


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class _QuietHandler(WSGIRequestHandler):
    def setup(self) -> None:
        super().setup()
        # Real servers (gunicorn, uvicorn) disable Nagle; without it wsgiref's separate header
        # and body writes wait ~40 ms for a delayed ACK on every response with a body.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(port_holder: Any, ready: Any) -> None:
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.db import connections

    from convener.core.sqlite import keep_open

    connections.close_all()
    # Requests close their connections; like the web process (convener/asgi.py), the server
    # keeps one idle so that SQLite does not checkpoint and sync at each request's end.
    keep_open(settings.DATABASES["default"])
    server = make_server(
        HOST, 0, get_wsgi_application(), server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    port_holder.put(server.server_port)
    ready.set()
    server.serve_forever()


class Browser:
    """A tiny cookie-keeping HTTP client on one keep-alive-free connection per request."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, str], float]:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        sent = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - start) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        location = response.getheader("Location") or ""
        conn.close()
        return response.status, text, {"location": location}, elapsed


def _form(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def _think(pace: tuple[float, float] | None, rng: random.Random) -> None:
    if pace:
        time.sleep(rng.uniform(*pace))


def _respondent(
    port: int,
    token: str,
    rows: list[str],
    levels: list[str],
    samples: list[float],
    n: int,
    pace: tuple[float, float] | None,
) -> None:
    rng = random.Random(n)  # noqa: S311 -- think times for a benchmark, not secrets
    browser = Browser(port)
    status, _text, headers, _ms = browser.request("GET", f"/r/{token}/")
    assert status == 302, status
    assert headers["location"] == "/r/respond/", headers
    status, text, _h, _ms = browser.request("GET", "/r/respond/")
    assert status == 200, status
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
    assert csrf is not None
    answers: dict[str, str] = {"csrfmiddlewaretoken": csrf.group(1)}
    plan = [(row, levels[(n + i) % len(levels)]) for i, row in enumerate(rows)]
    plan += [(rows[i], levels[(n + i + 1) % len(levels)]) for i in range(CHANGES)]
    for row, level in plan:
        _think(pace, rng)
        answers[f"level-{row}"] = level
        status, _text, _h, ms = browser.request(
            "POST", "/r/respond/save/", _form(answers), {"HX-Request": "true"}
        )
        assert status == 200, status
        samples.append(ms)
    _think(pace, rng)
    status, _text, headers, ms = browser.request("POST", "/r/respond/submit/", _form(answers))
    assert status == 302, status
    assert headers["location"] == "/r/respond/thanks/", headers
    samples.append(ms)


def _empty(
    port: int,
    repeat: int,
    samples: list[float],
    pace: tuple[float, float] | None = None,
    n: int = 0,
) -> None:
    rng = random.Random(n)  # noqa: S311 -- think times for a benchmark, not secrets
    browser = Browser(port)
    for _ in range(repeat):
        _think(pace, rng)
        status, _t, _h, ms = browser.request("GET", "/__bench__/empty")
        assert status == 200, status
        samples.append(ms)


def _run_threads(targets: list[threading.Thread]) -> float:
    start = time.perf_counter()
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join()
    return time.perf_counter() - start


def main() -> None:
    setup_django()
    from django.db import connections

    from convener.accounts.models import User
    from convener.framework.services import active_pack
    from convener.measuring import services
    from convener.measuring.models import Answer, Response
    from convener.stakeholders.models import Circle, Stakeholder
    from tests.factories import make_initiative

    owner = User.objects.create_user(email="bench-owner@example.org", password=None)
    initiative = make_initiative(owner=owner)
    family = initiative.perspectives.get(key="family_youth")
    for i in range(2 * RESPONDENTS):  # one set of people per run
        Stakeholder.objects.create(
            initiative=initiative, name=f"Respondent {i}", email=f"r{i}@example.org",
            contact_permitted=True, circle=Circle.KEY, perspective=family,
        )  # fmt: skip
    pack = active_pack()
    rows = list(pack.rubric_row_keys)
    round = services.create_round(
        initiative=initiative, actor=owner, name="Bench", row_keys=rows,
        audience_circles=[Circle.KEY],
    )  # fmt: skip
    services.open_round(round=round, actor=owner)
    tokens = [secret for _link, secret in services.issue_links(round=round)]
    levels = [*pack.depth_keys, "not_sure"]
    connections.close_all()

    ctx = multiprocessing.get_context("fork")
    port_holder = ctx.Queue()
    ready = ctx.Event()
    server = ctx.Process(target=_serve, args=(port_holder, ready), daemon=True)
    server.start()
    ready.wait(30)
    port = port_holder.get(timeout=30)
    try:
        # Warm the server (imports, templates, first connections) before timing anything.
        _empty(port, 20, [])
        per_client = len(rows) + CHANGES + 1
        results = []
        for label, pace in (("paced", PACE), ("flat out", None)):
            tokens_now = tokens[:RESPONDENTS] if pace else tokens[RESPONDENTS:]
            baseline_samples: list[float] = []
            _run_threads(
                [
                    threading.Thread(
                        target=_empty, args=(port, per_client, baseline_samples, pace, n)
                    )
                    for n in range(RESPONDENTS)
                ]
            )
            save_samples: list[float] = []
            wall = _run_threads(
                [
                    threading.Thread(
                        target=_respondent,
                        args=(port, token, rows, levels, save_samples, n, pace),
                    )
                    for n, token in enumerate(tokens_now)
                ]
            )
            results.append((label, pace, save_samples, baseline_samples, wall))
    finally:
        server.terminate()
        server.join(5)

    submitted = Response.objects.filter(round=round, submitted_at__isnull=False).count()
    counted = Answer.objects.filter(round=round, counted=True).count()
    assert submitted == 2 * RESPONDENTS, submitted
    assert counted == 2 * RESPONDENTS * len(rows), counted
    lines = []
    for label, pace, save_samples, baseline_samples, wall in results:
        how = f"think {pace[0]}-{pace[1]} s between answers" if pace else "no think time"
        survey = Timing(f"save/submit, {RESPONDENTS} respondents, {label}", save_samples)
        baseline = Timing(f"baseline: empty view, {RESPONDENTS} clients, {label}", baseline_samples)
        ratio = survey.p99 / baseline.p99 if baseline.p99 else float("nan")
        lines += [
            f"### {label}: {how}",
            survey.line(),
            baseline.line(),
            f"p99 ratio save-submit/baseline: {ratio:.2f}x; "
            f"{len(save_samples) / wall:.0f} req/s over {wall:.1f} s; "
            f"target p99 ≤ 100 ms: {'met' if survey.p99 <= 100 else 'NOT met'}",
            "",
        ]
    lines += [f"{submitted} responses submitted, {counted} answers counted; cpus: {os.cpu_count()}"]
    report("Survey answers and submit over HTTP (SQLite WAL, IMMEDIATE transactions)", lines)


if __name__ == "__main__":
    main()
