"""Every page a person without an account sees, in Spanish, with the demo's data: no English
from the catalogues, no internal keys, and no team text in English where the team wrote its
Spanish (issue 19, part 6). The pages are those of the route inventory classed ``public``
(the error pages) or ``participant token``: survey link, survey, thanks and room; proposal
link and position page; invitation reply; unsubscribe; the live code, sign-in, phone page,
each item open and with its results, and the ended session.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import reverse

from convener.activities.models import Activity, ActivityInvitation
from convener.activities.services.invitations import reply_secret
from convener.consensus.models import Proposal, ProposalStatus, Revision
from convener.consensus.services.links import issue_link
from convener.core import personal_links
from convener.core.translated import SPANISH
from convener.core.views.errors import permission_denied, server_error
from convener.demo.data import load_demo
from convener.initiatives.models import Initiative, Perspective
from convener.live import services as live
from convener.live.models import BreakoutGroup, Item, LiveSession
from convener.measuring.models import Round, RoundStatus
from convener.measuring.services import ensure_room_token
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.services.unsubscribe import unsubscribe_url
from tests.spanish_check import (
    Page,
    english_strings,
    familiar_or_gendered,
    internal_keys,
    problems,
    read,
    team_english,
)

# A crawler over rendered pages: the same on every database, so CI runs it once, in the SQLite
# pass (docs/architecture.md, "Tests").
pytestmark = pytest.mark.once

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
TEAM_FIELDS: list[tuple[Any, tuple[str, ...]]] = [
    (Initiative, ("title",)),
    (Perspective, ("label",)),
    (LiveSession, ("title", "description")),
    (BreakoutGroup, ("name",)),
    (Proposal, ("title",)),
    (Revision, ("text",)),
    (Round, ("name",)),
    (Activity, ("title", "description")),
]
ITEM_TEXTS = ("explanation", "body", "low_label", "high_label", "x_low", "x_high", "y_low",
              "y_high")  # fmt: skip


def team_pairs() -> list[tuple[str, str]]:
    """Return (English, Spanish) of every team text that has a Spanish form."""
    pairs = []
    for model, fields in TEAM_FIELDS:
        for obj in model.objects.exclude(translations={}):
            spanish = obj.translations.get(SPANISH) or {}
            pairs += [(getattr(obj, f), spanish[f]) for f in fields if spanish.get(f)]
    for item in Item.objects.all():
        spanish = (item.config.get("translations") or {}).get(SPANISH) or {}
        pairs.append((item.prompt, spanish.get("prompt", "")))
        pairs += [(item.config.get(f) or "", spanish.get(f, "")) for f in ITEM_TEXTS]
        labels = spanish.get("labels") or {}
        for field in ("options", "statements", "categories"):
            for entry in item.config.get(field) or []:
                if isinstance(entry, dict):
                    pairs.append((entry.get("label", ""), labels.get(entry.get("key"), "")))
    return [(en, es) for en, es in pairs if isinstance(en, str) and isinstance(es, str)]


def _page(name: str, response: Any) -> Page:
    assert response.status_code < 500, f"{name}: {response.status_code}"
    return read(name, response.content.decode())


def survey_pages(initiative: Initiative, person: Stakeholder) -> Iterator[Page]:
    round = Round.objects.filter(initiative=initiative).order_by("pk").first()
    assert round is not None
    Round.objects.filter(pk=round.pk).update(
        status=RoundStatus.OPEN, opens_at=None, closes_at=None, anonymous=True
    )
    _link, secret = personal_links.make_link(links=round.links, stakeholder=person)
    client = Client(**ES)
    yield _page("survey link", client.get(f"/r/{secret}/?lang=es", follow=True))
    yield _page("survey", client.get(reverse("respond:respond") + "?lang=es"))
    key = round.instrument.rows[0]["key"]
    yield _page("survey empty send", client.post(reverse("respond:submit"), follow=True))
    sent = client.post(reverse("respond:submit"), {f"level-{key}": "2"}, follow=True)
    yield _page("survey thanks", sent)
    yield _page("survey room", Client(**ES).get(f"/r/room/{ensure_room_token(round)}/"))
    yield _page("survey bad link", Client(**ES).get("/r/" + "x" * 43 + "/", follow=True))


def position_pages(initiative: Initiative, person: Stakeholder) -> Iterator[Page]:
    proposal = Proposal.objects.filter(initiative=initiative, status=ProposalStatus.OPEN).first()
    assert proposal is not None
    secret = issue_link(proposal=proposal, stakeholder=person, actor=None, replace=True)
    client = Client(**ES)
    yield _page("position link", client.get(f"/p/{secret}/?lang=es", follow=True))
    yield _page("position", client.get(reverse("positions:position") + "?lang=es"))
    yield _page("position errors", client.post(reverse("positions:position"), {}))
    yield _page("position bad link", Client(**ES).get("/p/" + "x" * 43 + "/", follow=True))


def reply_pages(initiative: Initiative) -> Iterator[Page]:
    invitation = ActivityInvitation.objects.filter(activity__initiative=initiative).first()
    assert invitation is not None
    client = Client(**ES)
    url = f"/invitation/{reply_secret(invitation)}/?lang=es"
    yield _page("invitation reply", client.get(url, follow=True))
    yield _page("invitation answered", client.post(reverse("reply:page"), {"answer": "yes"}))
    yield _page("invitation bad link", Client(**ES).get("/invitation/bad/", follow=True))


def unsubscribe_pages(person: Stakeholder) -> Iterator[Page]:
    path = unsubscribe_url(person).split("://", 1)[-1]
    path = path[path.index("/") :]
    client = Client(**ES)
    yield _page("unsubscribe", client.get(path))
    yield _page("unsubscribed", client.post(path))


def live_pages(initiative: Initiative) -> Iterator[Page]:
    perspective = initiative.perspectives.first()
    assert perspective is not None
    for original in LiveSession.objects.filter(initiative=initiative, is_template=False):
        session = live.copy_session(session=original, actor=None)
        live.start_session(session=session, actor=None)
        client = Client(**ES)
        code = session.join_code
        name = f"live {original.title[:20]}"
        yield _page("live code", client.get(reverse("join:start") + "?lang=es"))
        yield _page(f"{name} sign-in", client.get(reverse("join:session", args=[code])))
        joined = client.post(
            reverse("join:session", args=[code]),
            {"display_name": "Lucía Pérez", "language": "es", "perspective": perspective.key},
            follow=True,
        )
        yield _page(f"{name} joined", joined)
        for item in session.items.order_by("position"):
            live.go_to_item(session=session, item=item, actor=None)
            if item.kind == "breakout":
                live.form_breakouts(item=item, mode="random", group_count=1, actor=None)
            live.open_item(item=item, actor=None)
            where = f"{name} item {item.position} ({item.kind})"
            yield _page(where, client.get(reverse("join:session", args=[code])))
            live.reveal_results(item=item, actor=None)
            yield _page(f"{where} results", client.get(reverse("join:current", args=[code])))
        live.end_session(session=session, actor=None)
        yield _page(f"{name} ended", client.get(reverse("join:session", args=[code])))
    yield _page("live bad code", Client(**ES).get("/live/ZZZZZZ/", follow=True))


def error_pages() -> Iterator[Page]:
    client = Client(**ES)
    yield _page("404", client.get("/no-such-page/"))
    request = RequestFactory(**ES).get("/i/x/")
    request.user = AnonymousUser()
    yield read("403", permission_denied(request).content.decode())
    yield read("500", server_error(RequestFactory(**ES).get("/")).content.decode())
    refused = Client(enforce_csrf_checks=True, **ES).post(reverse("join:start"), {"code": "X"})
    assert refused.status_code == 403
    yield _page("CSRF", refused)


@pytest.fixture
def demo(db: None) -> Initiative:
    return load_demo().initiative


def test_every_page_a_stakeholder_sees_is_whole_in_spanish(demo):
    person = Stakeholder.objects.active().filter(initiative=demo).exclude(email="").first()
    assert person is not None
    # A Spanish-speaking family: every e-mailed link opens in Spanish without asking.
    Stakeholder.objects.filter(initiative=demo).update(preferred_language="es")
    person.refresh_from_db()
    pages = [
        *survey_pages(demo, person),
        *position_pages(demo, person),
        *reply_pages(demo),
        *unsubscribe_pages(person),
        *live_pages(demo),
        *error_pages(),
    ]
    assert len(pages) > 40
    found = sorted(set(problems(pages, team_pairs())))
    assert found == [], "\n".join(found)


def test_the_live_phone_says_whose_session_it_is_in_both_languages(demo):
    pages = {p.name: p.whole for p in live_pages(demo)}
    joined = [text for name, text in pages.items() if name.endswith("joined")]
    assert joined
    assert all("Sesión de Lucía Pérez" in text for text in joined)
    assert not any("Conectado" in text for text in pages.values())


# -- the checks themselves notice what they are meant to --------------------------------------


def test_the_check_notices_catalogue_english():
    page = read("p", '<main><p>Your answers are saved.</p><a lang="en">English</a></main>')
    catalogue = {"Your answers are saved.": "Sus respuestas están guardadas.", "English": "Inglés"}
    assert english_strings(page, catalogue) == ["Your answers are saved."]


def test_the_check_notices_internal_keys():
    page = read("p", "<p>Sección: four_simple_questions:who_cares · coalescing.diversity</p>"
                     "<p>demo@convener.localhost, https://x.org/a_b</p>")  # fmt: skip
    assert internal_keys(page) == ["four_simple_questions:who_cares", "coalescing.diversity"]


def test_the_check_notices_tu_forms_the_walk_found():
    page = read(
        "p",
        "<h1>Regístrate en la sesión</h1><p>La perspectiva que aportas</p><p>Has acertado.</p>"
        "<p>Conéctese ya.</p><p>Regístrese.</p><p>Últimamente</p>",
    )
    assert familiar_or_gendered(page) == ["Regístrate", "aportas", "Has"]


def test_the_check_notices_team_english_even_marked_english():
    page = read("p", '<h2 lang="en">Shared ground rules</h2>')
    assert team_english(page, [("Shared ground rules", "Reglas comunes")]) == [
        "Shared ground rules"
    ]
    assert team_english(page, [("Shared ground rules", "")]) == []


def test_the_check_reads_the_strings_a_script_shows_later():
    page = read(
        "p",
        '<script id="live-strings" type="application/json">{"saved": "Your answer is saved."}'
        "</script><script>var a = 'Not read';</script>",
    )
    assert page.texts == ["Your answer is saved."]
