"""The other phone pages by keyboard: every Tab stop shows a ring of at least 3:1, and a failed
submit puts focus on the error summary, whose links lead to the field in error."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from convener.consensus import services as consensus
from convener.consensus.tests.helpers import proposal, stakeholder
from tests.browser.conftest import assert_accessible
from tests.browser.test_live_keyboard import _check_focus_ring, _sweep, _tab_to
from tests.browser.test_respond import _setup as survey_setup
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_survey_page_on_a_phone_shows_every_focus_stop(live_server, new_page) -> None:
    _initiative, token, _round = survey_setup()
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.goto(f"{live_server.url}/r/{token}/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    stops = _sweep(phone)
    assert stops >= 8  # language links, the perspective, a group per topic, comments, send
    # An answer is saved by htmx: the radio keeps focus (the shared helper after the swap).
    _tab_to(phone, "input[type=radio]")
    phone.keyboard.press("ArrowDown")
    expect(phone.locator("#progress")).to_contain_text("1 de 4")
    assert phone.evaluate("() => document.activeElement.type") == "radio"
    _check_focus_ring(phone)
    assert_accessible(phone)


def test_position_page_failed_submit_focuses_the_summary_then_the_group(
    live_server, new_page
) -> None:
    owner = UserFactory(email="pat@example.org")
    initiative = make_initiative(owner=owner)
    made = proposal(initiative)
    ana = stakeholder(initiative, "Ana", preferred_language="es")
    secret = consensus.issue_link(proposal=made, stakeholder=ana, actor=None)
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.goto(f"{live_server.url}/p/{secret}/?lang=es")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.locator("h2", has_text=made.title)).to_have_attribute("lang", "en")
    _sweep(phone)
    _tab_to(phone, "button[type=submit]")
    phone.keyboard.press("Enter")
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    _check_focus_ring(phone)
    first = phone.locator("input[name=option]").first
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("fieldset.choices")).to_have_accessible_description(
        "Este campo es obligatorio."
    )
    assert_accessible(phone)
    _tab_to(phone, "[data-error-summary] a")
    phone.keyboard.press("Enter")
    expect(first).to_be_focused()
    _sweep(phone)
