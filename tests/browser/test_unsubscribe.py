"""A stakeholder follows the unsubscribe address from an e-mail on a phone, in Spanish, with no
account: the page asks, the button unsubscribes; both pages pass an axe scan."""

from __future__ import annotations

import pytest
from django.conf import settings
from playwright.sync_api import expect

from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url
from tests.browser.conftest import assert_accessible
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stakeholder_unsubscribes_without_an_account(live_server, new_page):
    initiative = make_initiative(owner=UserFactory(), title="Voces de las familias")
    person = Stakeholder.objects.create(
        initiative=initiative,
        name="Lucía",
        email="lucia@example.org",
        contact_permitted=True,
        preferred_language="es",
    )
    path = unsubscribe_url(person).removeprefix(settings.SITE_URL)
    page = new_page(viewport={"width": 390, "height": 844}, locale="es-ES")
    page.goto(live_server.url + path, timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancelar la suscripción")
    expect(page.locator("main")).to_contain_text("Voces de las familias")
    assert_accessible(page)
    page.get_by_role("button", name="Cancelar la suscripción").click()
    expect(page.get_by_role("status")).to_contain_text("No recibirá más correos")
    assert_accessible(page)
    person.refresh_from_db()
    assert not person.contact_permitted
