"""The live phone's rating scale: 1-10 in two rows of five on a phone, one row on a wide screen,
targets of at least 24x24 CSS px that never overlap, usable by keyboard, named for readers."""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.sync_api import Page, expect

from convener.live import services
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import _off_the_loop
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

BOXES = """el => Array.from(el.querySelectorAll('.live-scale-point')).map((p) => {
  const r = p.getBoundingClientRect();
  return {x: r.x, y: Math.round(r.y), w: r.width, h: r.height, right: r.right};
})"""


def _rating_session(low: int, high: int):
    owner = UserFactory(email="trainer@example.org")
    initiative = make_initiative(owner=owner)
    session = services.create_session(initiative=initiative, actor=owner, title="Check-in")
    config = {
        "min": low,
        "max": high,
        "low_label": "Not at all",
        "high_label": "Completely",
        "statements": [{"key": "explain", "label": "I can explain real engagement."}],
        "translations": {
            "es": {
                "low_label": "Nada",
                "high_label": "Por completo",
                "labels": {"explain": "Sé explicar la implicación real."},
            }
        },
    }
    item = services.add_item(
        session=session, kind="rating", prompt="How sure are you?", config=config, actor=owner
    )
    services.start_session(session=session, actor=owner)
    services.go_to_item(session=session, item=item, actor=owner)
    services.open_item(item=item, actor=owner)
    return session


def _join(page: Page, base: str, code: str, language: str) -> None:
    page.goto(f"{base}/live/{code}/?lang={language}")
    page.locator("#id_display_name").fill("Lucía")
    page.locator("#id_display_name").press("Enter")
    expect(page.locator(".live-scale").first).to_be_visible()


def _rows(page: Page) -> list[list[dict]]:
    boxes = page.locator(".live-scale").first.evaluate(BOXES)
    rows: dict[int, list[dict]] = {}
    for box in boxes:
        rows.setdefault(box["y"], []).append(box)
    for box in boxes:
        assert box["w"] >= 24, box
        assert box["h"] >= 24, box
    for row in rows.values():  # neighbours in a row never overlap
        for left, right in pairwise(row):
            assert left["right"] <= right["x"], (left, right)
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    return [rows[y] for y in sorted(rows)]


def test_one_to_ten_is_five_and_five_on_a_phone_and_one_row_wide(live_server, new_page):
    session = _off_the_loop(lambda: _rating_session(1, 10))
    phone = new_page(viewport={"width": 390, "height": 844}, locale="es-ES")
    _join(phone, live_server.url, session.join_code, "es")
    assert [len(row) for row in _rows(phone)] == [5, 5]
    assert_accessible(phone)

    # A screen reader hears the statement, the ends of the scale, then each number.
    group = phone.get_by_role("group", name="Sé explicar la implicación real.")
    expect(group).to_have_attribute("aria-describedby", "scale-1")
    expect(phone.locator("#scale-1")).to_have_text("1 = Nada · 10 = Por completo")
    # The keyboard: Tab into the group, arrows move along the scale, across the fold.
    first = group.get_by_role("radio", name="1", exact=True)
    first.focus()
    phone.keyboard.press("Space")
    expect(first).to_be_checked()
    for _ in range(5):
        phone.keyboard.press("ArrowRight")
    expect(group.get_by_role("radio", name="6", exact=True)).to_be_checked()
    expect(group.get_by_role("radio", name="6", exact=True)).to_be_focused()

    narrow = new_page(viewport={"width": 320, "height": 700}, locale="es-ES")
    _join(narrow, live_server.url, session.join_code, "es")
    assert [len(row) for row in _rows(narrow)] == [5, 5]

    wide = new_page(viewport={"width": 1366, "height": 900})
    _join(wide, live_server.url, session.join_code, "en")
    assert [len(row) for row in _rows(wide)] == [10]
    assert_accessible(wide)


@pytest.mark.parametrize(
    ("low", "high", "phone_rows", "narrow_rows"),
    [(0, 10, [6, 5], [4, 4, 3]), (1, 6, [6], [3, 3]), (1, 5, [5], [5])],
)
def test_other_scales_fold_evenly_or_fit_one_row(
    live_server, new_page, low, high, phone_rows, narrow_rows
):
    session = _off_the_loop(lambda: _rating_session(low, high))
    phone = new_page(viewport={"width": 390, "height": 844}, locale="es-ES")
    _join(phone, live_server.url, session.join_code, "es")
    assert [len(row) for row in _rows(phone)] == phone_rows
    smallest = new_page(viewport={"width": 320, "height": 700}, locale="es-ES")
    _join(smallest, live_server.url, session.join_code, "es")
    assert [len(row) for row in _rows(smallest)] == narrow_rows  # nothing overlaps at 320 px
