"""The projector's results fit the screen: long bar labels wrap whole (never cut) and a
ten-statement 2x2 (Poll 9 of the full day) fits a 1920x1080 and a 1366x768 screen without
scrolling, as one grid of numbered points with the statements listed beside it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from convener.live import services
from convener.live.models import Item, LiveSession
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import _log_in, _off_the_loop, asgi_url, new_page  # noqa: F401
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

LONG = [
    "Families and youth who have lived experience of the system of care, including those who "
    "left services early and never came back to tell us why",
    "State agency leaders, regional coordinators and the local practice staff who will carry "
    "the change into clinics, schools and community programmes",
]
EVERYONE = "#presenter-current > section > figure"  # the whole room's chart (not the split)
SCREENS = [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]


def _setup() -> tuple[str, str, list[int]]:
    owner = UserFactory(email="fit@example.org")
    initiative = make_initiative(owner=owner)
    session = services.create_session(
        initiative=initiative, actor=owner, title="", template_key="blueprint_full_day"
    )
    poll_9 = session.items.get(kind="quadrant")
    bars = services.add_item(
        session=session,
        kind="single",
        prompt="Who must be at the table?",
        config={"options": [{"key": f"o{n}", "label": text} for n, text in enumerate(LONG)]},
        actor=owner,
    )
    services.start_session(session=session, actor=owner)
    keys = [s["key"] for s in poll_9.config["statements"]]
    assert len(keys) == 10
    for n in range(3):
        person, _token = services.join(session=session, display_name=f"P{n}")
        dots = {k: {"x": (7 * i + 11 * n) % 100, "y": (13 * i) % 100} for i, k in enumerate(keys)}
        for item, value in ((poll_9, dots), (bars, f"o{n % 2}")):
            services.open_item(item=item, actor=owner)
            services.cast_vote(item=item, participant=person, value=value)
    for item in (poll_9, bars):
        services.reveal_results(item=Item.objects.get(pk=item.pk), actor=owner)
    return initiative.slug, str(session.pk), [poll_9.pk, bars.pk]


def _show(session_id: str, item_id: int) -> None:
    session = LiveSession.objects.get(pk=session_id)
    services.go_to_item(session=session, item=session.items.get(pk=item_id), actor=None)


def _nothing_cut(page: Page) -> None:
    cut = page.evaluate(
        """() => {
          const bad = [];
          for (const el of document.querySelectorAll(
              '#presenter-current .quad-cell-label, #presenter-current .quad-legend li,'
              + ' #presenter-current .quad-axis, #presenter-current .presenter-prompt')) {
            if (el.offsetParent === null) continue;
            if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1
                || getComputedStyle(el).textOverflow === 'ellipsis') {
              bad.push(el.textContent.trim());
            }
          }
          for (const text of document.querySelectorAll('#presenter-current .bar-label')) {
            const box = text.getBBox();
            const width = text.ownerSVGElement.viewBox.baseVal.width;
            if (box.x < 0 || box.x + box.width > width + 0.5) bad.push(text.textContent.trim());
            if (text.textContent.includes('…')) bad.push(text.textContent.trim());
          }
          return bad;
        }"""
    )
    assert cut == [], cut


def _only_content(page: Page) -> None:
    """The projected screen shows the content alone: no link, button or fold-out under a chart."""
    controls = page.locator(
        "#presenter-current a, #presenter-current button, #presenter-current details,"
        " #presenter-current summary"
    )
    expect(controls).to_have_count(0)
    for words in ("Show the figures as a table", "Split by perspective"):
        expect(page.get_by_text(words)).to_have_count(0)


def test_results_fit_a_projector_and_a_laptop_without_cutting_a_label(asgi_url, new_page):  # noqa: F811
    slug, session_id, (poll_9, bars) = _off_the_loop(_setup)
    for screen in SCREENS:
        page = new_page(viewport=screen)
        _log_in(page, asgi_url, "fit@example.org")

        _off_the_loop(lambda: _show(session_id, poll_9))
        page.goto(f"{asgi_url}/i/{slug}/live/{session_id}/present/")
        grid = page.locator(EVERYONE + " .live-quad-combined")
        expect(grid).to_be_visible()
        expect(grid.locator(".quad-legend li")).to_have_count(10)
        expect(grid.locator(".quad-point")).to_have_count(10)
        expect(page.locator(EVERYONE + " .live-quad-results")).to_be_hidden()
        # Measured in one step: presenter.js may swap the fragment in between two calls.
        box = page.evaluate(
            "s => { const r = document.querySelector(s).getBoundingClientRect();"
            " return {x: r.x, y: r.y, width: r.width, height: r.height}; }",
            EVERYONE + " .live-quad-combined",
        )
        assert box["y"] >= 0
        assert box["y"] + box["height"] <= screen["height"], (screen, box)
        assert box["x"] + box["width"] <= screen["width"], (screen, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
        _nothing_cut(page)
        _only_content(page)
        assert_accessible(page)
        page.screenshot(path=f"/tmp/j18-fit-2x2-{screen['width']}.png")

        _off_the_loop(lambda: _show(session_id, bars))
        page.reload()
        labels = page.locator(EVERYONE + " .bar-label")
        expect(labels).to_have_count(2)
        for n, text in enumerate(LONG):  # every word shown, over as many lines as it needs
            lines = [line.text_content() for line in labels.nth(n).locator("tspan").all()]
            assert len(lines) >= 2
            assert " ".join(lines) == text
        _nothing_cut(page)
        _only_content(page)
        assert_accessible(page)
        page.screenshot(path=f"/tmp/j18-fit-bars-{screen['width']}.png")


# A one-dot 2x2 with quadrant labels and axis ends as long as the Spanish of Poll 9 runs.
SINGLE_LABELS = [
    "Formal, aprender de otras personas expertas",
    "Formal, aprender con otras personas de la comunidad, de las familias y de la juventud",
    "Informal, aprender de otras personas expertas",
    "Informal, aprender con otras personas de la comunidad",
]
SINGLE_AXES = {
    "x_low": "Aprender de otras personas",
    "x_high": "Aprender con otras personas",
    "y_low": "Informal y espontáneo",
    "y_high": "Formal y planificado",
}
# Every text of the one-statement 2x2 (cell labels, axis ends, statement title).
SINGLE_LABEL_SELECTOR = ", ".join(
    f"{EVERYONE} .live-quad-results {part}"
    for part in (".quad-cell-label", ".quad-axis", ".live-quad-title")
)


SPANISH_PROMPT = "¿Dónde se sitúa hoy nuestra implicación?"


def _setup_single() -> tuple[str, str, list[int]]:
    owner = UserFactory(email="single@example.org")
    initiative = make_initiative(owner=owner)
    session = services.create_session(initiative=initiative, actor=owner, title="One dot")
    one_dot = services.add_item(
        session=session,
        kind="quadrant",
        prompt="Where does our engagement sit today?",
        config={
            **SINGLE_AXES,
            "quadrant_labels": SINGLE_LABELS,
            "translations": {"es": {"prompt": SPANISH_PROMPT}},
        },
        actor=owner,
    )
    one_statement = services.add_item(
        session=session,
        kind="quadrant",
        prompt="Where does each way sit?",
        config={
            **SINGLE_AXES,
            "quadrant_labels": SINGLE_LABELS,
            "statements": [{"key": "talks", "label": "Conversaciones por videollamada"}],
        },
        actor=owner,
    )
    services.start_session(session=session, actor=owner)
    for n in range(3):
        person, _token = services.join(session=session, display_name=f"P{n}")
        for item, key in ((one_dot, "_"), (one_statement, "talks")):
            services.open_item(item=item, actor=owner)
            value = {"x": 20 + 25 * n, "y": 80 - 30 * n}
            services.cast_vote(item=item, participant=person, value={key: value})
    for item in (one_dot, one_statement):
        services.reveal_results(item=Item.objects.get(pk=item.pk), actor=owner)
    return initiative.slug, str(session.pk), [one_dot.pk, one_statement.pk]


def _labels_whole(page: Page, screen: dict[str, int]) -> list[str]:
    """Return every 2x2 text that is clipped, outside its chart or the screen, or under 11 px."""
    return page.evaluate(
        """([selector, screen]) => {
          const bad = [];
          const labels = [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null);
          if (labels.length === 0) return ['no label shown'];
          for (const el of labels) {
            const text = el.textContent.trim();
            if (!text) continue;
            const range = document.createRange();
            range.selectNodeContents(el);
            const ink = range.getBoundingClientRect();  // where the words themselves are drawn
            const own = el.getBoundingClientRect();
            const chart = el.closest('figure').getBoundingClientRect();
            const size = parseFloat(getComputedStyle(el).fontSize);
            const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1
              && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
            if (size < 11) bad.push(`${text}: ${size}px`);
            if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
              bad.push(`${text}: overflows its box`);
            if (getComputedStyle(el).overflow !== 'visible' && !inside(ink, own))
              bad.push(`${text}: clipped by its box`);
            if (!inside(ink, chart)) bad.push(`${text}: outside the chart`);
            const screenBox = {left: 0, top: 0, right: screen.width, bottom: screen.height};
            if (!inside(ink, screenBox)) bad.push(`${text}: off the screen`);
          }
          return bad;
        }""",
        [SINGLE_LABEL_SELECTOR, screen],
    )


def test_a_single_2x2_on_the_projector_shows_every_label_whole(asgi_url, new_page):  # noqa: F811
    slug, session_id, items = _off_the_loop(_setup_single)
    for screen in SCREENS:
        page = new_page(viewport=screen)
        _log_in(page, asgi_url, "single@example.org")
        for n, item in enumerate(items):
            _off_the_loop(lambda item=item: _show(session_id, item))
            page.goto(f"{asgi_url}/i/{slug}/live/{session_id}/present/")
            grid = page.locator(EVERYONE + " .live-quad-results .quad-result-box")
            expect(grid).to_have_count(1)
            expect(grid).to_be_visible()
            expect(page.locator(EVERYONE + " .quad-cell-label")).to_have_text(SINGLE_LABELS)
            # Projector-sized: the grid takes at least 40% of the screen's height.
            height = page.evaluate(
                "s => document.querySelector(s).getBoundingClientRect().height",
                EVERYONE + " .quad-result-box",
            )
            assert height >= 0.4 * screen["height"], (screen, height)
            page.screenshot(path=f"/tmp/j18p-single-2x2-{n}-{screen['width']}.png")
            assert _labels_whole(page, screen) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
            _only_content(page)
            assert_accessible(page)
    # Read in Spanish, the projector shows the team's Spanish question, the labels still whole.
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": asgi_url}])
    _off_the_loop(lambda: _show(session_id, items[0]))
    page.goto(f"{asgi_url}/i/{slug}/live/{session_id}/present/")
    expect(page.locator("#presenter-current h2")).to_have_text(SPANISH_PROMPT)
    assert _labels_whole(page, SCREENS[-1]) == []
    _only_content(page)
    assert_accessible(page)
    page.screenshot(path="/tmp/j18p-single-2x2-es-1366.png")
    page.context.clear_cookies(name="django_language")
    # The facilitator's own page keeps the table and the split under the same chart.
    page.goto(f"{asgi_url}/i/{slug}/live/{session_id}/run/")
    page.get_by_text("Show the figures as a table").first.click()
    expect(page.locator(".live-table table").first).to_be_visible()
    expect(page.get_by_text("Split by perspective").first).to_be_visible()
    assert_accessible(page)
