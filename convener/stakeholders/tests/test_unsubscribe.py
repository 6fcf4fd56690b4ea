"""The unsubscribe address in e-mails to stakeholders: no account, GET asks, POST acts."""

from __future__ import annotations

import pytest

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

LUCIA = {"name": "Lucía", "email": "lucia@example.org", "contact_permitted": True}


def _path(person, settings):
    return unsubscribe_url(person).removeprefix(settings.SITE_URL)


def test_the_page_asks_first_in_the_persons_language_and_a_post_unsubscribes(
    cast, client, settings
):
    person = StakeholderFactory(initiative=cast.initiative, **LUCIA, preferred_language="es")
    assert unsubscribe_url(person).startswith(settings.SITE_URL + "/unsubscribe/")
    page = client.get(_path(person, settings))
    assert page.status_code == 200
    assert '<html lang="es"' in page.text
    assert "Cancelar la suscripción" in page.text
    person.refresh_from_db()
    assert person.contact_permitted  # a GET (a mail scanner following links) changes nothing
    done = client.post(_path(person, settings))
    assert "No recibirá más correos" in done.text
    person.refresh_from_db()
    assert not person.contact_permitted
    entry = AuditEntry.objects.get(target_type="stakeholder", target_id=person.pk)
    assert entry.fields == ["contact_permitted"]
    assert client.post(_path(person, settings)).status_code == 200  # twice is fine


def test_a_forged_or_erased_persons_token_is_404(cast, client, settings):
    person = StakeholderFactory(initiative=cast.initiative, **LUCIA)
    path = _path(person, settings)
    assert client.post(path[:-3] + "xx/").status_code == 404
    Stakeholder.objects.filter(pk=person.pk).update(erased_at="2026-01-01T00:00:00Z")
    assert client.get(path).status_code == 404
