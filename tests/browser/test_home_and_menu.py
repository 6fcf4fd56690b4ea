"""The initiative home and its menu, scanned at a phone's and a laptop's width, in both languages.

A new initiative's home offers the onboarding path; the menu is one collapsed <details> on a
390 px phone and a row of drop-downs at 1366 px; the current place shows on every page.
"""

import pytest
from playwright.sync_api import expect

from convener.stakeholders.models import Stakeholder
from tests.browser.conftest import assert_accessible, open_from_menu
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TEXT = {
    "en": {
        "start": "Getting started",
        "menu": "Menu",
        "group": "Ensuring relevant participation",
        "import": "Import contacts",
        "place": "Ensuring relevant participation \u203a Import contacts",
    },
    "es": {
        "start": "Primeros pasos",
        "menu": "Menú",
        "group": "Asegurar una participación pertinente",
        "import": "Importar contactos",
        "place": "Asegurar una participación pertinente \u203a Importar contactos",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1366px"])
def test_home_and_menu_at_two_widths_in_two_languages(live_server, new_page, viewport, language):
    owner = UserFactory(email="owner@example.org")
    initiative = make_initiative(owner=owner)
    Stakeholder.objects.create(initiative=initiative, name="Ana Ruiz", circle="extended")
    text = TEXT[language]
    page = new_page(viewport=viewport, locale=language)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username], input[name=email]").first.fill(owner.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/i/{initiative.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=text["start"])).to_be_visible()
    assert_accessible(page)

    menu_button = page.locator("details.nav-menu > summary")
    if viewport is PHONE:
        # One collapsed menu: the page's heading is on the first screen, not under 22 links.
        expect(menu_button).to_have_text(text["menu"])
        expect(page.locator("details.nav-group").first).to_be_hidden()
        assert page.locator("main h1").bounding_box()["y"] < 400
        menu_button.click()
        expect(page.locator("details.nav-group").first).to_be_visible()
        assert_accessible(page)
    else:
        # Always open on a laptop: the groups are drop-downs in one row.
        expect(menu_button).to_be_hidden()
        tops = page.locator(".nav-groups > li").evaluate_all(
            "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
        )
        assert len(tops) == 6
        assert len(set(tops)) == 1, f"the menu wraps: {tops}"
        page.locator("summary", has_text=text["group"]).click()
        expect(page.get_by_role("link", name=text["import"], exact=True)).to_be_visible()
        assert_accessible(page)
    open_from_menu(page, text["import"])
    expect(page.locator(".nav-place")).to_contain_text(text["place"])
    assert_accessible(page)


# The pages where axe used to find scrollable table regions without keyboard access (on phones
# and with long Spanish headings) or 19 px "Sessions" links (team): now stacked or focusable.
REVIEWED_PAGES = [
    "",
    "stakeholders/",
    "stakeholders/circles/?open=key",
    "stakeholders/participation/",
    "team/",
    "activities/network/",
    "activities/ladder/",
    "audit/",
    "decisions/",
]


@pytest.mark.parametrize(("viewport", "language"), [(PHONE, "es"), (LAPTOP, "en")])
def test_reviewed_pages_pass_axe_at_two_widths(live_server, new_page, viewport, language):
    from convener.demo.data import DEMO_PASSWORD, load_demo
    from convener.demo.stakeholders import load_stakeholders

    login = load_demo()
    load_stakeholders(login.initiative)
    page = new_page(viewport=viewport, locale=language)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(login.email)
    page.locator("input[type=password]").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    for path in REVIEWED_PAGES:
        page.goto(f"{live_server.url}/i/{login.initiative.slug}/{path}")
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
