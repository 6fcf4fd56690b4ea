import json
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Circle, CircleMove, Kind, Stakeholder, Tag
from convener.stakeholders.services import registry as services
from tests.factories import RegisteredStakeholderFactory


def url(name, cast, *args, **query):
    base = reverse(f"stakeholders:{name}", args=[cast.initiative.slug, *args])
    if query:
        base += "?" + urlencode(query)
    return base


def person(cast, name, **fields):
    """Add ``name`` through the registry service as the member (the shared factory)."""
    return RegisteredStakeholderFactory(
        initiative=cast.initiative, actor=cast.users["member"], name=name, **fields
    )


def perspective(cast, key):
    return cast.initiative.perspectives.get(key=key)


def form_data(**overrides):
    data = {
        "kind": "person",
        "name": "Ana Ruiz",
        "position": "Parent leader",
        "preferred_language": "es",
        "tags": "youth council, rural",
    }
    data.update(overrides)
    return data


def names_in(response):
    return [s.name for s in response.context["page"].object_list]


# --- List -------------------------------------------------------------------------------------


def test_viewer_sees_the_list_without_an_email_column(cast):
    person(cast, "Ana Ruiz", email="ana@example.org", phone="555-0101")
    response = cast.client("viewer").get(url("list", cast))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ana Ruiz" in html
    assert "ana@example.org" not in html
    assert "555-0101" not in html
    assert "E-mail address" not in html
    assert html.count("<h1") == 1


def test_member_sees_email_in_the_list(cast):
    person(cast, "Ana Ruiz", email="ana@example.org")
    html = cast.client("member").get(url("list", cast)).content.decode()
    assert "ana@example.org" in html


def test_search_matches_name_organization_position_and_email(cast):
    org = person(cast, "Parents United", kind=Kind.ORGANIZATION)
    person(cast, "Ana Ruiz", organization=org)
    person(cast, "Ben Ode", position="Youth coordinator")
    person(cast, "Cy Lee", email="cy@county.gov")
    client = cast.client("member")
    assert names_in(client.get(url("list", cast, q="united"))) == ["Ana Ruiz", "Parents United"]
    assert names_in(client.get(url("list", cast, q="coordinator"))) == ["Ben Ode"]
    assert names_in(client.get(url("list", cast, q="county.gov"))) == ["Cy Lee"]


def test_viewers_cannot_find_people_by_email(cast):
    person(cast, "Cy Lee", email="cy@county.gov")
    assert names_in(cast.client("viewer").get(url("list", cast, q="county.gov"))) == []


def test_filters_by_perspective_circle_tag_concern_and_consent(cast):
    youth = perspective(cast, "family_youth")
    person(cast, "Ana", perspective=youth, circle=Circle.CORE, tags=["rural"])
    person(cast, "Ben", circle=Circle.KEY, concern_affected=True, contact_permitted=True)
    person(cast, "Cy", stance="critic", scale="state", preferred_language="es")
    client = cast.client("viewer")
    assert names_in(client.get(url("list", cast, perspective="family_youth"))) == ["Ana"]
    assert names_in(client.get(url("list", cast, perspective="none"))) == ["Ben", "Cy"]
    assert names_in(client.get(url("list", cast, circle="key"))) == ["Ben"]
    assert names_in(client.get(url("list", cast, circle="none"))) == ["Cy"]
    assert names_in(client.get(url("list", cast, tag="rural"))) == ["Ana"]
    assert names_in(client.get(url("list", cast, concern_affected="yes"))) == ["Ben"]
    assert names_in(client.get(url("list", cast, contact_permitted="no"))) == ["Ana", "Cy"]
    assert names_in(client.get(url("list", cast, stance="critic", scale="state"))) == ["Cy"]
    assert names_in(client.get(url("list", cast, language="es"))) == ["Cy"]


def test_filter_by_organization_lists_its_members(cast):
    org = person(cast, "Parents United", kind=Kind.ORGANIZATION)
    person(cast, "Ana", organization=org)
    person(cast, "Ben")
    response = cast.client("viewer").get(url("list", cast, organization=org.pk))
    assert names_in(response) == ["Ana"]


def test_sorting_by_columns(cast):
    person(cast, "Ana", circle=Circle.DISSEMINATION)
    person(cast, "Ben", circle=Circle.CORE)
    person(cast, "Cy")
    client = cast.client("viewer")
    assert names_in(client.get(url("list", cast, sort="-name"))) == ["Cy", "Ben", "Ana"]
    assert names_in(client.get(url("list", cast, sort="circle"))) == ["Ben", "Ana", "Cy"]
    response = client.get(url("list", cast, sort="-name"))
    assert 'aria-sort="descending"' in response.content.decode()


def test_pagination_shows_50_per_page_with_page_links(cast):
    Stakeholder.objects.bulk_create(
        Stakeholder(initiative=cast.initiative, name=f"Person {i:03}") for i in range(60)
    )
    client = cast.client("viewer")
    first = client.get(url("list", cast))
    assert len(first.context["page"].object_list) == 50
    assert first.context["count"] == 60
    assert "page=2" in first.content.decode()
    second = client.get(url("list", cast, page=2))
    assert names_in(second)[0] == "Person 050"
    assert len(second.context["page"].object_list) == 10


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_list_query_count_is_the_same_for_10_and_50_rows(cast, django_assert_num_queries, persona):
    org = person(cast, "Org", kind=Kind.ORGANIZATION)
    youth = perspective(cast, "family_youth")
    client = cast.client(persona)
    list_url = url("list", cast, perspective="family_youth", sort="organization")

    def fill(total):
        for i in range(Stakeholder.objects.filter(perspective=youth).count(), total):
            person(cast, f"P{i:03}", organization=org, perspective=youth, tags=["a", f"t{i}"])

    fill(10)
    client.get(list_url)  # the first request of a session may touch the session table
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(list_url).context["page"].object_list) == 10
    fill(50)
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(list_url)
    assert len(response.context["page"].object_list) == 50


# --- Detail -----------------------------------------------------------------------------------


def test_detail_shows_fields_tags_history_and_members(cast):
    org = person(cast, "Parents United", kind=Kind.ORGANIZATION)
    ana = person(
        cast,
        "Ana Ruiz",
        organization=org,
        email="ana@example.org",
        tags=["rural"],
        circle=Circle.KEY,
        what_they_might_do="Host a listening session",
    )
    services.move_circle(
        stakeholder=ana, to_circle=Circle.CORE, actor=cast.users["member"], note="Co-chair"
    )
    response = cast.client("member").get(url("detail", cast, ana.pk))
    html = response.content.decode()
    assert "Parents United" in html
    assert "rural" in html
    assert "Circle history" in html
    assert "Co-chair" in html
    assert "Engagement history" in html
    assert "ana@example.org" in html
    org_html = cast.client("viewer").get(url("detail", cast, org.pk)).content.decode()
    assert "Ana Ruiz" in org_html


def test_viewer_detail_hides_contact_details(cast):
    ana = person(cast, "Ana Ruiz", email="ana@example.org", phone="555-0101")
    html = cast.client("viewer").get(url("detail", cast, ana.pk)).content.decode()
    assert "ana@example.org" not in html
    assert "555-0101" not in html


def test_another_initiatives_stakeholder_is_404(cast):
    stranger = Stakeholder.objects.create(initiative=cast.other, name="Stranger")
    response = cast.client("owner").get(url("detail", cast, stranger.pk))
    assert response.status_code == 404


# --- Create and edit --------------------------------------------------------------------------


def test_member_adds_a_stakeholder_through_the_form(cast):
    youth = perspective(cast, "family_youth")
    response = cast.client("member").post(
        url("create", cast),
        form_data(
            perspective=youth.pk,
            circle="key",
            concern_affected="on",
            email="ana@example.org",
            contact_permitted="on",
            consent_date="2026-02-01",
            consent_source="Sign-up sheet",
        ),
    )
    ana = Stakeholder.objects.get(initiative=cast.initiative, name="Ana Ruiz")
    assert response.status_code == 302
    assert response["Location"] == url("detail", cast, ana.pk)
    assert ana.perspective == youth
    assert ana.concern_affected is True
    assert ana.created_by == cast.users["member"]
    assert sorted(t.name for t in ana.tags.all()) == ["rural", "youth council"]
    assert CircleMove.objects.get(stakeholder=ana).to_circle == "key"
    entry = AuditEntry.objects.get(action="create", target_id=ana.pk)
    assert "email" in entry.fields
    assert "ana@example.org" not in json.dumps(entry.fields) + entry.detail


def test_form_shows_the_fieldsets(cast):
    html = cast.client("member").get(url("create", cast)).content.decode()
    for legend in (
        "Identity",
        "Perspective and landscape",
        "Circle",
        "Contact and consent",
        "Accessibility and language",
        "Notes and tags",
    ):
        assert f"<legend>{legend}</legend>" in html


def test_organization_must_belong_to_the_initiative(cast):
    foreign = Stakeholder.objects.create(
        initiative=cast.other, name="Elsewhere", kind=Kind.ORGANIZATION
    )
    response = cast.client("member").post(url("create", cast), form_data(organization=foreign.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not Stakeholder.objects.filter(name="Ana Ruiz").exists()


def test_duplicate_email_is_refused(cast):
    person(cast, "First", email="ana@example.org")
    response = cast.client("member").post(url("create", cast), form_data(email="ANA@example.org"))
    assert response.context["form"].errors["email"]


def test_edit_records_changed_field_names_and_circle_moves(cast):
    ana = person(cast, "Ana Ruiz", position="Parent", preferred_language="es", tags=["rural"])
    response = cast.client("member").post(
        url("edit", cast, ana.pk),
        form_data(position="Parent leader", circle="core", tags="rural"),
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.position == "Parent leader"
    assert ana.circle == "core"
    entry = AuditEntry.objects.filter(action="update", target_id=ana.pk).first()
    assert entry.fields == ["circle", "position"]
    assert CircleMove.objects.filter(stakeholder=ana, to_circle="core").exists()


def test_viewer_cannot_open_the_form(cast):
    assert cast.client("viewer").get(url("create", cast)).status_code == 403


# --- Delete, erase, export --------------------------------------------------------------------


def test_member_cannot_delete_but_convener_can(cast):
    ana = person(cast, "Ana Ruiz")
    assert cast.client("member").post(url("delete", cast, ana.pk)).status_code == 403
    response = cast.client("convener").post(url("delete", cast, ana.pk))
    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=ana.pk).exists()
    assert AuditEntry.objects.filter(action="delete", target_id=ana.pk).exists()


def test_owner_erases_personal_data_but_counts_survive(cast):
    youth = perspective(cast, "family_youth")
    ana = person(
        cast,
        "Ana Ruiz",
        email="ana@example.org",
        phone="555",
        perspective=youth,
        circle=Circle.KEY,
        notes="Met at the fair",
        tags=["rural"],
        stance="critic",
    )
    services.move_circle(stakeholder=ana, to_circle="core", actor=None, note="Knows Ana's kids")
    assert cast.client("convener").post(url("erase", cast, ana.pk)).status_code == 403
    assert cast.client("owner").post(url("erase", cast, ana.pk)).status_code == 302
    ana.refresh_from_db()
    assert ana.name == "Erased person"
    assert (ana.email, ana.phone, ana.notes, ana.what_they_might_do) == ("", "", "", "")
    assert ana.is_erased
    assert (ana.perspective, ana.circle, ana.stance) == (youth, "core", "critic")
    assert not ana.tags.exists()
    assert set(ana.circle_moves.values_list("note", flat=True)) == {""}
    assert AuditEntry.objects.filter(action="erase", target_id=ana.pk).exists()
    assert Tag.objects.filter(name="rural").exists()  # the tag stays for others


def test_owner_exports_a_persons_data_as_json(cast):
    ana = person(cast, "Ana Ruiz", email="ana@example.org", circle=Circle.KEY, tags=["rural"])
    assert cast.client("convener").post(url("export_person", cast, ana.pk)).status_code == 403
    response = cast.client("owner").post(url("export_person", cast, ana.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["stakeholder"]["email"] == "ana@example.org"
    assert data["stakeholder"]["tags"] == ["rural"]
    assert data["circle_history"][0]["to_circle"] == "key"
    assert {e["action"] for e in data["audit"]} == {"create", "export"}


# --- Bulk actions -----------------------------------------------------------------------------


def test_bulk_move_to_a_circle(cast):
    ana, ben, cy = person(cast, "Ana"), person(cast, "Ben"), person(cast, "Cy")
    stranger = Stakeholder.objects.create(initiative=cast.other, name="Stranger")
    response = cast.client("member").post(
        url("bulk", cast),
        {"action": "move", "circle": "extended", "ids": [ana.pk, ben.pk, stranger.pk]},
    )
    assert response.status_code == 302
    assert set(Stakeholder.objects.filter(circle="extended").values_list("name", flat=True)) == {
        "Ana",
        "Ben",
    }
    cy.refresh_from_db()
    stranger.refresh_from_db()
    assert cy.circle == ""
    assert stranger.circle == ""
    assert CircleMove.objects.filter(to_circle="extended").count() == 2


def test_bulk_tag(cast):
    ana, ben = person(cast, "Ana"), person(cast, "Ben")
    cast.client("member").post(
        url("bulk", cast), {"action": "tag", "tag": "rural", "ids": [ana.pk, ben.pk]}
    )
    assert set(Tag.objects.get(name="rural").stakeholders.values_list("name", flat=True)) == {
        "Ana",
        "Ben",
    }


def test_bulk_without_ticks_says_so(cast):
    response = cast.client("member").post(url("bulk", cast), {"action": "move"}, follow=True)
    assert "Tick at least one stakeholder first." in response.content.decode()


def test_bulk_export_of_ticked_rows_is_neutralised_and_audited(cast):
    ana = person(cast, "=HYPERLINK(1)", email="ana@example.org")
    person(cast, "Not ticked")
    response = cast.client("member").post(
        url("bulk", cast), {"action": "export", "format": "csv", "ids": [ana.pk]}
    )
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in body
    assert "ana@example.org" in body
    assert "Not ticked" not in body
    assert AuditEntry.objects.filter(action="export", target_type="stakeholder").exists()


def test_viewer_cannot_use_bulk_actions(cast):
    ana = person(cast, "Ana")
    response = cast.client("viewer").post(url("bulk", cast), {"action": "export", "ids": [ana.pk]})
    assert response.status_code == 403


def test_the_list_speaks_spanish(cast):
    person(cast, "Ana", circle=Circle.KEY)
    client = cast.client("member")
    client.cookies["django_language"] = "es"
    html = client.get(url("list", cast), headers={"accept-language": "es"}).content.decode()
    assert "Añadir una parte interesada" in html
    assert "Participantes clave" in html


def test_the_list_links_to_an_export_of_the_same_view(cast):
    person(cast, "Ana", circle=Circle.KEY)
    html = cast.client("viewer").get(url("list", cast, circle="key")).content.decode()
    export = reverse("stakeholders:export", args=[cast.initiative.slug])
    assert f"{export}?circle=key&amp;sort=name&amp;format=csv" in html


def test_an_organization_with_members_cannot_become_a_person(cast):
    org = person(cast, "Parents United", kind=Kind.ORGANIZATION)
    person(cast, "Ana", organization=org)
    response = cast.client("member").post(
        url("edit", cast, org.pk), form_data(name="Parents United", kind="person", tags="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]


def test_engagement_history_names_fields_not_values(cast):
    ana = person(cast, "Ana", email="ana@example.org")
    services.update_stakeholder(stakeholder=ana, actor=None, fields={"position": "Chair"})
    html = cast.client("member").get(url("detail", cast, ana.pk)).content.decode()
    assert "(position)" in html


def test_filter_choices_are_escaped(cast):
    person(cast, '<b>"Org"</b>', kind=Kind.ORGANIZATION)
    html = cast.client("viewer").get(url("list", cast)).content.decode()
    assert "&lt;b&gt;&quot;Org&quot;&lt;/b&gt;" in html
    assert '<b>"Org"</b>' not in html
