import re

from django.urls import reverse

from convener.core.nav import nav_items


def test_every_page_an_app_adds_to_the_menu_resolves():
    for item in nav_items():
        assert reverse(item.url_name, args=["any-initiative"]).startswith("/i/any-initiative/"), (
            item
        )


def _home(cast, persona: str) -> str:
    url = reverse("initiatives:home", args=[cast.initiative.slug])
    return cast.client(persona).get(url).content.decode()


def test_the_owner_sees_every_registered_page_in_the_initiative_menu(cast):
    html = _home(cast, "owner")
    for item in nav_items():
        assert reverse(item.url_name, args=[cast.initiative.slug]) in html, item.key


def test_the_menu_leaves_out_pages_a_role_may_not_open(cast):
    html = _home(cast, "viewer")
    for item in nav_items():
        url = reverse(item.url_name, args=[cast.initiative.slug])
        assert (url in html) == (item.least_role == "viewer"), item.key


def test_the_menu_groups_pages_under_the_habits_and_team(cast):
    html = _home(cast, "convener")
    groups = [
        "Coalescing around issues",
        "Ensuring relevant participation",
        "Doing the work together",
        "Measuring and reporting",
        "Team",
    ]
    positions = [html.index(f"{name}\n") for name in groups]
    assert positions == sorted(positions)
    # One collapsible menu that works without JavaScript.
    assert html.count('<details class="nav-menu"') == 1


def test_the_menu_marks_where_the_person_is(cast):
    url = reverse("stakeholders:import", args=[cast.initiative.slug])
    html = cast.client("convener").get(url).content.decode()
    assert re.search(rf'<a href="{url}"\s+aria-current="page">', html)
    place = re.sub(r"<[^>]+>|\s+", " ", html.split('class="nav-place"')[1].split("</p>")[0])
    assert "Ensuring relevant participation \u203a Import contacts" in re.sub(r"\s+", " ", place)
