"""The login page's language switch keeps the e-mail a person already typed (never the password),
at a laptop's width in English and on a phone switching back from Spanish; axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_switching_language_on_the_login_page_keeps_the_typed_email(live_server, new_page):
    UserFactory(email="rosa@example.org", display_name="Rosa")
    page = new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("rosa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Español").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_label("Correo electrónico")).to_have_value("rosa@example.org")
    expect(page.get_by_label("Contraseña")).to_have_value("")  # never kept
    assert "rosa" not in page.url
    assert PASSWORD not in page.url
    # Nothing lingers in the tab once the page has its e-mail back.
    stored = page.evaluate("Object.keys(sessionStorage).map((k) => k + sessionStorage[k])")
    assert not [item for item in stored if "rosa@" in item or "keep-typed" in item]
    assert_accessible(page)

    # The person finishes signing in in Spanish with the kept address.
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sus iniciativas")


def test_a_phone_switching_back_to_english_keeps_it_too_and_an_empty_field_stays_empty(
    live_server, new_page
):
    phone = new_page(viewport={"width": 390, "height": 844}, locale="es-ES")
    phone.goto(f"{live_server.url}/accounts/login/")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    phone.get_by_label("Correo electrónico").fill("ana.perez@example.org")
    phone.get_by_role("button", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_label("E-mail address")).to_have_value("ana.perez@example.org")
    assert_accessible(phone)
    phone.get_by_label("E-mail address").fill("")
    phone.get_by_role("button", name="Español").click()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_label("Correo electrónico")).to_have_value("")
