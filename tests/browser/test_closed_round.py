"""A closed round, as a convener sees it (1366 px, English) and as the room's link shows it on a
Spanish phone (390 px): closed, when, how many answered, and only what still makes sense."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from convener.measuring import services
from convener.measuring.models import CollectionMode, Response
from tests.browser.conftest import assert_accessible, open_from_menu
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = ["coalescing.diversity", "coalescing.data", "coalescing.consensus", "coalescing.future_work"]


def test_closed_round_page_and_its_room_link(live_server, new_page):
    owner = UserFactory(email="carmen@example.org", display_name="Carmen Convener")
    initiative = make_initiative(owner=owner)
    round = services.create_round(
        initiative=initiative, actor=owner, name="Autumn round", row_keys=ROWS,
        languages=["en", "es"],
    )  # fmt: skip
    services.open_round(round=round, actor=owner)
    token = services.ensure_room_token(round)
    for _ in range(7):
        Response.objects.create(round=round, mode=CollectionMode.ROOM, submitted_at=timezone.now())
    services.close_round(round=round, actor=owner)
    round.closes_at = timezone.make_aware(dt.datetime(2026, 10, 15, 17))
    round.save(update_fields=["closes_at"])
    base = live_server.url

    desk = new_page(viewport={"width": 1366, "height": 900})
    desk.goto(f"{base}/accounts/login/")
    desk.get_by_label("E-mail address").fill("carmen@example.org")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.goto(f"{base}/i/{initiative.slug}/")
    open_from_menu(desk, "Measuring progress")
    rounds = desk.get_by_role("table", name="Survey rounds")
    expect(rounds.get_by_role("row", name="Autumn round")).to_contain_text("7")
    expect(rounds.get_by_role("columnheader", name="Invited")).to_have_count(0)
    assert_accessible(desk)
    rounds.get_by_role("link", name="Autumn round").click()
    expect(desk.locator("#round-closed")).to_contain_text(
        "This round closed on Oct. 15, 2026. 7 people responded."
    )
    expect(desk.get_by_text("Leading by Convening engagement rubric, 4 rows")).to_be_visible()
    expect(desk.get_by_role("link", name="See the results")).to_be_visible()
    expect(desk.get_by_role("button", name="Reopen the round")).to_be_visible()
    expect(desk.get_by_role("button", name="Open the round", exact=True)).to_have_count(0)
    expect(desk.get_by_role("button", name="Send invitations")).to_have_count(0)
    expect(desk.locator(".room-qr")).to_have_count(0)
    expect(desk.get_by_text("No e-mail invitations were sent for this round.")).to_be_visible()
    responses = desk.get_by_role("table", name="How people responded")
    expect(
        responses.get_by_role("row", name="Through the room's shared link or QR code")
    ).to_contain_text("7")
    assert_accessible(desk)

    phone = new_page(viewport={"width": 390, "height": 844}, locale="es-ES")
    phone.goto(f"{base}/r/room/{token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Esta encuesta está cerrada")
    expect(phone.get_by_text("Se cerró el 15 de octubre de 2026")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone)
    phone.get_by_role("link", name="English").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("This survey is closed")
    assert_accessible(phone)

    # Reopened, the page offers the room's code again and the close action.
    desk.once("dialog", lambda dialog: dialog.accept())  # "Reopen this round?"
    desk.get_by_role("button", name="Reopen the round").click()
    expect(desk.locator(".room-qr svg")).to_be_visible()
    expect(desk.get_by_role("button", name="Close the round")).to_be_visible()
    assert_accessible(desk)
