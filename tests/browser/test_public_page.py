"""The public page in a browser: a convener publishes it from Settings, and anyone reads it.

A convener opens Settings from the initiative menu, follows "Public page", turns it on, picks
the sections, a convening and a round, saves, and opens the page. Then a visitor without an
account reads it in a fresh browser and switches language. Every page is scanned with axe at a
phone's and a laptop's width, in English and in Spanish.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from convener.activities.models import Activity
from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.measuring.tests.results_data import make_round
from convener.public.models import PublicationEvent, PublicPage
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

# The first request to a fresh live server on a shared two-core machine can take a while.
SLOW = 60_000
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TEXT = {
    "en": {
        "link": "Choose what the public page shows, and publish it",
        "publish": "Publish the public page",
        "decided": "What we decided and why (the decision log)",
        "save": "Save the public page",
        "heard": "What we heard",
        "switch": "Español",
        "about": "What this initiative is about",
    },
    "es": {
        "link": "Elija lo que muestra la página pública y publíquela",
        "publish": "Publicar la página pública",
        "decided": "Lo que decidimos y por qué (el registro de decisiones)",
        "save": "Guardar la página pública",
        "heard": "Lo que escuchamos",
        "switch": "English",
        "about": "De qué trata esta iniciativa",
    },
}


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username], input[name=email]").first.fill(email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


def _open_settings_from_menu(page: Page, slug: str) -> None:
    nav = page.locator("nav.subnav")
    menu = nav.locator("details.nav-menu")
    if not menu.evaluate("d => d.open"):
        menu.locator("> summary").click()
    href = f"a[href='/i/{slug}/settings/']"
    link = nav.locator(href)
    group = nav.locator("details.nav-group").filter(has=page.locator(href))
    if not group.evaluate("d => d.open"):
        group.locator("> summary").click()
    link.click()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1366px"])
def test_a_convener_publishes_the_page_and_a_visitor_reads_it(
    live_server, new_page, viewport, language
):
    owner = UserFactory(email="owner@example.org")
    convener = UserFactory(email="convener@example.org", display_name="Rosa Delgado")
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=convener, role=Role.CONVENER)
    Activity.objects.create(
        initiative=initiative,
        title="Open family forum",
        kind="family_event",
        starts_on=timezone.localdate() + dt.timedelta(days=12),
        place="Central library",
    )
    Activity.objects.create(
        initiative=initiative,
        title="Core team meeting",
        kind="meeting",
        starts_on=timezone.localdate() + dt.timedelta(days=5),
    )
    answers = [(None, "", {"coalescing.diversity": "collaborating"})] * 7
    make_round(initiative, answers, name="Spring listening round")
    text = TEXT[language]

    page = new_page(viewport=viewport, locale=language)
    page.set_default_timeout(SLOW)
    _log_in(page, live_server.url, convener.email)
    page.goto(f"{live_server.url}/i/{initiative.slug}/")
    _open_settings_from_menu(page, initiative.slug)
    assert_accessible(page)
    page.get_by_role("link", name=text["link"]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)

    page.get_by_label(text["publish"]).check()
    page.get_by_label(text["decided"]).uncheck()
    page.get_by_label("Open family forum").check()
    page.get_by_label("Spring listening round").check()
    page.locator("textarea[name=changing_en]").fill("Forums now meet in libraries.")
    page.locator("textarea[name=changing_es]").fill("Los foros ahora se reúnen en bibliotecas.")
    page.get_by_role("button", name=text["save"]).click()
    expect(page.locator(".message-success").first).to_be_visible()
    assert_accessible(page)
    stored = PublicPage.objects.get(initiative=initiative)
    assert stored.is_published
    assert not stored.show_decided
    assert list(PublicationEvent.objects.values_list("kind", flat=True)) == ["published"]

    page.locator(f"main a[href='/public/{initiative.slug}/']").click()
    expect(page.get_by_role("heading", name=text["heard"])).to_be_visible()
    assert_accessible(page)

    # A visitor with no account, in a fresh browser.
    visitor = new_page(viewport=viewport, locale=language)
    visitor.set_default_timeout(SLOW)
    visitor.goto(f"{live_server.url}/public/{initiative.slug}/")
    expect(visitor.locator("html")).to_have_attribute("lang", language)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(initiative.title)
    expect(visitor.get_by_role("heading", name=text["about"])).to_be_visible()
    expect(visitor.get_by_text("Open family forum")).to_be_visible()
    expect(visitor.get_by_text("Core team meeting")).to_have_count(0)
    expect(visitor.get_by_text("Rosa Delgado")).to_have_count(0)
    expect(visitor.locator("main")).not_to_contain_text("decision log")
    expect(visitor.locator("[data-row='coalescing.diversity']")).to_contain_text("100")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(visitor)

    visitor.get_by_role("link", name=text["switch"]).click()
    other = "es" if language == "en" else "en"
    expect(visitor.locator("html")).to_have_attribute("lang", other)
    expect(visitor.get_by_role("heading", name=TEXT[other]["heard"])).to_be_visible()
    changing = "Los foros ahora" if other == "es" else "Forums now meet"
    expect(visitor.locator("main")).to_contain_text(changing)
    assert_accessible(visitor)


def test_an_unpublished_page_is_not_found_for_a_visitor(live_server, page):
    page.set_default_timeout(SLOW)
    owner = UserFactory(email="owner@example.org")
    initiative = make_initiative(owner=owner)
    response = page.goto(f"{live_server.url}/public/{initiative.slug}/")
    assert response is not None
    assert response.status == 404
    assert_accessible(page)
