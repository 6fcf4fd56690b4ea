"""The four circles page stays light: circles collapsed with counts, a search, moves in place."""

from __future__ import annotations

import re

from django.urls import reverse

from convener.stakeholders.models import CircleMove
from convener.stakeholders.tests.test_participation_views import seed


def _url(cast, **query) -> str:
    base = reverse("stakeholders:circles", args=[cast.initiative.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _open_circles(html: str) -> list[str]:
    return re.findall(r'<details open>\s*<summary>\s*<h3 id="circle-([a-z]+)"', html)


def test_circles_are_collapsed_with_their_counts_and_no_move_form_is_sent(cast):
    seed(cast.initiative)  # 4 core, 5 key
    html = cast.client("member").get(_url(cast)).content.decode()
    assert _open_circles(html) == []
    assert re.search(r'id="circle-core">[^<]+</h3>\s*<span class="badge">4</span>', html)
    assert re.search(r'id="circle-key">[^<]+</h3>\s*<span class="badge">5</span>', html)
    assert '<form method="post"\n' not in html
    assert html.count("?move=") == 2 * 10  # a link (href, hx-get) per person and the group


def test_search_opens_only_the_circles_with_a_match(cast):
    seed(cast.initiative)
    html = cast.client("viewer").get(_url(cast, q="family")).content.decode()
    assert _open_circles(html) == ["key"]
    assert "Family Member 0" in html
    assert "Agency Person 1</a>" not in html
    assert "1 match for" in html


def test_the_move_form_comes_for_one_row_and_opens_its_circle(cast):
    _org, people = seed(cast.initiative)
    person = people[1]  # core
    client = cast.client("member")
    html = client.get(_url(cast, move=person.pk)).content.decode()
    assert _open_circles(html) == ["core"]
    assert html.count(f'name="s{person.pk}-circle"') == 1
    assert html.count('name="s') == 2  # that person's circle and note only
    fragment = client.get(_url(cast, move=person.pk), headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith(f'<tr id="stakeholder-{person.pk}">')


def test_a_viewer_gets_no_move_form(cast):
    _org, people = seed(cast.initiative)
    html = cast.client("viewer").get(_url(cast, move=people[0].pk)).content.decode()
    assert 'name="s' not in html


def test_a_move_by_htmx_returns_the_row_in_place(cast):
    _org, people = seed(cast.initiative)
    person = people[0]
    response = cast.client("member").post(
        reverse("stakeholders:circle_update", args=[cast.initiative.slug, person.pk]),
        {f"s{person.pk}-circle": "extended", f"s{person.pk}-what_they_might_do": "Host"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="stakeholder-{person.pk}">')
    assert "saved (Extended Participants / Feedback Networks" in html
    assert CircleMove.objects.filter(stakeholder=person, to_circle="extended").exists()


def test_a_bad_circle_by_htmx_keeps_the_form_with_its_error(cast):
    _org, people = seed(cast.initiative)
    person = people[0]
    response = cast.client("member").post(
        reverse("stakeholders:circle_update", args=[cast.initiative.slug, person.pk]),
        {f"s{person.pk}-circle": "nowhere"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert f'name="s{person.pk}-circle"' in html
    assert "errorlist" in html
    person.refresh_from_db()
    assert person.circle == "core" if people.index(person) % 2 else "key"
