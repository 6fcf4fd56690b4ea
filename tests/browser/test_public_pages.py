"""Public pages: the landing page, the Learn section, Spanish, phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_learn_section_renders_the_framework(live_server, page):
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Learn the framework").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Transforming")
    for link in page.locator("main a[href^='/learn/']").all()[:12]:
        href = link.get_attribute("href")
        sub = page.context.new_page()
        sub.goto(live_server.url + href)
        assert sub.locator("h1").count() == 1, href
        assert_accessible(sub)
        sub.close()


def test_spanish_is_one_choice_away(live_server, new_page):
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name="Saltar al contenido principal")).to_be_attached()
    assert_accessible(page)
