"""The agenda editor: draw a sorting quiz from the Who/How/Why table, give it a Spanish
question, and see it on a Spanish participant's phone. Every page visited is scanned with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.framework.packs import builtin_pack
from convener.live import services
from convener.live.models import Item
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 740}


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_a_convener_draws_a_quiz_and_a_spanish_phone_shows_it(live_server, new_page) -> None:
    base = live_server.url
    owner = UserFactory(email="trainer@example.org")
    initiative = make_initiative(owner=owner)
    session = services.create_session(initiative=initiative, actor=owner, title="Practice")

    page = new_page()
    _log_in(page, base, "trainer@example.org")
    page.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/")
    assert_accessible(page)
    page.get_by_label("Kind of item").select_option("classify")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sorting quiz")
    assert_accessible(page)

    # Draw three Who statements; the other sources hide once one is chosen.
    page.locator("#id_prompt").fill("Which approach is it?")
    page.get_by_label(re.compile("^Drawn at random")).check()
    expect(page.get_by_label("Categories", exact=True)).to_be_hidden()
    expect(page.get_by_label("Statements in Spanish")).to_be_hidden()  # the pack's Spanish
    expect(page.locator("[data-source=pick]")).to_be_hidden()
    page.get_by_role("checkbox", name="Who", exact=True).check()
    page.get_by_label("How many statements").fill("3")
    page.get_by_label("Question or title in Spanish").fill("¿Qué enfoque es?")
    assert_accessible(page)
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".messages")).to_contain_text("Item added to the agenda.")
    assert_accessible(page)
    item = Item.objects.get(session=session)
    assert len(item.config["statements"]) == 3

    # Edit the Spanish question; a wrong count of Spanish statements is refused first.
    page.get_by_role("link", name=re.compile("^Edit")).click()
    spanish = page.get_by_label("Question or title in Spanish")
    expect(spanish).to_have_value("¿Qué enfoque es?")
    spanish.fill("¿Qué enfoque de liderazgo es?")
    statements = page.get_by_label("Statements in Spanish")
    from_pack = statements.input_value()  # the pack's Spanish, one line per statement
    assert len(from_pack.splitlines()) == 3
    statements.fill("Solo una")
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".errorlist")).to_contain_text("3 in English, 1 in Spanish")
    expect(page.get_by_label("Question or title in Spanish")).to_have_value(
        "¿Qué enfoque de liderazgo es?"
    )
    assert_accessible(page)
    page.get_by_label("Statements in Spanish").fill(from_pack)
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".messages")).to_contain_text("Item saved.")

    # Start and show the quiz; a phone in Spanish sees the edited question and pack Spanish.
    page.get_by_role("button", name="Start the session").click()
    page.get_by_role("button", name="Next", exact=True).click()
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.goto(f"{base}/live/{session.join_code}/")
    assert_accessible(phone)
    phone.locator("#id_display_name").fill("Lucía")
    expect(phone.locator("#id_language")).to_have_value("es")
    phone.locator("form.live-sign-in button[type=submit]").click()
    item.refresh_from_db()
    first = item.config["statements"][0]["key"]
    expect(phone.locator("#live-item")).to_contain_text("¿Qué enfoque de liderazgo es?")
    expect(phone.locator("#live-item")).to_contain_text(
        item.config["translations"]["es"]["labels"][first]
    )
    expect(phone.locator(f'[name="c:{first}"] option').nth(1)).to_have_text(
        builtin_pack().leadership_approach("top_down").name["es"]
    )
    assert_accessible(phone)
