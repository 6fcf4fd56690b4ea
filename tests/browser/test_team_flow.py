"""A convener logs in, creates an initiative and invites a colleague, who joins with that role."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from tests.browser.conftest import assert_accessible, open_from_menu
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_create_an_initiative_and_invite_a_colleague(live_server, new_page):
    base = live_server.url
    UserFactory(email="convener@example.org", display_name="Carmen Convener")
    page = new_page()

    log_in(page, base, "convener@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")
    assert_accessible(page)

    page.get_by_role("link", name="New initiative").click()
    assert_accessible(page)
    # A bad date keeps what was typed and says what is wrong.
    page.get_by_label("Title (required)").fill("Family voice in teletherapy")
    page.get_by_label("The issue").fill("Families want a say in how teletherapy continues.")
    page.get_by_label("Start date").fill("2026-03-01")
    page.get_by_role("button", name="Create initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family voice in teletherapy")
    assert_accessible(page)
    nav = page.get_by_role("navigation", name="Initiative")
    for group in (
        "Coalescing around issues",
        "Ensuring relevant participation",
        "Doing the work together",
        "Measuring and reporting",
        "Team",
    ):
        expect(nav.locator("summary", has_text=group)).to_be_visible()

    open_from_menu(page, "About this habit", group="Coalescing around issues")
    assert_accessible(page)
    expect(page.get_by_role("table")).to_contain_text("Informing")

    open_from_menu(page, "Team", group="Team")
    assert_accessible(page)
    page.get_by_label("Colleague's e-mail address").fill("colleague@example.org")
    page.get_by_label("Role (required)", exact=True).select_option(Role.MEMBER.value)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to colleague@example.org")
    assert_accessible(page)

    link = re.search(r"https?://\S+/join/\S+/", mail.outbox[-1].body).group(0)

    # The colleague has no account yet: the invitation waits while they create one.
    colleague = new_page(viewport={"width": 390, "height": 844})
    colleague.goto(link)
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Join “Family voice in teletherapy”"
    )
    assert "/join/" in colleague.url
    assert colleague.url.rstrip("/").endswith("/join")
    assert_accessible(colleague)
    colleague.get_by_role("link", name="Create an account").click()
    assert_accessible(colleague)
    colleague.get_by_label("Your name").fill("Colin Colleague")
    expect(colleague.get_by_label("E-mail address")).to_have_value("colleague@example.org")
    colleague.get_by_label("Password (required)", exact=True).fill("teletherapy partners 2026")
    colleague.get_by_label("Password confirmation (required)").fill("teletherapy partners 2026")
    colleague.get_by_role("button", name="Create account").click()
    colleague.get_by_role("button", name="Accept and join the team").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Family voice in teletherapy")
    expect(colleague.get_by_role("status")).to_contain_text("Core team member")
    assert_accessible(colleague)

    initiative = Initiative.objects.get(title="Family voice in teletherapy")
    assert (
        Membership.objects.get(initiative=initiative, user__email="colleague@example.org").role
        == Role.MEMBER
    )
    # Exactly the member's rights: no settings link, and the settings page is refused.
    expect(colleague.get_by_role("link", name="Settings")).to_have_count(0)
    response = colleague.goto(f"{base}/i/{initiative.slug}/settings/")
    assert response.status == 403
    assert_accessible(colleague)

    # The same link cannot be used twice.
    again = new_page()
    again.goto(link)
    expect(again.get_by_role("alert")).to_contain_text("already been used")
    assert_accessible(again)


def test_form_errors_keep_typed_text_and_are_announced(live_server, page):
    UserFactory(email="owner@example.org")
    log_in(page, live_server.url, "owner@example.org", PASSWORD)
    page.goto(f"{live_server.url}/initiatives/new/")
    page.get_by_label("Title (required)").fill("Half-filled")
    page.get_by_role("button", name="Create initiative").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(page.get_by_label("Title (required)")).to_have_value("Half-filled")
    expect(page.get_by_label("The issue")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_keyboard_only_log_in_and_skip_link(live_server, page):
    UserFactory(email="keys@example.org")
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.goto(f"{live_server.url}/accounts/login/")
    # The e-mail field takes focus on arrival; the rest is Tab and Enter.
    expect(page.get_by_label("E-mail address")).to_be_focused()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_wrong_passwords_lock_the_account_from_that_address(live_server, page, settings):
    UserFactory(email="target@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server.url, "target@example.org", "not the password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    assert_accessible(page)
