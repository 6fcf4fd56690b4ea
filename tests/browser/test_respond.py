"""A stakeholder answers a round in Spanish on a phone; a convener types in a paper form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from convener.measuring import services
from convener.measuring.models import Answer, Response
from convener.stakeholders.models import Circle, Stakeholder
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
ROWS = ["coalescing.diversity", "coalescing.data", "coalescing.consensus", "coalescing.future_work"]


def _setup() -> tuple[object, str, object]:
    owner = UserFactory(email="carmen@example.org", display_name="Carmen Convener")
    initiative = make_initiative(owner=owner)
    Stakeholder.objects.create(
        initiative=initiative,
        name="Lucía Ramos",
        email="lucia@example.org",
        contact_permitted=True,
        preferred_language="es",
        circle=Circle.KEY,
        perspective=initiative.perspectives.get(key="family_youth"),
    )
    round = services.create_round(
        initiative=initiative, actor=owner, name="Línea de base", row_keys=ROWS,
        audience_circles=[Circle.KEY],
    )  # fmt: skip
    services.open_round(round=round, actor=owner)
    [(_link, token)] = services.issue_links(round=round)
    return initiative, token, round


def _progress(page: Page, text: str) -> None:
    expect(page.locator("#progress")).to_contain_text(text)


def test_stakeholder_answers_in_spanish_on_a_phone_and_a_convener_enters_paper(
    live_server, new_page
):
    initiative, token, round = _setup()
    base = live_server.url
    phone = new_page(viewport=PHONE, locale="es-ES")

    phone.goto(f"{base}/r/{token}/")
    assert token not in phone.url
    assert phone.url.endswith("/r/respond/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("¿Dónde está el grupo ahora?")
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_text("Reconocer y valorar la diversidad")).to_be_visible()
    _progress(phone, "0 de 4 respondidas")
    assert_accessible(phone)

    # The anonymous round asks for the perspective; the first answer by tapping a descriptor.
    phone.get_by_label("¿Desde qué perspectiva responde?").select_option(label="Family/Youth")
    first = phone.locator("#item-1")
    first.get_by_role("radio").nth(1).check()
    _progress(phone, "1 de 4 respondidas")
    # The second answer with the keyboard only: focus the first option, move with the arrows.
    second = phone.locator("#item-2").get_by_role("radio")
    second.nth(0).focus()
    phone.keyboard.press("Space")
    _progress(phone, "2 de 4 respondidas")
    phone.keyboard.press("ArrowDown")
    expect(second.nth(1)).to_be_checked()
    expect(phone.locator("#progress")).to_contain_text("Guardado")
    assert_accessible(phone)

    # They leave midway and come back later with the same link: the answers are still there.
    phone.goto("about:blank")
    phone.goto(f"{base}/r/{token}/")
    _progress(phone, "2 de 4 respondidas")
    expect(phone.locator("#item-1").get_by_role("radio").nth(1)).to_be_checked()
    expect(phone.locator("#item-2").get_by_role("radio").nth(1)).to_be_checked()
    assert_accessible(phone)

    phone.locator("#item-3").get_by_label("No lo sé").check()
    phone.locator("#item-4").get_by_role("radio").nth(2).check()
    _progress(phone, "4 de 4 respondidas")
    phone.get_by_role("button", name="Enviar").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Gracias")
    expect(phone.get_by_role("link", name="Cambiar mis respuestas")).to_be_visible()
    assert_accessible(phone)

    response = Response.objects.get(round=round, mode="online")
    assert response.submitted_at is not None
    assert response.language == "es"
    assert dict(Answer.objects.filter(response=response).values_list("row_key", "level")) == {
        "coalescing.diversity": "networking",
        "coalescing.data": "networking",
        "coalescing.consensus": "not_sure",
        "coalescing.future_work": "collaborating",
    }
    assert set(Answer.objects.filter(response=response).values_list("counted", flat=True)) == {True}

    # The convener looks over the rounds, the round builder and the custom row builder, then
    # types in a paper form from the meeting.
    desk = new_page()
    desk.goto(f"{base}/accounts/login/")
    assert_accessible(desk)
    desk.get_by_label("E-mail address").fill("carmen@example.org")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"{base}/i/{initiative.slug}/measuring/")
    expect(desk.get_by_role("table")).to_contain_text("Línea de base")
    assert_accessible(desk)
    desk.get_by_role("link", name="New round").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("New survey round")
    assert_accessible(desk)
    desk.goto(f"{base}/i/{initiative.slug}/measuring/custom-rows/new/")
    assert_accessible(desk)
    desk.goto(f"{base}/i/{initiative.slug}/measuring/rounds/{round.pk}/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Línea de base")
    expect(desk.locator(".room-qr svg")).to_be_visible()
    assert_accessible(desk)
    desk.get_by_role("link", name="Enter paper forms").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Enter paper forms")
    assert_accessible(desk)
    desk.get_by_label("Perspective on the form").select_option(label="State agency")
    desk.get_by_role("group", name="Making decisions by consensus").get_by_label(
        re.compile("^Collaborating:")
    ).check()
    desk.get_by_role("button", name="Save this form").click()
    expect(desk.locator("#paper-count")).to_contain_text("1 paper form entered so far")
    assert_accessible(desk)
    paper = Response.objects.get(round=round, mode="paper")
    assert list(paper.answers.values_list("row_key", "level")) == [
        ("coalescing.consensus", "collaborating")
    ]

    # The results grid (part 2 of the measuring app) counts the online answer and the paper form.
    desk.goto(f"{base}/i/{initiative.slug}/measuring/rounds/{round.pk}/")
    desk.get_by_role("link", name="See the results").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Línea de base")
    grid = desk.locator("table.results-grid").first

    def cell(row: str, level: str):
        return grid.locator(f'td[data-row="{row}"][data-level="{level}"]')

    # Two answers (the phone's and the paper form) are fewer than the round's smallest group
    # shown: no cell gives a figure that would reveal what either person said (issue 16).
    assert Response.objects.filter(round=round, submitted_at__isnull=False).count() == 2
    expect(cell("coalescing.diversity", "networking")).to_have_count(0)
    expect(desk.locator("main")).to_contain_text("fewer than")
    assert_accessible(desk)
