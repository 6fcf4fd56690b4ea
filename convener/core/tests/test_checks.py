"""``check --deploy`` refuses a production site without its public address (SITE_URL)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from convener.core.checks import check_site_url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://convener.example.org", "https://"]
)
def test_a_missing_or_plain_http_site_url_fails_the_deploy_check(settings, url):
    settings.SITE_URL = url
    assert [m.id for m in check_site_url()] == ["convener.E001"]


def test_a_public_https_site_url_passes(settings):
    settings.SITE_URL = "https://convener.example.org"
    assert check_site_url() == []


def test_check_deploy_runs_it(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match=r"convener\.E001"):
        call_command("check", "--deploy", "--tag", "security")
