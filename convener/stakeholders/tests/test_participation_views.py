"""The circles page, the participation dashboard and the target mix, through real requests."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from convener.initiatives.models import AuditEntry, Perspective
from convener.stakeholders.models import CircleMove, Kind, Stakeholder, Tag


def _perspective(initiative, key):
    return Perspective.objects.get(initiative=initiative, key=key)


def seed(initiative, n_agency=8, n_family=1):
    """A registry with gaps: mostly agency staff, few families, nobody in the outer circles."""
    org = Stakeholder.objects.create(
        initiative=initiative, kind=Kind.ORGANIZATION, name="County Behavioral Health"
    )
    agency = _perspective(initiative, "state_agency")
    family = _perspective(initiative, "family_youth")
    people = [
        Stakeholder.objects.create(
            initiative=initiative,
            name=f"Agency Person {i}",
            perspective=agency,
            circle="core" if i % 2 else "key",
            power="authority",
            stance="supporter",
            scale="state",
            organization=org if i == 0 else None,
        )
        for i in range(n_agency)
    ]
    people += [
        Stakeholder.objects.create(
            initiative=initiative,
            name=f"Family Member {i}",
            perspective=family,
            circle="key",
            concern_affected=True,
        )
        for i in range(n_family)
    ]
    return org, people


def url(name, initiative, **kwargs):
    return reverse(f"stakeholders:{name}", kwargs={"slug": initiative.slug, **kwargs})


def test_dashboard_opens_with_plain_language_findings(cast):
    seed(cast.initiative)
    response = cast.client("viewer").get(url("dashboard", cast.initiative))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "No critics at the table" in html
    assert "No one is engaged beyond the second circle yet" in html
    assert "89% of people in the registry are agency staff." in html
    assert "County Behavioral Health is engaged through only one person." in html
    assert 'role="img"' in html
    assert "<caption>People by perspective</caption>" in html
    # The findings come before the numbers.
    assert html.index("What stands out") < html.index("Balance by perspective")


def test_dashboard_recomputes_for_a_subset(cast):
    _org, people = seed(cast.initiative)
    tag = Tag.objects.create(initiative=cast.initiative, name="parent network")
    people[-1].tags.add(tag)
    client = cast.client("member")
    by_tag = client.get(url("dashboard", cast.initiative), {"tag": "parent network"})
    assert by_tag.status_code == 200
    assert by_tag.context["report"].people == 1
    by_circle = client.get(url("dashboard", cast.initiative), {"circle": "core"})
    assert by_circle.context["report"].people == 4
    # Inside one circle, the outer circles are not complained about.
    assert "beyond the second circle" not in by_circle.content.decode()


def test_dashboard_reads_the_registry_in_a_constant_number_of_queries(cast):
    seed(cast.initiative, n_agency=2)
    client = cast.client("viewer")
    with CaptureQueriesContext(connection) as few:
        client.get(url("dashboard", cast.initiative))
    seed(cast.initiative, n_agency=30, n_family=10)
    with CaptureQueriesContext(connection) as many:
        client.get(url("dashboard", cast.initiative))
    assert len(few) == len(many)


def test_viewer_sees_circles_without_move_forms(cast):
    seed(cast.initiative)
    response = cast.client("viewer").get(url("circles", cast.initiative))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Agency Person 1" in html
    assert "<title" in html
    assert 'role="img"' in html
    assert "Move or edit" not in html


def test_member_moves_a_person_between_circles_with_history_and_audit(cast):
    _org, people = seed(cast.initiative)
    person = people[-1]
    client = cast.client("member")
    response = client.post(
        url("circle_update", cast.initiative, stakeholder_id=person.pk),
        {f"s{person.pk}-circle": "extended", f"s{person.pk}-what_they_might_do": "Host a café"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stakeholder-{person.pk}")
    person.refresh_from_db()
    assert person.circle == "extended"
    assert person.what_they_might_do == "Host a café"
    move = CircleMove.objects.get(stakeholder=person)
    assert (move.from_circle, move.to_circle) == ("key", "extended")
    assert move.moved_by == cast.users["member"]
    assert AuditEntry.objects.filter(
        target_type="stakeholder", target_id=person.pk, action="update"
    ).exists()
    page = client.get(url("circles", cast.initiative)).content.decode()
    assert escape("Host a café") in page
    assert "Recent moves" in page


def test_editing_only_what_they_might_do_records_no_move(cast):
    _org, people = seed(cast.initiative)
    person = people[0]
    cast.client("member").post(
        url("circle_update", cast.initiative, stakeholder_id=person.pk),
        {f"s{person.pk}-circle": person.circle, f"s{person.pk}-what_they_might_do": "Chair"},
    )
    person.refresh_from_db()
    assert person.what_they_might_do == "Chair"
    assert not CircleMove.objects.filter(stakeholder=person).exists()


def test_an_unknown_circle_changes_nothing(cast):
    _org, people = seed(cast.initiative)
    person = people[0]
    cast.client("member").post(
        url("circle_update", cast.initiative, stakeholder_id=person.pk),
        {f"s{person.pk}-circle": "moon"},
    )
    person.refresh_from_db()
    assert person.circle == "key"


def test_a_person_of_another_initiative_cannot_be_moved(cast):
    other_person = Stakeholder.objects.create(initiative=cast.other, name="Elsewhere")
    response = cast.client("member").post(
        url("circle_update", cast.initiative, stakeholder_id=other_person.pk),
        {f"s{other_person.pk}-circle": "core"},
    )
    assert response.status_code == 404
    other_person.refresh_from_db()
    assert other_person.circle == ""


def test_viewer_cannot_move_anyone(cast):
    _org, people = seed(cast.initiative)
    response = cast.client("viewer").post(
        url("circle_update", cast.initiative, stakeholder_id=people[0].pk),
        {f"s{people[0].pk}-circle": "core"},
    )
    assert response.status_code == 403


def test_convener_sets_some_targets_and_the_rest_share_what_is_left(cast):
    family = _perspective(cast.initiative, "family_youth")
    agency = _perspective(cast.initiative, "state_agency")
    client = cast.client("convener")
    assert client.get(url("targets", cast.initiative)).status_code == 200
    response = client.post(
        url("targets", cast.initiative),
        {f"target_{family.pk}": "30", f"target_{agency.pk}": "20"},
        follow=True,
    )
    family.refresh_from_db()
    agency.refresh_from_db()
    assert (family.target_percent, agency.target_percent) == (30, 20)
    assert "They add up to 50%; the perspectives without a target share the 50% left." in (
        response.content.decode()
    )


def test_targets_that_add_up_to_100_are_saved_quietly(cast):
    perspectives = list(cast.initiative.perspectives.all())
    data = {f"target_{p.pk}": "" for p in perspectives}
    data[f"target_{perspectives[0].pk}"] = "60"
    data[f"target_{perspectives[1].pk}"] = "40"
    response = cast.client("owner").post(url("targets", cast.initiative), data, follow=True)
    assert "Targets saved." in response.content.decode()


def test_a_target_over_100_is_refused(cast):
    family = _perspective(cast.initiative, "family_youth")
    response = cast.client("convener").post(
        url("targets", cast.initiative), {f"target_{family.pk}": "140"}
    )
    assert response.status_code == 200
    family.refresh_from_db()
    assert family.target_percent is None


def test_members_cannot_set_targets(cast):
    assert cast.client("member").get(url("targets", cast.initiative)).status_code == 403


def test_every_participation_route_answers_its_least_role_and_refuses_lower_ones(cast):
    from convener.core.routes import ROLE_RANK
    from convener.stakeholders.participation_urls import route_access

    person = Stakeholder.objects.create(initiative=cast.initiative, name="Route check")
    for name, methods in route_access.items():
        kwargs = {"stakeholder_id": person.pk} if name == "circle_update" else {}
        target = url(name, cast.initiative, **kwargs)
        for method, least in methods.items():
            for persona, rank in ROLE_RANK.items():
                client = cast.client(persona)
                response = client.get(target) if method == "GET" else client.post(target)
                if rank < ROLE_RANK[least]:
                    assert response.status_code == 403, (name, method, persona)
                elif method == "GET":
                    assert response.status_code == 200, (name, method, persona)
        outsider = cast.client("outsider")
        for method in methods:
            response = outsider.get(target) if method == "GET" else outsider.post(target)
            assert response.status_code == 404, (name, method)


def test_an_empty_registry_gets_a_kind_sentence_not_an_error(cast):
    client = cast.client("viewer")
    dashboard = client.get(url("dashboard", cast.initiative))
    assert "No one is listed here yet" in dashboard.content.decode()
    circles = client.get(url("circles", cast.initiative))
    assert "No one has been moved between circles yet." in circles.content.decode()


def test_the_dashboard_speaks_spanish(cast):
    seed(cast.initiative)
    with translation.override("en"):  # restores the language the middleware switches to
        response = cast.client("viewer").get(
            url("dashboard", cast.initiative), headers={"accept-language": "es"}
        )
    html = response.content.decode()
    assert "Lo que destaca" in html
    assert "No hay críticos en la mesa" in html


def test_the_diagram_draws_the_outer_ring_first_and_keeps_names_inside():
    from convener.stakeholders.analytics import CircleCount
    from convener.stakeholders.views.participation_charts import rings

    counts = [
        CircleCount("core", 13, 0, ("Aaliyah Washington", "Darnell Hernández", "Hana Okafor")),
        CircleCount("key", 2, 0, ("Ana", "Ben")),
        CircleCount("extended", 0, 0, ()),
        CircleCount("dissemination", 1, 1, ("TeleCare Connect",)),
    ]
    with translation.override("en"):
        drawn = rings(counts)
    assert [r.circle for r in drawn] == ["dissemination", "extended", "key", "core"]
    assert [r.radius for r in drawn] == sorted((r.radius for r in drawn), reverse=True)
    core = drawn[-1]
    assert core.label == "Core Team (13)"
    assert len(core.names) <= 22
    assert core.names.endswith("…")
    assert drawn[2].names == "Ana, Ben"
