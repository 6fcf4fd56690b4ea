"""Small things a careful product gets right: plurals, a 404 link, one log line, the login."""

from __future__ import annotations

import logging
import logging.config
from types import SimpleNamespace

from django.conf import settings

from convener.archive.views.export_import import plural_name
from convener.demo.management.commands.load_demo import login_address


def _meta(singular: str, plural: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(verbose_name=singular, verbose_name_plural=plural or singular + "s")


def test_record_kinds_have_english_plurals():
    assert plural_name(_meta("audit entry")) == "audit entries"
    assert plural_name(_meta("import batch")) == "import batches"
    assert plural_name(_meta("tally")) == "tallies"
    assert plural_name(_meta("survey")) == "surveys"
    assert plural_name(_meta("stakeholder")) == "stakeholders"
    assert plural_name(_meta("person", "people")) == "people"


def test_the_404_page_links_back_to_the_initiatives(owner_client):
    response = owner_client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/initiatives/"' in response.content.decode()


def test_the_404_page_links_a_person_without_an_account_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/"' in response.content.decode()


def test_each_django_log_line_reaches_one_handler():
    logging.config.dictConfig(settings.LOGGING)
    handlers = []
    logger: logging.Logger | None = logging.getLogger("django.request")
    while logger is not None:
        handlers += logger.handlers
        logger = logger.parent if logger.propagate else None
    assert len(handlers) == 1


def test_the_demo_prints_a_full_login_address(monkeypatch):
    monkeypatch.setenv("PORT", "18801")
    assert login_address() == "http://127.0.0.1:18801/accounts/login/"
