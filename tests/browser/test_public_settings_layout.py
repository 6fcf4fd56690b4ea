"""The public page's settings as a convener sees them: each checkbox beside its label, dates in
words, and only the initiative's convenings offered (not a live training session's record).

Reached the way a convener reaches it: Settings from the initiative menu, then "Public page".
Scanned with axe at a phone's width in Spanish and a laptop's in English.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Locator, Page, expect

from convener.activities.models import Activity
from convener.live import services as live
from convener.live.models import LiveSession
from tests.browser.conftest import assert_accessible
from tests.browser.test_public_page import LAPTOP, PHONE, SLOW, TEXT, _log_in
from tests.browser.test_public_page import _open_settings_from_menu as open_settings
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def _beside(box: Locator, label: Locator) -> None:
    """Assert the checkbox sits on its label's line, just before it (not above it)."""
    b, t = box.bounding_box(), label.bounding_box()
    assert b is not None
    assert t is not None
    assert b["x"] + b["width"] <= t["x"] + 1, (b, t)
    assert t["y"] - 4 <= b["y"] + b["height"] / 2 <= t["y"] + t["height"] + 4, (b, t)


@pytest.mark.parametrize(
    ("language", "viewport"), [("es", PHONE), ("en", LAPTOP)], ids=["es-390px", "en-1366px"]
)
def test_the_settings_show_checkboxes_beside_labels_and_convenings_in_words(
    live_server, new_page, language, viewport
):
    owner = UserFactory(email="owner@example.org")
    initiative = make_initiative(owner=owner)
    forum = Activity.objects.create(
        initiative=initiative,
        title="Regional family forum",
        kind="family_event",
        starts_on=timezone.localdate() + dt.timedelta(days=11),
    )
    training = LiveSession.objects.create(
        initiative=initiative, title="Training day", join_code="TRAIN3"
    )
    live.start_session(session=training, actor=None)
    with translation.override(language):
        in_words = date_format(forum.starts_on, "DATE_FORMAT")

    page: Page = new_page(viewport=viewport, locale=language)
    page.set_default_timeout(SLOW)
    _log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}/i/{initiative.slug}/")
    open_settings(page, initiative.slug)
    page.get_by_role("link", name=TEXT[language]["link"]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)

    form = page.locator("main form.stacked")
    boxes = form.locator("input[type=checkbox]")
    assert boxes.count() == 7  # publish, five sections, one convening
    for index in range(boxes.count()):
        box = boxes.nth(index)
        _beside(box, form.locator(f"label[for='{box.get_attribute('id')}']"))
    expect(form.get_by_label(f"Regional family forum · {in_words}")).to_be_visible()
    expect(form).not_to_contain_text(forum.starts_on.isoformat())
    expect(form).not_to_contain_text("Training day")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_accessible(page)
    page.screenshot(
        path=f"/tmp/k2-shots/public-settings-{language}-{viewport['width']}.png", full_page=True
    )
