"""Issue 16, break 4 in the browser: a copied personal link survives "e-mail everyone"."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from convener.consensus.models import ProposalLink
from convener.consensus.tests.helpers import proposal
from convener.stakeholders.models import Circle, Stakeholder
from tests.browser.conftest import assert_accessible
from tests.browser.test_consensus import log_in
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_copy_a_link_then_email_everyone_and_the_copied_link_still_opens(
    live_server, new_page, settings
):
    settings.JOBS_EAGER = True
    convener = UserFactory(email="dana@example.org", display_name="Dana Convener")
    initiative = make_initiative(owner=convener)
    family = initiative.perspectives.get(key="family_youth")
    for name, email in (("Aaliyah Thompson", "aaliyah@example.org"), ("Ben Ortiz", "ben@x.org")):
        Stakeholder.objects.create(
            initiative=initiative,
            name=name,
            email=email,
            contact_permitted=True,
            circle=Circle.KEY,
            perspective=family,
            preferred_language="es",
        )
    made = proposal(initiative)
    base = live_server.url

    page = new_page()
    page.context.set_default_timeout(30_000)  # the machine is shared
    page.goto(f"{base}/accounts/login/", timeout=90_000)  # the first request loads everything
    log_in(page, base, convener.email)
    page.goto(f"{base}/i/{initiative.slug}/decisions/{made.pk}/links/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal links")
    assert_accessible(page)
    page.get_by_role("button", name="Make a link for Aaliyah Thompson").click()
    copied = page.get_by_label("Personal link").input_value()
    assert re.search(r"/p/[\w-]{40,}/$", copied)
    assert_accessible(page)

    page.get_by_role("button", name="E-mail links to everyone not yet sent one").click()
    expect(page.get_by_text("Personal links are being e-mailed")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["ben@x.org"]]  # Aaliyah already has a live link
    row = page.get_by_role("row", name=re.compile("Aaliyah Thompson"))
    expect(row).to_contain_text("made, not e-mailed")
    expect(row.get_by_role("button", name="Replace the link for Aaliyah Thompson")).to_be_visible()
    expect(row).to_contain_text("The old link will stop working.")
    assert_accessible(page)

    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.context.set_default_timeout(30_000)
    phone.goto(copied)
    assert phone.url.endswith("/p/position/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "¿Cuál es su posición sobre esta propuesta?"
    )
    assert_accessible(phone)

    # Replacing is its own step, and it says what it does before it is done.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Replace the link for Aaliyah Thompson").click()
    replaced = page.get_by_label("Personal link").input_value()
    assert replaced != copied
    assert ProposalLink.objects.filter(proposal=made).count() == 2
    stale = new_page(viewport=PHONE, locale="es-ES")
    stale.goto(copied)
    expect(stale.get_by_text("Este enlace no se puede usar")).to_be_visible()
