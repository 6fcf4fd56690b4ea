"""The full-day training, start to finish, on a 1920x1080 projector driven by its keyboard
remote, with two phones answering (one in Spanish). Every step is screenshotted (presenter and
phones) under /tmp/i18-shots/ and every kind of step is scanned with axe on both sides.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from convener.live import services
from convener.live.models import LiveSession, Vote
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import (  # noqa: F401 -- fixtures used by name
    PHONE,
    _answer,
    _join,
    _log_in,
    _off_the_loop,
    _press,
    asgi_url,
    new_page,
)
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTOR = {"width": 1920, "height": 1080}
SHOTS = Path("/tmp/i18-shots")
NO_VOTES = {"slide", "prompt", "breakout"}
QUIZZES = {"true_false", "quiz", "classify"}


def _setup() -> tuple[LiveSession, object]:
    owner = UserFactory(email="trainer@example.org", display_name="Tina Trainer")
    initiative = make_initiative(owner=owner)
    session = services.create_session(
        initiative=initiative, actor=owner, title="", template_key="blueprint_full_day"
    )
    return session, initiative


def test_the_full_day_runs_from_the_projectors_keyboard_with_two_phones(asgi_url, new_page):  # noqa: F811
    base = asgi_url
    SHOTS.mkdir(parents=True, exist_ok=True)
    session, initiative = _off_the_loop(_setup)
    items = list(session.items.order_by("position"))
    live = f"{base}/i/{initiative.slug}/live/{session.pk}"

    trainer = new_page()  # the trainer's own laptop or phone: controls and speaker notes
    _log_in(trainer, base, "trainer@example.org")
    trainer.goto(f"{live}/run/")
    _press(trainer, "Start the session")
    screen = new_page(viewport=PROJECTOR)  # the projector, driven by its keyboard
    _log_in(screen, base, "trainer@example.org")
    screen.goto(f"{live}/present/")
    expect(screen.locator(".join-code")).to_have_text(session.join_code)
    assert_accessible(screen)
    screen.screenshot(path=str(SHOTS / "presenter-00-join.png"))

    phones = [new_page(viewport=PHONE), new_page(viewport=PHONE, locale="es-ES")]
    for n, (phone, name) in enumerate(zip(phones, ["Ana", "Carla"], strict=True)):
        _join(phone, base, session, name, spanish=n == 1)
    expect(screen.locator(".presenter-count")).to_contain_text("2 people have joined")

    scanned: set[str] = set()
    for position, item in enumerate(items, start=1):
        ref = f"{position:02d}-{item.kind}"
        screen.locator("body").press("ArrowRight")  # one step: move on, and open answering
        expect(screen.locator("#presenter-current")).to_have_attribute("data-item", str(item.pk))
        for phone in phones:
            expect(phone.locator("#live-item")).to_have_attribute("data-item", str(item.pk))
        first_of_kind = item.kind not in scanned
        scanned.add(item.kind)
        if item.kind in NO_VOTES:
            expect(screen.locator(".presenter-prompt")).to_have_text(item.prompt)
            if item.kind == "breakout":
                trainer.goto(f"{live}/run/")
                _press(trainer, "Form the groups")
                for phone in phones:
                    expect(phone.locator(".live-notes")).to_be_visible()
                expect(screen.locator("#presenter-current .card").first).to_be_visible()
            if (
                item.config.get("notes") and first_of_kind
            ):  # speaker notes: the trainer's screen, not the room's
                trainer.goto(f"{live}/run/")
                expect(trainer.locator(".live-speaker-notes")).to_be_visible()
                expect(screen.locator(".live-speaker-notes")).to_have_count(0)
        else:
            for phone in phones:
                expect(phone.locator("#live-item")).to_have_attribute("data-status", "open")
            for who, phone in enumerate(phones):
                _answer(phone, item.kind, who)
            screen.locator("body").press("r")  # reveal (and a quiz's answer)
            for phone in phones:
                expect(phone.locator(".live-results")).to_be_visible()
            if item.kind in QUIZZES:
                expect(phones[1].locator(".live-feedback")).to_contain_text(
                    re.compile("respuesta|acertado|Esta vez no|puntuación", re.I)
                )
            shown = screen.locator("#presenter-current")
            expect(shown.locator("svg[role=img], .live-cloud, table").first).to_be_visible()
        screen.screenshot(path=str(SHOTS / f"presenter-{ref}.png"))
        for n, phone in enumerate(phones):
            phone.screenshot(path=str(SHOTS / f"phone-{'es' if n else 'en'}-{ref}.png"))
        if first_of_kind:
            assert_accessible(screen)
            for phone in phones:
                assert_accessible(phone)

    for item in items:
        if item.kind not in NO_VOTES:
            assert Vote.objects.filter(item=item).count() == 2, item.prompt  # none lost
    emoji = Vote.objects.filter(item__kind="emoji").first()
    assert emoji is not None
    assert isinstance(emoji.value, list)  # Poll 1 took several emojis
    _press(trainer, "End the session")
    expect(phones[0].locator("h1")).to_have_text("This session has ended", timeout=15_000)
