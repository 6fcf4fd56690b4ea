"""Deployment checks (``convener check --deploy``) for settings Django does not know about."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Require SITE_URL in production: every link in e-mail and exports is built from it."""
    url = settings.SITE_URL
    parts = urlsplit(url)
    if url == DEVELOPMENT_SITE_URL or parts.scheme != "https" or not parts.netloc:
        return [
            Error(
                f"SITE_URL is {url!r}: links in e-mails would point there.",
                hint="Set SITE_URL to the site's public https address, e.g. "
                "https://convener.example.org.",
                id="convener.E001",
            )
        ]
    return []
