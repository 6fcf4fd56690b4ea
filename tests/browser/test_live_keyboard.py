"""A whole live session followed by keyboard only on a phone, as a screen-reader user meets it.

After every push from the facilitator the test asserts where focus is (a visible control or
the new question's heading), that the title names the current question, and what the polite
live regions hold: the new question, and after a reveal the figures. Every Tab stop on the
phone pages is checked for a visible focus ring with at least 3:1 contrast against what is
behind it (WCAG 2.4.7, 1.4.11). The facilitator's pushes go through the services, as the
facilitator's buttons do.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.live import services
from convener.live.models import Item, LiveSession, Vote
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import (  # noqa: F401 (fixtures used by name)
    _off_the_loop,
    _setup,
    asgi_url,
    new_page,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SAVED = re.compile(r"saved", re.I)

# The focused element, whether it shows a ring, and the ring's contrast against the nearest
# opaque background behind it (the ring is drawn outside the element, so from the parent up).
FOCUS_PROBE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "BODY"};
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el.parentElement, back = [255, 255, 255];
  while (node) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) { back = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  const style = getComputedStyle(el);
  const ring = rgb(style.outlineColor).slice(0, 3);
  const [hi, lo] = [lum(ring), lum(back)].sort((a, b) => b - a);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName, id: el.id, name: el.getAttribute("name") || "",
    label: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 60),
    ringStyle: style.outlineStyle, ringWidth: parseFloat(style.outlineWidth),
    contrast: (hi + 0.05) / (lo + 0.05), width: box.width, height: box.height,
    visible: box.width >= 8 && box.height >= 8 && style.visibility !== "hidden",
  };
}"""


def _check_focus_ring(phone: Page) -> dict:
    """Assert the focused element is visible and shows a ring of >= 3:1; return its probe."""
    probe = phone.evaluate(FOCUS_PROBE)
    assert probe["tag"] != "BODY", "focus fell to the page body"
    assert probe["visible"], f"focus is on an invisible control: {probe}"
    assert probe["ringStyle"] != "none", f"no focus ring: {probe}"
    assert probe["ringWidth"] >= 2, f"focus ring too thin: {probe}"
    assert probe["contrast"] >= 3, f"focus ring contrast below 3:1: {probe}"
    return probe


def _tab_to(phone: Page, selector: str, limit: int = 40, back: bool = False) -> dict:
    """Press Tab until focus is on ``selector``, checking the ring at every stop."""
    for _ in range(limit):
        phone.keyboard.press("Shift+Tab" if back else "Tab")
        probe = _check_focus_ring(phone)
        if phone.evaluate("(s) => document.activeElement.matches(s)", selector):
            return probe
    raise AssertionError(f"Tab never reached {selector}")


def _sweep(phone: Page) -> int:
    """Tab through every stop of the page once, checking each ring; return how many."""
    phone.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    phone.evaluate("() => window.scrollTo(0, 0)")
    seen: list[str] = []
    for _ in range(80):
        phone.keyboard.press("Tab")
        state = phone.evaluate(
            "() => document.activeElement === document.body ? '' : "
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        if not state or (seen and state == seen[0]):
            break
        _check_focus_ring(phone)
        seen.append(state)
    assert seen, "no focusable element on the page"
    return len(seen)


def _regions(phone: Page) -> dict[str, str]:
    return {
        "question": phone.locator("#live-question-announce").text_content() or "",
        "results": phone.locator("#live-results-announce").text_content() or "",
        "status": phone.locator("#live-announce").text_content() or "",
    }


def _assert_after_push(phone: Page, item: Item) -> None:
    """Focus is on the new heading or a visible control; title and region name the question."""
    expect(phone.locator("#live-item")).to_have_attribute("data-item", str(item.pk))
    expect(phone.locator("#live-item")).to_have_attribute("data-status", "open")
    start = item.prompt[:40]
    expect(phone).to_have_title(re.compile(re.escape(start)))
    expect(phone.locator("#live-question-announce")).to_contain_text("New question: " + start)
    focused = phone.evaluate("() => document.activeElement.id || document.activeElement.tagName")
    if focused != "item-prompt":
        _check_focus_ring(phone)
    # In the accessibility tree too: the region is a polite live region holding the question.
    region = phone.locator("#live-question-announce")
    assert region.get_attribute("aria-live") == "polite"


def _move_on(session: LiveSession, item: Item, owner) -> None:
    """The facilitator's usual Next then Open answers: two pushes in quick succession."""
    _off_the_loop(lambda: services.go_to_item(session=session, item=item, actor=owner))
    _off_the_loop(lambda: services.open_item(item=item, actor=owner))


def _reveal(phone: Page, item: Item, owner, figures: str, *, key: bool = False) -> None:
    """Reveal the results; assert focus stays put and the figures are read out once."""
    before = phone.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    if key:
        _off_the_loop(lambda: services.reveal_key(item=item, actor=owner))
    else:
        _off_the_loop(lambda: services.reveal_results(item=item, actor=owner))
    expect(phone.locator(".live-results")).to_be_visible()
    expect(phone.locator("#live-results-announce")).to_contain_text("Results, 1 answer. ")
    expect(phone.locator("#live-results-announce")).to_contain_text(figures)
    if not key:  # same question, same state: the control being used keeps focus
        after = phone.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert after == before
    if phone.evaluate("() => document.activeElement.id") != "item-prompt":
        _check_focus_ring(phone)


def test_a_whole_session_by_keyboard_on_a_phone(asgi_url, new_page) -> None:  # noqa: F811 (fixtures)
    base = asgi_url

    def setup():
        session, initiative = _setup()
        owner = initiative.memberships.first().user
        services.start_session(session=session, actor=owner)
        return session, owner

    session, owner = _off_the_loop(setup)
    items = {i.kind: i for i in session.items.order_by("-position")}
    phone = new_page(viewport=PHONE)

    # Join by keyboard: an unknown code first (finding 10), then the right one.
    phone.goto(f"{base}/live/")
    _sweep(phone)
    _tab_to(phone, "#id_code")
    phone.keyboard.type("ZZZZZZ")
    phone.keyboard.press("Enter")
    summary = phone.locator(".form-errors")
    expect(summary).to_be_focused()
    code = phone.locator("#id_code")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_attribute("aria-describedby", re.compile(r"\bid_code_error\b"))
    expect(phone.locator("#id_code_error")).to_contain_text("No session has that code")
    assert_accessible(phone)
    summary.get_by_role("link").first.press("Enter")
    expect(code).to_be_focused()
    phone.keyboard.press("Control+A")
    phone.keyboard.type(session.join_code)
    phone.keyboard.press("Enter")
    expect(phone.locator("#id_display_name")).to_be_visible()
    _sweep(phone)
    _tab_to(phone, "#id_display_name")
    phone.keyboard.type("Kay")
    phone.keyboard.press("Enter")
    expect(phone.locator("#live-item")).to_be_visible()
    assert_accessible(phone)
    expect(phone.locator("#live-connection")).to_have_text("")

    # Single choice.
    item = items["single"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    assert_accessible(phone)
    _sweep(phone)
    _tab_to(phone, "input[type=radio]")
    phone.keyboard.press("Space")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "Coalescing around issues: Answers 1, Share 100%")
    assert_accessible(phone)
    _sweep(phone)  # with the results and their table

    # Multi: two boxes and Send.
    item = next(i for i in session.items.filter(kind="multi").order_by("position"))
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    _tab_to(phone, "input[type=checkbox]")
    phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Space")
    _tab_to(phone, ".live-send")
    phone.keyboard.press("Enter")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "Family or youth: Answers 1")

    # Ranking (findings 1 and 2): no invisible stops, focus kept after a move to the top.
    item = items["ranking"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    assert_accessible(phone)
    _sweep(phone)  # every stop visible, with a ring
    assert phone.locator(".live-rank input[type=number]:visible").count() == 0
    second = phone.locator(".live-rank").nth(1)
    label = second.locator(".live-rank-label").inner_text()
    _tab_to(phone, ".live-rank:nth-child(2) [data-up]")
    phone.keyboard.press("Enter")
    expect(phone.locator(".live-rank").first).to_have_attribute("data-key", "invite")
    up = phone.locator(".live-rank").first.locator("[data-up]")
    expect(up).to_be_focused()
    expect(up).to_have_attribute("aria-disabled", "true")
    _check_focus_ring(phone)
    expect(phone.locator("#live-announce")).to_contain_text(f"{label} is now in place 1 of 4")
    expect(phone.get_by_role("button", name=f"Move {label} up")).to_have_accessible_description(
        "1 of 4"
    )
    # To the last place with ↓, three times: focus stays on the button.
    _tab_to(phone, ".live-rank:first-child [data-down]")
    for _ in range(3):
        phone.keyboard.press("Enter")
    down = phone.locator(".live-rank").last.locator("[data-down]")
    expect(down).to_be_focused()
    expect(phone.locator(".live-rank").last).to_have_attribute("data-key", "invite")
    _tab_to(phone, ".live-send")
    phone.keyboard.press("Enter")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "List who cares about the issue: Points")

    # 2x2: arrow keys on the grid, Enter to confirm.
    item = items["quadrant"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    _tab_to(phone, ".quad-grid")
    for key in ("ArrowRight", "ArrowUp", "Enter"):
        phone.keyboard.press(key)
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "Dots 1")

    # Rating: arrows inside the first statement's scale.
    item = items["rating"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    _tab_to(phone, "input[type=radio]")
    phone.keyboard.press("Space")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "Mean 1")

    # Open text.
    item = items["open_text"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    _tab_to(phone, "textarea")
    phone.keyboard.type("Listening to families")
    _tab_to(phone, ".live-send")
    phone.keyboard.press("Enter")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "families 1")

    # Quiz: answer, then the answer is revealed with the results.
    item = items["quiz"]
    _move_on(session, item, owner)
    _assert_after_push(phone, item)
    _tab_to(phone, "input[type=radio]")
    phone.keyboard.press("Space")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _reveal(phone, item, owner, "Anyone who cares: Answers 1", key=True)
    expect(phone.locator("#live-announce")).to_contain_text("The answer: Those who can decide")
    focused = phone.evaluate("() => document.activeElement.tagName")
    assert focused != "BODY"
    assert_accessible(phone)
    # Revealing a quiz closes its answering first (issue 16): the focused radio is disabled,
    # and focus goes to its nearest equivalent or the heading, never to the body.
    expect(phone.locator("#live-item")).to_have_attribute("data-status", "closed")
    if phone.evaluate("() => document.activeElement.id") != "item-prompt":
        _check_focus_ring(phone)

    assert Vote.objects.filter(participant__display_name="Kay").count() == 7


def test_a_new_question_is_not_overwritten_and_results_are_read_once(
    asgi_url,  # noqa: F811
    new_page,  # noqa: F811
) -> None:
    """Finding 3 and 11: Reveal, Next and Open in quick succession; votes after a reveal."""
    base = asgi_url

    def setup():
        session, initiative = _setup()
        owner = initiative.memberships.first().user
        services.start_session(session=session, actor=owner)
        first = session.items.get(kind="single")
        services.go_to_item(session=session, item=first, actor=owner)
        services.open_item(item=first, actor=owner)
        return session, owner, first

    session, owner, first = _off_the_loop(setup)
    phone = new_page(viewport=PHONE)
    phone.goto(f"{base}/live/{session.join_code}/")
    phone.locator("#id_display_name").fill("Lee")
    phone.locator("#id_display_name").press("Enter")
    expect(phone.locator("#item-prompt")).to_have_text(first.prompt)
    phone.locator(".live-choice input").first.focus()
    phone.keyboard.press("Space")
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    _off_the_loop(lambda: services.reveal_results(item=first, actor=owner))
    expect(phone.locator("#live-results-announce")).to_contain_text("Answers 1")
    said = phone.locator("#live-results-announce").text_content()
    # More votes after the reveal: the figures are not read out again and again.
    other = new_page(viewport=PHONE)
    other.goto(f"{base}/live/{session.join_code}/")
    other.locator("#id_display_name").fill("Mo")
    other.locator("#id_display_name").press("Enter")
    other.locator(".live-choice").nth(1).click()
    # A second phone's first vote: on a busy machine the socket may still be connecting.
    expect(other.locator(".live-saved")).to_have_text(SAVED, timeout=20_000)
    expect(phone.locator(".live-results")).to_contain_text("2 answers", timeout=20_000)
    phone.wait_for_timeout(500)
    assert phone.locator("#live-results-announce").text_content() == said

    following = session.items.get(kind="rating")
    _off_the_loop(lambda: services.go_to_item(session=session, item=following, actor=owner))
    _off_the_loop(lambda: services.open_item(item=following, actor=owner))
    expect(phone.locator("#live-item")).to_have_attribute("data-status", "open")
    phone.wait_for_timeout(1500)  # any lesser message has had its turn
    expect(phone.locator("#live-question-announce")).to_have_text(
        "New question: " + following.prompt
    )
    expect(phone.locator("#item-prompt")).to_be_focused()
    expect(phone).to_have_title(re.compile(re.escape(following.prompt[:40])))
