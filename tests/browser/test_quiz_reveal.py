"""Issue 16, break 3 in the browser: a quiz closes before it reveals; phones see the key.

Two phones (one in Spanish) answer a true/false item over the real ASGI server (WebSockets);
the trainer's one reveal closes answering, marks the right answer on each phone and tells each
phone whether it was right; the room sees the answer too. Every page is scanned with axe.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from convener.live import services
from convener.live.models import Item, LiveSession, Vote
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import (  # noqa: F401 (asgi_url and new_page are fixtures)
    PHONE,
    SAVED,
    _join,
    _log_in,
    _off_the_loop,
    _press,
    asgi_url,
    new_page,
)
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def _setup() -> tuple[LiveSession, Item, object]:
    owner = UserFactory(email="trainer@example.org", display_name="Tina Trainer")
    initiative = make_initiative(owner=owner)
    session = services.create_session(initiative=initiative, actor=owner, title="Quiz time")
    item = services.add_item(
        session=session,
        kind="true_false",
        prompt="Convening starts with a shared problem.",
        config={
            "answer": True,
            "explanation": "People come together around an issue they share.",
            "translations": {"es": {"prompt": "Convocar empieza con un problema compartido."}},
        },
        actor=owner,
    )
    services.start_session(session=session, actor=owner)
    services.go_to_item(session=session, item=item, actor=owner)
    services.open_item(item=item, actor=owner)
    return session, item, initiative


def test_revealing_a_quiz_closes_it_and_marks_the_right_answer_on_each_phone(
    asgi_url,  # noqa: F811 (the fixture imported above)
    new_page,  # noqa: F811
) -> None:
    base = asgi_url
    session, item, initiative = _off_the_loop(_setup)
    trainer = new_page()
    _log_in(trainer, base, "trainer@example.org")
    trainer.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/run/")
    assert_accessible(trainer)

    ana = new_page(viewport=PHONE)
    lucia = new_page(viewport=PHONE, locale="es-ES")
    _join(ana, base, session, "Ana", spanish=False)
    _join(lucia, base, session, "Lucía", spanish=True)
    for phone in (ana, lucia):
        expect(phone.locator("#live-item")).to_have_attribute("data-status", "open")
    ana.locator("form.live-answer .live-choice").nth(0).click()  # True: right
    lucia.locator("form.live-answer .live-choice").nth(1).click()  # Falso: wrong
    for phone in (ana, lucia):
        expect(phone.locator("form.live-answer .live-saved")).to_have_text(SAVED)
    assert_accessible(lucia)

    trainer.reload()
    _press(trainer, "Close answers and reveal the right answer")
    expect(trainer.get_by_role("button", name="Open answers")).to_have_count(0)
    assert_accessible(trainer)

    for phone in (ana, lucia):
        expect(phone.locator("#live-item")).to_have_attribute("data-status", "closed")
        expect(phone.locator("#live-item")).to_have_attribute("data-key", "1")
        for radio in phone.locator("fieldset.live-choices input[type=radio]").all():
            expect(radio).to_be_disabled()  # answering is closed
        expect(phone.locator(".live-send")).to_have_count(0)
        expect(phone.locator(".live-results")).to_be_visible()
    expect(ana.locator(".live-choice.is-correct")).to_contain_text("True")
    expect(ana.locator(".live-choice.is-correct")).to_contain_text("Right answer")
    expect(ana.locator(".live-feedback")).to_contain_text("You got it right.")
    expect(lucia.locator(".live-choice.is-correct")).to_contain_text("Verdadero")
    expect(lucia.locator(".live-choice.is-correct")).to_contain_text("Respuesta correcta")
    expect(lucia.locator(".live-feedback")).to_contain_text("Esta vez no.")
    expect(lucia.locator(".live-status")).to_contain_text("Cerrada")
    assert_accessible(ana)
    assert_accessible(lucia)

    screen = trainer.context.new_page()
    screen.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/present/")
    expect(screen.locator(".live-answer-key")).to_contain_text("The answer: True")
    assert_accessible(screen)

    votes = dict(Vote.objects.filter(item=item).values_list("participant__display_name", "value"))
    assert votes == {"Ana": True, "Lucía": False}
