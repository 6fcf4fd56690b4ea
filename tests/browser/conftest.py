"""Playwright in Debian's Chromium against Django's live server, with axe-core scans.

Browser tests are mandatory when CI=true: a missing Chromium fails the run instead of
skipping it. Locally, without Chromium, they are skipped with a message saying what to install.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # the suite runs as root in CI containers
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Assertions wait as long as actions do: the CI machine is shared and two cores are slow.
expect.set_options(timeout=10_000)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    in_browser = {id(item) for item in items if Path(str(item.fspath)).is_relative_to(here)}
    for item in items:
        if id(item) in in_browser:
            item.add_marker(pytest.mark.browser)
    # Playwright's session-long event loop stays open in this thread once the first browser
    # test runs, and async tests (live sockets) cannot start their own beside it: browser
    # tests go last.
    items.sort(key=lambda item: id(item) in in_browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
        if os.environ.get("CI") == "true":
            pytest.fail(message + " Browser tests are mandatory in CI.")
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # beside one unless told that the test code is deliberately synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(autouse=True)
def _links_lead_to_the_test_server(request: pytest.FixtureRequest, settings) -> None:
    """E-mailed links are built from SITE_URL: point it at the live server under test."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture
def new_page(browser: Browser) -> Iterator:
    """Return a factory of pages, each in its own browser context (its own cookies)."""
    contexts = []

    def make(viewport: dict[str, int] | None = None, locale: str = "en-US") -> Page:
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, locale=locale
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Scan the page with axe-core (WCAG 2.2 AA tags) and fail on any violation."""
    # axe is injected once per document, and only violations come back: the passes of a long
    # page are megabytes of JSON: a 600-row table took two to three times as long to scan that way.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    response = page.evaluate("options => axe.run(document, options)", options)
    violations = response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(details)


@pytest.fixture
def scanned(page: Page):
    """Return ``go(url)``: open a URL and scan it."""

    def go(url: str) -> Page:
        page.goto(url)
        assert_accessible(page)
        return page

    return go


def open_from_menu(page: Page, name: str, group: str | None = None) -> None:
    """Follow the initiative menu's link ``name``, opening the menu and its group first.

    On a phone the menu is one collapsed <details>; on wider screens each habit's group is a
    drop-down. ``group`` names the group when the link's name is not unique ("About this habit").
    """
    nav = page.locator("nav.subnav")
    menu = nav.locator("details.nav-menu")
    if not menu.evaluate("d => d.open"):
        menu.locator("> summary").click()
    groups = nav.locator("details.nav-group")
    if group is not None:
        holder = groups.filter(has=page.locator("summary", has_text=group))
    else:
        holder = groups.filter(has=page.locator("a").filter(has_text=name))
    holder = holder.first
    if not holder.evaluate("d => d.open"):
        holder.locator("> summary").click()
    holder.get_by_role("link", name=name, exact=True).click()
