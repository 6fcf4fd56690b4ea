"""The review's notes (issue 15, "also noted"): CSP on the bad-Host 400, nginx upload cap."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def test_the_400_page_for_a_disallowed_host_has_the_content_security_policy(db, settings):
    settings.ALLOWED_HOSTS = ["convener.example"]
    settings.DEBUG = False

    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code == 400
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_nginx_accepts_every_archive_the_application_accepts():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    sizes = [int(mb) for mb in re.findall(r"client_max_body_size\s+(\d+)m;", conf)]
    assert sizes, "nginx.conf sets no upload cap"
    assert min(sizes) > settings.ARCHIVE_IMPORT_MAX_MB
