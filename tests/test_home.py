"""The initiative home: onboarding for a new initiative, a dashboard whose figures are links."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import resolve, reverse

from convener.activities.models import Activity
from convener.consensus.models import Proposal, ProposalStatus
from convener.consensus.tests.route_fixtures import route_kwargs as proposal_fixture
from convener.measuring.models import CollectionMode, Response, Round, RoundLink, RoundStatus
from convener.measuring.tests.route_fixtures import route_kwargs as round_fixture
from convener.stakeholders.models import Stakeholder


def _home(cast, persona: str = "convener") -> str:
    url = reverse("initiatives:home", args=[cast.initiative.slug])
    return cast.client(persona).get(url).content.decode()


def _figure_links(html: str) -> list[str]:
    return re.findall(r'<li class="figure[^"]*">\s*<a href="([^"]+)"', html)


def test_a_new_initiative_gets_the_four_first_steps_each_with_its_action(cast):
    html = _home(cast)
    slug = cast.initiative.slug
    assert "Getting started" in html
    assert "4 steps to set up this initiative." in html
    for name in [
        "stakeholders:import",
        "stakeholders:targets",
        "activities:create",
        "measuring:round_create",
    ]:
        assert re.search(rf'class="button"\s+href="{reverse(name, args=[slug])}"', html), name
    # Empty sections offer the action that fills them.
    assert re.search(rf'href="{reverse("activities:create", args=[slug])}">Plan a convening', html)
    assert re.search(rf'href="{reverse("activities:milestone_create", args=[slug])}">Record', html)


def test_done_steps_are_marked_and_the_path_goes_once_all_are_done(cast):
    initiative = cast.initiative
    Stakeholder.objects.create(initiative=initiative, name="Ana Ruiz")
    html = _home(cast)
    assert "3 steps to set up this initiative." in html
    assert 'Load your contacts <span class="visually-hidden">(done)</span>' in html
    perspective = initiative.perspectives.first()
    perspective.target_percent = 30
    perspective.save()
    Activity.objects.create(
        initiative=initiative, title="Kick-off", kind="meeting", starts_on=dt.date.today()
    )
    round_fixture(initiative)
    assert "Getting started" not in _home(cast)


def test_the_dashboard_shows_what_is_happening_with_response_rates(cast):
    initiative = cast.initiative
    people = [
        Stakeholder.objects.create(initiative=initiative, name=f"Person {n}", circle="extended")
        for n in range(4)
    ]
    meeting = Activity.objects.create(
        initiative=initiative,
        title="Spring convening",
        kind="meeting",
        starts_on=dt.date.today() + dt.timedelta(days=7),
    )
    rnd = Round.objects.get(pk=round_fixture(initiative)["round_id"])
    rnd.status = RoundStatus.OPEN
    rnd.save()
    for n, person in enumerate(people):
        link = RoundLink.objects.create(round=rnd, stakeholder=person, token_hash=f"h{n}")
        if n == 0:
            Response.objects.create(
                round=rnd,
                link=link,
                mode=CollectionMode.ONLINE,
                submitted_at=dt.datetime.now(dt.UTC),
            )
    proposal = Proposal.objects.get(pk=proposal_fixture(initiative)["proposal_id"])
    proposal.status = ProposalStatus.OPEN
    proposal.save()

    html = _home(cast, "viewer")
    assert "Upcoming convenings" in html
    assert "Next: Spring convening" in html
    assert "Open round: Route check round" in html
    assert "25 %" in html
    assert "1 of 4 responded" in html
    assert "Open proposal: Route check proposal" in html
    assert "People beyond the second circle" in html
    links = _figure_links(html)
    assert reverse("activities:detail", args=[initiative.slug, meeting.pk]) in links
    assert reverse("measuring:round_detail", args=[initiative.slug, rnd.pk]) in links
    assert reverse("consensus:proposal_detail", args=[initiative.slug, proposal.pk]) in links


def test_every_figure_on_the_home_opens_its_page(cast):
    initiative = cast.initiative
    Stakeholder.objects.create(initiative=initiative, name="Ana Ruiz", circle="dissemination")
    Activity.objects.create(
        initiative=initiative,
        title="Later",
        kind="meeting",
        starts_on=dt.date.today() + dt.timedelta(days=3),
    )
    viewer = cast.client("viewer")
    links = _figure_links(_home(cast, "viewer"))
    assert len(links) >= 3
    for url in links:
        resolve(url.split("?")[0])
        assert viewer.get(url).status_code == 200, url
