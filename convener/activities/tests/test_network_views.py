"""The Web of Connections with a database: loading, recording relationships, pages and API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convener.accounts.models import ApiToken
from convener.activities.models import Activity, Attendance, Relationship
from convener.activities.services import network as service
from convener.initiatives.models import AuditEntry, Perspective
from convener.stakeholders.models import Kind, Stakeholder

pytestmark = pytest.mark.django_db


def _perspective(cast, key):
    return Perspective.objects.get(initiative=cast.initiative, key=key)


def _attend(cast, title, day, people):
    activity = Activity.objects.create(
        initiative=cast.initiative, title=title, kind="meeting", starts_on=day
    )
    Attendance.objects.bulk_create(Attendance(activity=activity, stakeholder=p) for p in people)
    return activity


@pytest.fixture
def web(cast):
    """Staff and state agency meet twice; a family meets staff once; the university never."""
    org = Stakeholder.objects.create(
        initiative=cast.initiative, kind=Kind.ORGANIZATION, name="Families Together"
    )
    staff = Stakeholder.objects.create(
        initiative=cast.initiative,
        name="Sam Staff",
        perspective=_perspective(cast, "project_staff"),
    )
    state = Stakeholder.objects.create(
        initiative=cast.initiative, name="Sue State", perspective=_perspective(cast, "state_agency")
    )
    parent = Stakeholder.objects.create(
        initiative=cast.initiative,
        name="Pat Parent",
        perspective=_perspective(cast, "family_youth"),
        organization=org,
    )
    county = Stakeholder.objects.create(
        initiative=cast.initiative,
        name="Cy County",
        perspective=_perspective(cast, "county_agency"),
    )
    _attend(cast, "Kickoff", dt.date(2025, 9, 10), [staff, state, county])
    _attend(cast, "Workgroup", dt.date(2025, 10, 10), [staff, state])
    _attend(cast, "Listening session", dt.date(2025, 11, 10), [staff, parent])
    return {"org": org, "staff": staff, "state": state, "parent": parent}


def _ids(cast, *keys):
    return [f"p:{_perspective(cast, k).pk}" for k in keys]


def test_co_attendance_links_perspectives_weighted_by_shared_activities(cast, web):
    data = service.network_data(initiative=cast.initiative)
    staff, state, family = _ids(cast, "project_staff", "state_agency", "family_youth")
    weights = {(d.a, d.b): d.weight for d in data.derived}
    assert weights[tuple(sorted((staff, state)))] == 2
    assert weights[tuple(sorted((staff, family)))] == 1
    assert len(weights) == 4  # staff-state, staff-family, staff-county, state-county


def test_organization_grouping_uses_each_persons_organization(cast, web):
    data = service.network_data(initiative=cast.initiative, by="organization")
    assert [n.label for n in data.nodes] == ["Families Together"]
    assert data.derived == []  # only one organization attended anything


def test_loading_the_web_takes_a_constant_number_of_queries(cast, web):
    service.record_relationship(
        initiative=cast.initiative,
        actor=None,
        from_side=service.Side(role="Parent partner"),
        to_side=service.Side(organization=web["org"]),
    )
    with CaptureQueriesContext(connection) as few:
        service.network_report(initiative=cast.initiative)
    for n in range(5):
        person = Stakeholder.objects.create(
            initiative=cast.initiative, name=f"P{n}", perspective=_perspective(cast, "justice")
        )
        _attend(cast, f"Extra {n}", dt.date(2025, 12, 1 + n), [person, web["staff"]])
        service.record_relationship(
            initiative=cast.initiative,
            actor=None,
            from_side=service.Side(role=f"Role {n}"),
            to_side=service.Side(perspective=_perspective(cast, "justice")),
        )
    with CaptureQueriesContext(connection) as many:
        service.network_report(initiative=cast.initiative)
    assert len(many) == len(few) <= 4


def test_resolve_side_needs_exactly_one_of_group_and_role(cast):
    with pytest.raises(service.RelationshipError):
        service.resolve_side(initiative=cast.initiative, group="", role="")
    with pytest.raises(service.RelationshipError):
        service.resolve_side(
            initiative=cast.initiative,
            group=f"p:{_perspective(cast, 'justice').pk}",
            role="Judge",
        )


def test_a_group_of_another_initiative_cannot_be_a_side(cast):
    foreign = Perspective.objects.filter(initiative=cast.other).first()
    with pytest.raises(service.RelationshipError):
        service.resolve_side(initiative=cast.initiative, group=f"p:{foreign.pk}")


def test_member_records_a_relationship_from_the_form(cast, web):
    family = _perspective(cast, "family_youth")
    url = reverse("activities:relationship_create", args=[cast.initiative.slug])
    response = cast.client("member").post(
        url,
        {
            "from_group": f"p:{family.pk}",
            "to_group": "",
            "to_role": "Clinic front desk",
            "issue_view": "Families see the front desk first.",
            "key_ideas": "Plain-language consent forms",
        },
    )
    assert response.status_code == 302
    relationship = Relationship.objects.get(initiative=cast.initiative)
    assert relationship.from_perspective == family
    assert relationship.to_role == "Clinic front desk"
    audit = AuditEntry.objects.get(target_type="relationship", action="create")
    assert "issue_view" in audit.fields


def test_the_form_refuses_a_side_with_both_a_group_and_a_role(cast):
    family = _perspective(cast, "family_youth")
    url = reverse("activities:relationship_create", args=[cast.initiative.slug])
    response = cast.client("member").post(
        url,
        {"from_group": f"p:{family.pk}", "from_role": "Parent", "to_role": "Judge"},
    )
    assert response.status_code == 400
    assert "one of them" in response.content.decode()
    assert not Relationship.objects.exists()


def test_the_form_refuses_a_relationship_to_itself(cast):
    url = reverse("activities:relationship_create", args=[cast.initiative.slug])
    response = cast.client("member").post(url, {"from_role": "Judge", "to_role": " judge "})
    assert response.status_code == 400
    assert not Relationship.objects.exists()


def test_edit_and_delete_a_relationship(cast):
    relationship = service.record_relationship(
        initiative=cast.initiative,
        actor=None,
        from_side=service.Side(role="Parent"),
        to_side=service.Side(role="Teacher"),
    )
    edit = reverse("activities:relationship_edit", args=[cast.initiative.slug, relationship.pk])
    page = cast.client("member").get(edit)
    assert page.status_code == 200
    assert 'value="Parent"' in page.content.decode()
    response = cast.client("member").post(
        edit, {"from_role": "Parent", "to_role": "School counselor", "key_ideas": "Trust"}
    )
    assert response.status_code == 302
    relationship.refresh_from_db()
    assert (relationship.to_role, relationship.key_ideas) == ("School counselor", "Trust")
    delete = reverse("activities:relationship_delete", args=[cast.initiative.slug, relationship.pk])
    assert "Parent" in cast.client("member").get(delete).content.decode()
    assert cast.client("member").post(delete).status_code == 302
    assert not Relationship.objects.exists()


def test_relationship_of_another_initiative_is_not_found(cast):
    foreign = Relationship.objects.create(initiative=cast.other, from_role="A", to_role="B")
    edit = reverse("activities:relationship_edit", args=[cast.initiative.slug, foreign.pk])
    assert cast.client("member").get(edit).status_code == 404


def test_viewer_sees_graph_table_and_findings_but_cannot_record(cast, web):
    service.record_relationship(
        initiative=cast.initiative,
        actor=None,
        from_side=service.Side(perspective=_perspective(cast, "family_youth")),
        to_side=service.Side(perspective=_perspective(cast, "project_staff")),
        issue_view="Screens at home",
    )
    url = reverse("activities:network", args=[cast.initiative.slug])
    response = cast.client("viewer").get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html
    assert "<title" in html
    assert "edge-recorded" in html
    assert "edge-derived" in html
    assert "Family/Youth connects to the rest only through Project staff." in html
    assert "Screens at home" in html
    assert "Isolated" in html
    assert "Bridge" in html
    assert reverse("activities:relationship_create", args=[cast.initiative.slug]) not in html


def test_toggle_shows_only_derived_links(cast, web):
    service.record_relationship(
        initiative=cast.initiative,
        actor=None,
        from_side=service.Side(role="Parent"),
        to_side=service.Side(role="Teacher"),
    )
    url = reverse("activities:network", args=[cast.initiative.slug])
    html = cast.client("viewer").get(url, {"edges": "derived"}).content.decode()
    assert "edge-derived" in html
    assert "edge-recorded" not in html
    bad = cast.client("viewer").get(url, {"edges": "nonsense", "by": "x"})
    assert bad.status_code == 200


def test_network_page_query_count_is_constant(cast, web, django_assert_max_num_queries):
    url = reverse("activities:network", args=[cast.initiative.slug])
    client = cast.client("viewer")
    client.get(url)
    for n in range(4):
        service.record_relationship(
            initiative=cast.initiative,
            actor=None,
            from_side=service.Side(role=f"Role {n}"),
            to_side=service.Side(organization=web["org"]),
        )
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(4, 8):
        service.record_relationship(
            initiative=cast.initiative,
            actor=None,
            from_side=service.Side(role=f"Role {n}"),
            to_side=service.Side(organization=web["org"]),
        )
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(first) == len(second)


# --- API ---


@pytest.fixture
def api(cast):
    tokens: dict[str, str] = {}

    def call(persona, method, path, body=None):
        if persona not in tokens:
            tokens[persona] = ApiToken.issue(user=cast.users[persona], name="test")[1]
        headers = {"Authorization": f"Bearer {tokens[persona]}"}
        kwargs = (
            {"content_type": "application/json", "data": json.dumps(body)}
            if body is not None
            else {}
        )
        base = f"/api/v1/initiatives/{cast.initiative.slug}"
        return getattr(Client(), method)(base + path, headers=headers, **kwargs)

    return call


def test_api_network_returns_nodes_edges_and_flags(api, cast, web):
    response = api("viewer", "get", "/network?edges=derived")
    assert response.status_code == 200
    body = response.json()
    assert body["edges_shown"] == "derived"
    staff, family, university = _ids(cast, "project_staff", "family_youth", "university")
    assert staff in body["flags"]["bridges"]
    assert university in body["flags"]["isolated"]
    assert {e["kind"] for e in body["edges"]} == {"derived"}
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes[staff]["degree"] == 3
    assert nodes[family]["degree"] == 1
    assert any(f["code"] == "bridge" for f in body["findings"])


def test_api_rejects_an_unknown_edge_choice(api, cast):
    assert api("viewer", "get", "/network?edges=all").status_code == 422


def test_api_records_lists_and_deletes_relationships(api, cast):
    family = _perspective(cast, "family_youth")
    created = api(
        "member",
        "post",
        "/relationships",
        {
            "from": {"group": f"p:{family.pk}"},
            "to": {"role": "Telehealth vendor"},
            "issue_view": "Which platform is safe?",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["from"] == {"group": f"p:{family.pk}", "role": "", "label": "Family/Youth"}
    assert body["to"]["role"] == "Telehealth vendor"
    listed = api("viewer", "get", "/relationships").json()
    assert [r["id"] for r in listed] == [body["id"]]
    network = api("viewer", "get", "/network?edges=recorded").json()
    assert network["edges"][0]["relationship_id"] == body["id"]
    assert api("viewer", "delete", f"/relationships/{body['id']}").status_code == 403
    assert api("member", "delete", f"/relationships/{body['id']}").status_code == 204
    assert not Relationship.objects.exists()


def test_api_explains_a_bad_side(api, cast):
    response = api("member", "post", "/relationships", {"from": {}, "to": {"role": "Judge"}})
    assert response.status_code == 422
    assert response.json()["error"]["fields"]["from"]


def test_api_outsider_gets_404(api, cast):
    assert api("outsider", "get", "/network").status_code == 404
