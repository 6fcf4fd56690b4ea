"""The account page and the API reference, driven in the browser and scanned by axe at a phone's
and a laptop's width, in English and Spanish."""

import pytest
from playwright.sync_api import expect

from convener.accounts.models import User
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"390px": {"width": 390, "height": 844}, "1366px": {"width": 1366, "height": 900}}
TEXT = {
    "en": {"account": "Account", "save": "Save name and language", "api": "API reference"},
    "es": {"account": "Cuenta", "save": "Guardar nombre e idioma", "api": "Referencia de la API"},
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_account_page_changes_the_name_and_links_the_api_reference(
    live_server, new_page, width, language
):
    user = UserFactory(email="rosa@example.org", display_name="Rosa")
    text = TEXT[language]
    page = new_page(viewport=WIDTHS[width], locale=language)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.get_by_role("link", name=text["account"], exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    page.locator("#id_display_name").fill("Rosa Díaz")
    page.get_by_role("button", name=text["save"]).click()
    expect(page.locator(".messages")).to_be_visible()
    assert_accessible(page)
    assert User.objects.get(pk=user.pk).display_name == "Rosa Díaz"
    page.get_by_role("link", name=text["api"], exact=True).click()
    expect(page.locator("h1")).to_have_text(text["api"])
    page.locator("details.api-operation > summary").first.click()
    assert_accessible(page)
