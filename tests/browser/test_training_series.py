"""A training series end to end: a trainer makes a series and runs two short sessions of it,
three phones (one in Spanish) rate the learning targets in both, and a phone opens My growth.

The phones keep their browser contexts between the sessions, as the same phones would: each is
recognized in the second session by the secret it kept from the first. Every page is axe-scanned.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.live.series_models import SeriesMember, TrainingSeries
from tests.browser.conftest import assert_accessible
from tests.browser.test_live import _log_in, _off_the_loop, _press, asgi_url, new_page  # noqa: F401
from tests.factories import UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
SAVED = re.compile(r"saved|guardada", re.I)


def _setup() -> str:
    owner = UserFactory(email="trainer@example.org", display_name="Tina Trainer")
    return make_initiative(owner=owner).slug


def _add_and_start_session(trainer: Page, base: str, series_url: str) -> str:
    """Add a short session (the learning-targets template) to the series, start it, open Poll."""
    trainer.goto(series_url)
    trainer.get_by_label("Start from").select_option("learning_targets")
    _press(trainer, "Add a new session")
    expect(trainer.locator(".messages")).to_contain_text("Session added to the series")
    assert_accessible(trainer)
    session_url = trainer.url  # the agenda editor of the new session
    trainer.goto(session_url + "run/")
    _press(trainer, "Start the session")
    _press(trainer, "Next")  # the first item is the self-rating: Next opens it
    code = trainer.locator("code.live-code").first.text_content() or ""
    return code.strip()


def _rate(phone: Page, base: str, code: str, name: str, point: int) -> None:
    phone.goto(f"{base}/live/{code}/")
    phone.locator("#id_display_name").fill(name)
    phone.locator("form.live-sign-in button[type=submit]").click()
    form = phone.locator("form.live-answer")
    expect(form).to_be_visible()
    for fieldset in form.locator("fieldset.live-rating").all():
        fieldset.locator(".live-scale-point").nth(point - 1).click()
    expect(form.locator(".live-saved")).to_have_text(SAVED)


def test_a_trainer_runs_a_series_and_a_phone_sees_its_growth(
    asgi_url,  # noqa: F811
    new_page,  # noqa: F811
    browser,
) -> None:
    base = asgi_url
    slug = _off_the_loop(_setup)
    trainer = new_page()
    _log_in(trainer, base, "trainer@example.org")
    trainer.goto(f"{base}/i/{slug}/live/")
    trainer.get_by_role("link", name="New training series").click()
    assert_accessible(trainer)
    trainer.locator("#id_title").fill("Spring cohort")
    trainer.locator("#id_title_es").fill("Grupo de primavera")
    _press(trainer, "Create the series")
    expect(trainer.get_by_role("heading", level=1)).to_have_text("Spring cohort")
    assert_accessible(trainer)
    series_url = trainer.url

    phones = [
        new_page(viewport=PHONE),
        new_page(viewport=PHONE),
        new_page(viewport=PHONE, locale="es-ES"),
    ]
    for first_point, names in ((3, ("Ana", "Ben", "Carla")), (7, ("Ana", "Ben", "Carla"))):
        code = _add_and_start_session(trainer, base, series_url)
        assert re.fullmatch(r"[A-Z0-9]{6}", code), code
        for n, (phone, name) in enumerate(zip(phones, names, strict=True)):
            _rate(phone, base, code, name, first_point + n)
        assert_accessible(phones[0])
        assert_accessible(phones[2])
        _press(trainer, "End the session")
        expect(trainer.get_by_role("heading", level=1)).to_contain_text("Results")

    count = _off_the_loop(
        lambda: SeriesMember.objects.filter(series__title="Spring cohort").count()
    )
    assert count == 3  # the same three phones, recognized in the second session

    # The trainer's page, reached from Live sessions: a trail back, and each session's presenter.
    trainer.goto(f"{base}/i/{slug}/live/")
    trainer.get_by_role("link", name="Training series", exact=True).click()
    trail = trainer.get_by_role("navigation", name="Breadcrumb")
    expect(trail.get_by_role("link", name="Live sessions")).to_be_visible()
    assert_accessible(trainer)
    trainer.get_by_role("link", name="Spring cohort").click()
    trail = trainer.get_by_role("navigation", name="Breadcrumb")
    expect(trail.get_by_role("link")).to_have_text(["Live sessions", "Training series"])
    expect(trail.locator("[aria-current=page]")).to_have_text("Spring cohort")
    expect(trainer.get_by_text("recognized as the same person")).to_be_visible()
    # Both sessions have ended: results, not the projector.
    expect(trainer.get_by_role("link", name=re.compile("^Results"))).to_have_count(2)
    expect(trainer.get_by_role("link", name=re.compile("^Presenter view"))).to_have_count(0)
    targets = trainer.get_by_role("table", name="Learning targets")
    row = targets.get_by_role("row").filter(has_text="I can describe authentic stakeholder")
    expect(row.get_by_role("cell")).to_have_text(["3", "4.0", "8.0", "4.0", "3 / 0 / 0"])
    assert_accessible(trainer)
    trainer.screenshot(path="/tmp/j18s-series-page.png", full_page=True)

    # A phone follows the link from its session page to its own growth.
    ana, carla = phones[0], phones[2]
    ana.reload()
    ana.get_by_role("link", name="My growth across this training series").click()
    expect(ana.get_by_role("heading", level=1)).to_have_text("My growth")
    mine = ana.get_by_role("table", name="Learning targets")
    row = mine.get_by_role("row").filter(has_text="I can describe authentic stakeholder")
    expect(row.get_by_role("cell")).to_have_text(["3", "7", "+4"])
    link = ana.locator("#personal-link")
    expect(link).to_have_text(re.compile(r"/live/series/ls_"))
    ana.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    ana.get_by_role("button", name="Copy link").click()
    expect(ana.get_by_role("status")).to_have_text("Link copied")
    assert ana.evaluate("navigator.clipboard.readText()") == link.text_content()
    assert_accessible(ana)
    carla.reload()
    carla.get_by_role("link", name="Mi progreso en esta serie de formación").click()
    expect(carla.get_by_role("heading", level=1)).to_have_text("Mi progreso")
    table = carla.get_by_role("table", name="Objetivos de aprendizaje")
    expect(table).to_contain_text("+4")
    # The caption spans the stacked table on the phone instead of shrinking to its longest word.
    caption = table.locator("caption").bounding_box()
    assert caption is not None
    assert caption["width"] > 300
    assert caption["height"] < 40  # one line
    assert carla.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    carla.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    carla.get_by_role("button", name="Copiar el enlace").click()
    expect(carla.get_by_role("status")).to_have_text("Enlace copiado")
    assert_accessible(carla)
    personal = carla.locator("#personal-link").text_content() or ""
    # Without scripts the link is still there as text to select, and no dead button shows.
    plain = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="es-ES")
    try:
        page = plain.new_page()
        page.goto(personal)
        expect(page.locator("#personal-link")).to_have_text(personal)
        expect(page.get_by_role("button", name="Copiar el enlace")).to_be_hidden()
    finally:
        plain.close()
    carla.screenshot(path="/tmp/j18s-growth-es-390.png", full_page=True)
    title = _off_the_loop(lambda: TrainingSeries.objects.get().translations)
    assert title == {"es": {"title": "Grupo de primavera"}}
