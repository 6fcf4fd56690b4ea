"""What next and the tools' outputs, on the demo initiative with its filled worksheets."""

import pytest
from playwright.sync_api import Page, expect

from convener.demo.data import DEMO_PASSWORD, load_demo
from convener.demo.stakeholders import load_stakeholders
from convener.demo.toolkit import load_worksheets
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def test_what_next_points_to_a_tool_and_the_outputs_mark_jargon(live_server, page):
    demo = load_demo()
    load_stakeholders(demo.initiative)
    load_worksheets(demo.initiative)
    base, slug = live_server.url, demo.initiative.slug
    log_in(page, base, demo.email)

    page.goto(f"{base}/i/{slug}/toolkit/next/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which tool to use next")
    # The demo's Four Simple Questions logged an invitation Youth Voices United left unanswered.
    advice = page.get_by_role("listitem").filter(has_text="Youth Voices United did not accept")
    expect(advice.get_by_role("heading", level=3)).to_have_text("Give value first")
    assert_accessible(page)

    page.get_by_role("link", name="What the tools have produced").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the tools produced")
    expect(
        page.get_by_role("table", name="Words partners use for the shared work")
    ).to_contain_text("session from home")
    expect(page.locator("mark.tk-jargon").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Youth Voices United").first.click()
    expect(
        page.get_by_text("Plans, invitations and pulses of Youth Voices United only.")
    ).to_be_visible()
    assert_accessible(page)


def test_every_tools_worksheet_is_accessible(live_server, page):
    from convener.framework.services import active_pack
    from convener.toolkit import services

    demo = load_demo()
    base, slug = live_server.url, demo.initiative.slug
    log_in(page, base, demo.email)
    for tool in active_pack().tools:
        if tool.key == "four_simple_questions":
            continue  # covered end to end by the engine's own browser test
        sheet = services.create_worksheet(initiative=demo.initiative, tool_key=tool.key, actor=None)
        page.goto(f"{base}/i/{slug}/toolkit/w/{sheet.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text(str(tool.name))
        assert_accessible(page)
