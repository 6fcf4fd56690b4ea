"""A live session end to end: a convener runs it, three phones (one in Spanish) answer.

pytest-django's ``live_server`` speaks WSGI only, so this module serves the real ASGI
application (HTTP and WebSockets, ``convener.asgi:application``) with uvicorn in a thread of
the test process: it uses the same test database and the in-memory channel layer, exactly
like the embedded single-process default.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from convener.core.tests.redis_server import free_port
from convener.initiatives.models import Membership
from convener.initiatives.roles import Role
from convener.live import services
from convener.live.models import BreakoutGroup, Item, LiveSession, Vote
from convener.live.tests.filedb import file_database
from convener.toolkit.models import Worksheet
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 320, "height": 740}
SAVED = re.compile(r"saved|guardada", re.I)
NO_VOTES = {"slide", "prompt", "breakout"}

# Items the introduction template lacks, added so that every kind is exercised.
EXTRA_ITEMS = [
    ("single", "Which habit comes first?", {"options": [
        {"key": "coalescing", "label": "Coalescing around issues"},
        {"key": "participation", "label": "Ensuring relevant participation"}]}),
    ("quiz", "Who has authority over a decision?", {"options": [
        {"key": "anyone", "label": "Anyone who cares"},
        {"key": "decider", "label": "Those who can decide"}],
        "answer": "decider", "explanation": "Authority is the power to decide."}),
    ("image", "Which picture shows networking?", {"options": [
        {"key": "net", "label": "Linked dots", "image": "live/img/networking.svg",
         "alt": "Four dots joined by lines"},
        {"key": "inf", "label": "Megaphone", "image": "live/img/informing.svg",
         "alt": "A megaphone sending sound one way"}]}),
    ("prompt", "Talk with a neighbour", {"body": "Who is missing from our table?"}),
]  # fmt: skip


@pytest.fixture
def asgi_url(settings, transactional_db, tmp_path) -> Iterator[str]:
    """Serve convener.asgi:application (HTTP + WebSockets) on a free port; yield its URL."""
    import uvicorn
    from channels.auth import AuthMiddlewareStack
    from channels.routing import ProtocolTypeRouter, URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from convener.asgi import django_application
    from convener.live.routing import websocket_urlpatterns

    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    # As in convener.asgi, built here because the origin check reads ALLOWED_HOSTS when built.
    application = ProtocolTypeRouter(
        {
            "http": django_application,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
            ),
        }
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            application, host="127.0.0.1", port=port, lifespan="off", log_level="warning"
        )
    )
    with file_database(tmp_path):
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        # Warm up (the first request loads URLconfs and templates) before any page waits on it.
        warm = f"{url}/live/"  # http on 127.0.0.1, built just above
        _off_the_loop(lambda: urllib.request.urlopen(warm, timeout=60).read())  # noqa: S310
        yield url
        server.should_exit = True
        thread.join(10)


def _off_the_loop(function):
    """Run ``function`` in a thread of its own and return its result.

    Playwright's sync API keeps an event loop running in the test's thread, and services push
    to the room through async_to_sync, which refuses to run beside a running loop.
    """
    from django.db import connections

    result: list = []

    def run() -> None:
        try:
            result.append(function())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return result[0]


@pytest.fixture
def new_page(new_page):
    """The suite's page factory, with more patience: the machine is shared and the room busy."""

    def make(**kwargs: object) -> Page:
        page = new_page(**kwargs)
        page.context.set_default_timeout(20_000)
        return page

    return make


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your initiatives")


def _setup() -> tuple[LiveSession, object]:
    owner = UserFactory(email="trainer@example.org", display_name="Tina Trainer")
    initiative = make_initiative(owner=owner)
    convener = UserFactory(email="convener@example.org")
    Membership.objects.create(initiative=initiative, user=convener, role=Role.CONVENER)
    session = services.create_session(
        initiative=initiative, actor=owner, title="", template_key="intro_lbc"
    )
    for kind, prompt, config in EXTRA_ITEMS:
        services.add_item(session=session, kind=kind, prompt=prompt, config=config, actor=owner)
    return session, initiative


def _join(phone: Page, base: str, session: LiveSession, name: str, spanish: bool) -> None:
    if spanish:
        phone.goto(f"{base}/live/")
        expect(phone.locator("html")).to_have_attribute("lang", "es")
        assert_accessible(phone)
        phone.get_by_label("Código de la sesión").fill(session.join_code.lower())
        phone.get_by_role("button", name="Unirme").click()
    else:
        phone.goto(f"{base}/live/{session.join_code}/")  # the QR code's link
    assert_accessible(phone)
    phone.locator("#id_display_name").fill(name)
    phone.locator("#id_location").fill("Tucson")
    phone.locator("#id_perspective").select_option(index=1 if name != "Carla" else 2)
    if spanish:
        expect(phone.locator("#id_language")).to_have_value("es")
    phone.locator("form.live-sign-in button[type=submit]").click()
    expect(phone.locator("#live-item")).to_be_visible()


def _answer(phone: Page, kind: str, who: int) -> None:
    """Answer the current item through the page's own controls (mouse and keyboard)."""
    form = phone.locator("form.live-answer")
    kind = (
        form.get_attribute("data-kind") or kind
    )  # an emoji poll taking several is answered as multi
    if kind in ("single", "emoji", "image", "quiz", "true_false"):
        form.locator(".live-choice").nth(who % 2).click()
    elif kind == "multi":
        boxes = form.locator(".live-choice")
        most = int(form.get_attribute("data-max") or 0)
        picks = min(most, 3)
        for n in range(picks):
            boxes.nth(n + who).click()
        expect(form.locator("[data-counter]")).to_contain_text(str(picks))
        if most == picks and boxes.count() > most + who:
            boxes.nth(most + who).click()  # one more than the maximum is refused
        expect(form.locator("input[type=checkbox]:checked")).to_have_count(picks)
        form.locator(".live-send").click()
    elif kind == "rating":
        for fieldset in form.locator("fieldset.live-rating").all():
            fieldset.locator(".live-scale-point").nth(5 + who).click()
    elif kind == "classify":
        selects = form.locator("select")
        for n in range(selects.count()):
            selects.nth(n).select_option(index=1 + (n + who) % 2)
    elif kind == "quadrant":
        grids = form.locator(".quad-grid")
        first = grids.nth(0)
        first.focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowUp", "Enter"):
            first.press(key)
        for n in range(1, grids.count()):
            box = grids.nth(n).bounding_box()
            assert box is not None
            phone.mouse.click(box["x"] + box["width"] * (0.2 + 0.2 * who), box["y"] + 10 + n)
        form.locator(".live-send").click()
    elif kind == "open_text":
        form.locator("textarea").fill(["Listening to families", "Trust and listening", "Time"][who])
        form.locator(".live-send").click()
    elif kind == "ranking":
        form.locator("[data-down]").first.click()
        form.locator(".live-send").click()
    expect(form.locator(".live-saved")).to_have_text(SAVED)


def _press(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_a_trainer_runs_every_kind_with_three_phones(asgi_url, new_page) -> None:
    base = asgi_url
    session, initiative = _off_the_loop(_setup)
    items = list(session.items.order_by("position"))
    kinds = {item.kind for item in items}
    assert kinds >= {
        "single", "multi", "emoji", "rating", "true_false", "quiz", "classify", "image",
        "quadrant", "open_text", "ranking", "prompt", "breakout", "slide",
    }  # fmt: skip

    trainer = new_page()
    _log_in(trainer, base, "trainer@example.org")
    trainer.goto(f"{base}/i/{initiative.slug}/live/")
    assert_accessible(trainer)
    trainer.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/run/")
    _press(trainer, "Start the session")
    assert_accessible(trainer)
    screen = trainer.context.new_page()
    screen.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/present/")
    expect(screen.locator(".join-code")).to_have_text(session.join_code)
    expect(screen.locator("svg.qr")).to_be_visible()
    assert_accessible(screen)

    phones = [
        new_page(viewport=PHONE),
        new_page(viewport=PHONE),
        new_page(viewport=PHONE, locale="es-ES"),
    ]
    for n, (phone, name) in enumerate(zip(phones, ["Ana", "Ben", "Carla"], strict=True)):
        _join(phone, base, session, name, spanish=n == 2)
    for phone in phones:  # the live socket is held: no fallback to polling
        phone.wait_for_timeout(300)
        expect(phone.locator("#live-connection")).to_have_text("")
    expect(screen.locator(".presenter-count")).to_contain_text(
        "3 people have joined", timeout=15_000
    )

    for item in items:
        _press(trainer, "Next")  # one action per step: Next also opens answering
        for phone in phones:
            expect(phone.locator("#live-item")).to_have_attribute("data-item", str(item.pk))
        if item.kind not in NO_VOTES:
            for phone in phones:
                expect(phone.locator("#live-item")).to_have_attribute("data-status", "open")
            for who, phone in enumerate(phones):
                _answer(phone, item.kind, who)
            if item.kind in ("emoji", "quadrant"):  # in both languages
                assert_accessible(phones[0])
                assert_accessible(phones[2])
            if item.kind in ("true_false", "quiz", "classify"):  # one step: close, then reveal
                _press(trainer, "Close answers and reveal the right answer")
            else:
                _press(trainer, "Reveal results")
            for phone in phones:
                expect(phone.locator(".live-results")).to_be_visible()
            if item.kind in ("true_false", "quiz", "classify"):
                for phone in phones:
                    expect(phone.locator(".live-feedback")).to_be_visible()
                expect(phones[2].locator(".live-feedback")).to_contain_text(
                    re.compile("respuesta|Ha acertado|Esta vez no|puntuación", re.I)
                )
            chart = "svg[role=img], .live-cloud, table, .presenter-ranking"  # results that teach
            expect(screen.locator("#presenter-current").locator(chart).first).to_be_visible()
            if item.kind in ("emoji", "classify"):
                assert_accessible(screen)
        elif item.kind == "breakout":
            _press(trainer, "Form the groups")
            for phone in phones:
                expect(phone.locator(".live-notes")).to_be_visible()
            notes = phones[0].locator(".live-notes textarea")
            notes.fill("Who: families and clinics. How: evening meetings.")
            expect(phones[0].locator(".live-notes-status")).to_have_text(re.compile("Notes saved"))
            expect(trainer.locator("#facilitate-live")).to_contain_text("evening meetings")
            assert_accessible(phones[2])
            # The groups' notes go into the worksheet section the breakout names.
            trainer.reload()
            _press(trainer, "Copy the notes into the worksheet")
            expect(trainer.locator(".messages")).to_contain_text("Copied into")
            assert_accessible(trainer)
            sheet = _off_the_loop(lambda: Worksheet.objects.get(initiative=initiative).pk)
            trainer.goto(f"{base}/i/{initiative.slug}/toolkit/w/{sheet}/")
            expect(trainer.locator(".ws-comments").first).to_contain_text("evening meetings")
            trainer.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/run/")
        else:
            expect(phones[2].locator("#item-prompt")).to_be_visible()

    for item in items:
        if item.kind not in NO_VOTES:
            assert Vote.objects.filter(item=item).count() == 3, item.kind  # no vote lost
    groups = BreakoutGroup.objects.filter(item__session=session)
    assert any("evening meetings" in g.notes for g in groups)
    carla = Vote.objects.filter(participant__display_name="Carla").first()
    assert carla is not None
    assert carla.participant.language == "es"

    _press(trainer, "End the session")
    expect(trainer.get_by_role("heading", level=1)).to_contain_text("Results")
    assert_accessible(trainer)
    expect(phones[0].locator("h1")).to_have_text("This session has ended", timeout=15_000)
    session.refresh_from_db()
    assert session.activity is not None
    assert Item.objects.filter(session=session, status="open").count() == 0


def test_without_websockets_a_phone_polls_and_posts_its_votes(asgi_url, new_page) -> None:
    """The fallback: no WebSocket in the browser, so the page polls and posts; nothing lost."""
    base = asgi_url

    def setup() -> tuple[LiveSession, Item, object]:
        session, initiative = _setup()
        owner = initiative.memberships.get(role=Role.OWNER).user
        services.start_session(session=session, actor=owner)
        item = session.items.get(kind="single")
        services.go_to_item(session=session, item=item, actor=owner)
        services.open_item(item=item, actor=owner)
        return session, item, owner

    session, item, owner = _off_the_loop(setup)
    phone = new_page(viewport=PHONE, locale="es-ES")
    phone.add_init_script("delete window.WebSocket;")
    phone.goto(f"{base}/live/{session.join_code}/")
    phone.locator("#id_display_name").fill("Lucía")
    phone.locator("form.live-sign-in button[type=submit]").click()
    expect(phone.locator("#live-connection")).to_contain_text("cada pocos segundos")
    expect(phone.locator("#item-prompt")).to_have_text(item.prompt)
    phone.locator(".live-choice").nth(1).click()
    expect(phone.locator(".live-saved")).to_have_text(SAVED)
    assert Vote.objects.get(item=item).value == "participation"
    _off_the_loop(lambda: services.reveal_results(item=item, actor=owner))
    expect(phone.locator(".live-results")).to_be_visible(timeout=15_000)
    assert_accessible(phone)


def test_the_agenda_editor_records_and_results_pages(asgi_url, new_page) -> None:
    base = asgi_url
    session, initiative = _off_the_loop(_setup)
    page = new_page()
    _log_in(page, base, "convener@example.org")
    page.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/")
    assert_accessible(page)
    page.get_by_label("Kind of item").select_option("image")
    page.get_by_role("button", name="Add", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Question or title").first.fill("Which picture shows a convening?")
    page.get_by_label("Images").fill("table | Round table |\ncompass | Compass | A compass")
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".errorlist")).to_contain_text("text alternative are required")
    page.get_by_label("Images").fill(
        "table | Round table | People seated around a round table\ncompass | Compass | A compass"
    )
    page.get_by_role("button", name="Save item").click()
    expect(page.locator(".messages")).to_contain_text("Item added to the agenda.")
    added = session.items.order_by("-position").first()
    assert added is not None
    assert added.config["options"][0]["alt"] == "People seated around a round table"
    for path in ("records/", "results/", f"items/{added.pk}/"):
        page.goto(f"{base}/i/{initiative.slug}/live/{session.pk}/{path}")
        assert_accessible(page)
