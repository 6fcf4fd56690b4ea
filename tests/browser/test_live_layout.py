"""Live pages where axe cannot look: 2x2 labels at every width, the presenter while votes
arrive, and chart images as the accessibility tree exposes them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.live import services
from convener.live.models import Item, LiveSession
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import (  # noqa: F401 (fixtures used by name)
    _log_in,
    _off_the_loop,
    _setup,
    asgi_url,
    new_page,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Every visible quadrant label: its text fits its cell (nothing clipped, nothing spilling into
# the next cell) and is at least 11 px, so that it grows with the page's zoom.
LABELS_FIT = """() => Array.from(document.querySelectorAll('.quad-cell-label'))
  .filter((el) => el.getClientRects().length)
  .map((el) => ({
    text: el.textContent.trim(),
    fits: el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    size: parseFloat(getComputedStyle(el).fontSize),
  }))"""


def _room(session: LiveSession, item: Item, owner, votes: int) -> None:
    """Sign ``votes`` people in and have each place the dots of ``item``."""
    statements = [s["key"] for s in item.config.get("statements") or []] or ["_"]
    for n in range(votes):
        person, _token = services.join(session=session, display_name=f"Person {n}")
        value = {key: {"x": 20 + 20 * n, "y": 70 - 10 * n} for key in statements}
        services.cast_vote(item=item, participant=person, value=value)


def _labels_fit(page: Page, expected: int) -> None:
    labels = page.evaluate(LABELS_FIT)
    assert len(labels) >= expected
    assert all(label["text"] for label in labels[:expected])
    too_big = [label for label in labels if not label["fits"]]
    assert not too_big, f"quadrant labels clipped at {page.viewport_size}: {too_big}"
    assert min(label["size"] for label in labels) >= 11


def test_quadrant_labels_wrap_on_phones_and_on_the_results(asgi_url, new_page) -> None:  # noqa: F811
    base = asgi_url

    def setup():
        session, initiative = _setup()
        owner = initiative.memberships.first().user
        services.start_session(session=session, actor=owner)
        item = session.items.get(kind="quadrant")
        services.open_item(item=item, actor=owner)
        _room(session, item, owner, 3)
        return session, initiative, owner, item

    session, initiative, owner, item = _off_the_loop(setup)
    phones = []
    for width in (320, 390, 640):
        phone = new_page(viewport={"width": width, "height": 800}, locale="es-ES")
        phone.goto(f"{base}/live/{session.join_code}/?lang=es")
        phone.locator("#id_display_name").fill(f"Ancho {width}")
        phone.locator("#id_display_name").press("Enter")
        expect(phone.locator(".quad-grid").first).to_be_visible()
        expect(phone.locator(".quad-cell-label").first).to_have_text("Formal, aprender de")
        _labels_fit(phone, 4)
        phones.append(phone)
    assert_accessible(phones[0])

    _off_the_loop(lambda: services.reveal_results(item=item, actor=owner))
    for phone in phones:
        expect(phone.locator(".live-quad-result").first).to_be_visible()
        _labels_fit(phone, 8)
    assert_accessible(phones[0])

    screen = new_page(viewport={"width": 1280, "height": 900})
    _log_in(screen, base, "trainer@example.org")
    screen.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/results/")
    expect(screen.locator(".live-quad-result").first).to_be_visible()
    _labels_fit(screen, 4)
    screen.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/present/")
    expect(screen.locator("#presenter-current .live-quad-result").first).to_be_visible()
    expect(screen.locator(".quad-cell-label").first).to_have_text("Formal, learning from")
    _labels_fit(screen, 4)
    assert_accessible(screen)


def test_the_presenter_updates_keeps_focus_and_announces_questions_and_figures(
    asgi_url,  # noqa: F811
    new_page,  # noqa: F811
) -> None:
    base = asgi_url

    def setup():
        session, initiative = _setup()
        owner = initiative.memberships.first().user
        services.start_session(session=session, actor=owner)
        item = session.items.get(kind="quadrant")
        services.open_item(item=item, actor=owner)
        services.reveal_results(item=item, actor=owner)
        _room(session, item, owner, 1)
        return session, initiative, owner, item

    session, initiative, owner, item = _off_the_loop(setup)
    screen = new_page(viewport={"width": 1280, "height": 900})
    _log_in(screen, base, "trainer@example.org")
    screen.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/present/")
    # Nothing but the content on the projected screen: the table and the split of the figures
    # are on the facilitator's page, not under the chart.
    expect(screen.locator("#presenter-current summary")).to_have_count(0)
    pause = screen.get_by_role("button", name="Pause updates")
    pause.focus()  # the trainer's own control, shown only while focused
    # Votes arrive: the item area is rebuilt, and focus stays on the trainer's control.
    _off_the_loop(lambda: _room(session, item, owner, 2))
    expect(screen.locator(".presenter-count")).to_contain_text("3 answers", timeout=20_000)
    expect(pause).to_be_focused()

    # The next question is announced in its own region; its figures once revealed.
    following = session.items.get(kind="single")
    _off_the_loop(lambda: services.open_item(item=following, actor=owner))
    expect(screen.locator("#live-question-announce")).to_have_text(
        "New question: " + following.prompt
    )
    expect(screen.locator("#presenter-current h2")).to_have_text(following.prompt)
    voter, _token = _off_the_loop(lambda: services.join(session=session, display_name="Late voter"))
    _off_the_loop(
        lambda: services.cast_vote(item=following, participant=voter, value="participation")
    )
    _off_the_loop(lambda: services.reveal_results(item=following, actor=owner))
    expect(screen.locator("#live-results-announce")).to_contain_text(
        "Ensuring relevant participation: Answers 1, Share 100%"
    )
    assert_accessible(screen)


def test_chart_images_are_named_once_in_the_accessibility_tree(asgi_url, new_page) -> None:  # noqa: F811
    base = asgi_url

    def setup():
        session, initiative = _setup()
        owner = initiative.memberships.first().user
        services.start_session(session=session, actor=owner)
        item = session.items.get(kind="quadrant")
        services.open_item(item=item, actor=owner)
        _room(session, item, owner, 2)
        services.reveal_results(item=item, actor=owner)
        return session

    session = _off_the_loop(setup)
    phone = new_page(viewport={"width": 390, "height": 844})
    phone.goto(f"{base}/live/{session.join_code}/")
    phone.locator("#id_display_name").fill("Ida")
    phone.locator("#id_display_name").press("Enter")
    expect(phone.locator(".live-quad-result").first).to_be_visible()
    cdp = phone.context.new_cdp_session(phone)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    images = [
        (n.get("name", {}).get("value", ""), n.get("description", {}).get("value", ""))
        for n in nodes
        if n.get("role", {}).get("value") == "image"
    ]
    assert images
    for name, description in images:
        assert re.search(r"Where people placed", name)
        assert description != name
