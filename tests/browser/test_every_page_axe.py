"""Every page, scanned by axe-core at a 390 px phone's width and at 1366 px, in English and Spanish.

Team pages: the reachability crawler (tests/test_reachability.py) finds, from the initiative's
home, one address for every route a convener opens by following links; the browser opens each
signed in as the owner. Stakeholder pages: the pages a person without an account meets, with
the demo's data (survey, room, position, invitation reply, unsubscribe, the live phone with an
item of each kind open and revealed, the 404 page). Each page is scanned at both widths; every
violation of every page is reported together.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page

from convener.activities.models import ActivityInvitation
from convener.activities.services.invitations import reply_secret
from convener.consensus.models import Proposal, ProposalStatus
from convener.consensus.services.links import issue_link
from convener.core import personal_links
from convener.demo.data import load_demo
from convener.live import services as live
from convener.live.models import LiveSession
from convener.measuring.models import Round, RoundStatus
from convener.measuring.services import ensure_room_token
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url
from tests.browser.conftest import assert_accessible
from tests.test_reachability import _someone_took_part, crawl
from tests.test_routes import route_kwargs

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
LANGUAGES = ["en", "es"]
NOT_FOUND = "/no-such-page/"  # the 404 page is scanned too


def _scan_at_both_widths(page: Page, url: str, failures: list[str]) -> None:
    """Open ``url`` on a phone, scan, widen to a laptop, scan again; note what fails."""
    page.set_viewport_size(PHONE)
    response = page.goto(url)
    expected = 404 if url.endswith(NOT_FOUND) else 200
    if response is None or response.status != expected:
        failures.append(f"{url}: HTTP {response.status if response else 'no response'}")
        return
    for width in (PHONE, LAPTOP):
        page.set_viewport_size(width)
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(f"{width['width']} px: {error}")


def _share_session(client: Client, page: Page, base_url: str) -> None:
    """Give the browser the session the test client holds (signed in, or a link followed)."""
    page.context.add_cookies(
        [
            {"name": name, "value": morsel.value, "url": base_url}
            for name, morsel in client.cookies.items()
        ]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_team_page_passes_axe_at_both_widths(cast, live_server, new_page, language):
    values = route_kwargs(cast.initiative)  # one of each kind of record, so lists have a row
    _someone_took_part(values)
    client = cast.client("owner")
    urls: dict[str, str] = {}
    crawl(client, reverse("initiatives:home", args=[cast.initiative.slug]), urls)
    # Pages only: calendar files and other downloads are checked by their own tests.
    urls = {
        name: url for name, url in urls.items() if "html" in client.get(url).get("Content-Type", "")
    }
    assert len(urls) > 60, sorted(urls)
    page = new_page(viewport=PHONE, locale=language)
    _share_session(client, page, live_server.url)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    failures: list[str] = []
    for name in sorted(urls):
        _scan_at_both_widths(page, live_server.url + urls[name], failures)
        assert page.locator("html").get_attribute("lang") == language, name
    assert failures == [], "\n".join(failures)


def _participant_urls(language: str) -> Iterator[tuple[str, Client | None]]:
    """Yield (address, client whose session the page needs, or None) for stakeholder pages."""
    demo = load_demo().initiative
    Stakeholder.objects.filter(initiative=demo).update(preferred_language=language)
    person = Stakeholder.objects.active().filter(initiative=demo).exclude(email="").first()
    assert person is not None
    round = Round.objects.filter(initiative=demo).order_by("pk").first()
    assert round is not None
    Round.objects.filter(pk=round.pk).update(status=RoundStatus.OPEN, opens_at=None, closes_at=None)
    _link, secret = personal_links.make_link(links=round.links, stakeholder=person)
    yield f"/r/{secret}/", None
    yield f"/r/room/{ensure_room_token(round)}/", None
    proposal = Proposal.objects.filter(initiative=demo, status=ProposalStatus.OPEN).first()
    assert proposal is not None
    yield f"/p/{issue_link(proposal=proposal, stakeholder=person, actor=None, replace=True)}/", None
    invitation = ActivityInvitation.objects.filter(activity__initiative=demo).first()
    assert invitation is not None
    yield f"/invitation/{reply_secret(invitation)}/", None
    unsubscribe = unsubscribe_url(person).split("://", 1)[-1]
    yield unsubscribe[unsubscribe.index("/") :], None
    yield NOT_FOUND, None
    yield from _live_urls(demo, language)


def _live_urls(demo, language: str) -> Iterator[tuple[str, Client | None]]:
    """The live phone: the code page, the sign-in, then one item of each kind, open and revealed."""
    perspective = demo.perspectives.first()
    original = LiveSession.objects.filter(initiative=demo, is_template=False).order_by("pk").first()
    assert perspective is not None
    assert original is not None
    session = live.copy_session(session=original, actor=None)
    live.start_session(session=session, actor=None)
    code = session.join_code
    yield reverse("join:start"), None
    yield reverse("join:session", args=[code]), None
    phone = Client(HTTP_ACCEPT_LANGUAGE=language)
    phone.post(
        reverse("join:session", args=[code]),
        {"display_name": "Lucía Pérez", "language": language, "perspective": perspective.key},
    )
    kinds: set[str] = set()
    for item in session.items.order_by("position"):
        if item.kind in kinds:
            continue
        kinds.add(item.kind)
        live.go_to_item(session=session, item=item, actor=None)
        if item.kind == "breakout":
            live.form_breakouts(item=item, mode="random", group_count=1, actor=None)
        live.open_item(item=item, actor=None)
        yield reverse("join:session", args=[code]), phone
        live.reveal_results(item=item, actor=None)
        yield reverse("join:session", args=[code]), phone


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_stakeholder_page_passes_axe_at_both_widths(live_server, new_page, language):
    failures: list[str] = []
    seen = 0
    for path, client in _participant_urls(language):
        page = new_page(viewport=PHONE, locale=language)
        if client is not None:
            _share_session(client, page, live_server.url)
        _scan_at_both_widths(page, live_server.url + path, failures)
        assert page.locator("html").get_attribute("lang") == language, path
        page.context.close()
        seen += 1
    assert seen > 12
    assert failures == [], "\n".join(failures)
