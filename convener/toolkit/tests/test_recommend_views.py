"""The What next page and the tools' outputs page: who may see them and what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.stakeholders.services.registry import create_stakeholder
from convener.toolkit.models import (
    BrandPulse,
    GlossaryTerm,
    GroupPlan,
    InitiativeStatement,
    PlanKind,
    StatementKind,
)

pytestmark = pytest.mark.django_db


def test_viewer_sees_what_next_with_a_link_to_start_the_tool(cast):
    url = reverse("toolkit:recommend", args=[cast.initiative.slug])
    response = cast.client("viewer").get(url)
    assert response.status_code == 200
    body = response.content.decode()
    # An empty registry points to Four Simple Questions.
    assert "Nobody is in the registry yet" in body
    assert "tool=four_simple_questions" in body


def test_outsider_gets_404_and_anonymous_is_sent_to_log_in(cast):
    url = reverse("toolkit:recommend", args=[cast.initiative.slug])
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("anonymous").get(url).status_code == 302
    outputs = reverse("toolkit:outputs", args=[cast.initiative.slug])
    assert cast.client("outsider").get(outputs).status_code == 404


def test_outputs_page_marks_glossary_jargon_and_shows_plans_and_pulses(cast):
    initiative = cast.initiative
    GlossaryTerm.objects.create(initiative=initiative, term="SSIP", meaning="State plan")
    InitiativeStatement.objects.create(
        initiative=initiative,
        kind=StatementKind.PURPOSE,
        text="Our SSIP keeps children in care.",
        variants={"family_youth": "Your child keeps their therapist."},
        source_tool="defining_our_core",
    )
    group = create_stakeholder(initiative=initiative, actor=None, fields={"name": "Parents"})
    GroupPlan.objects.create(
        initiative=initiative,
        stakeholder=group,
        kind=PlanKind.REACTION,
        topic="loss",
        details={"response": "Listen first"},
        source_tool="how_people_are",
    )
    BrandPulse.objects.create(
        initiative=initiative,
        stakeholder=group,
        group_name="Parents",
        taken_on="2026-01-01",
        words=["slow", "kind"],
    )
    url = reverse("toolkit:outputs", args=[initiative.slug])
    body = cast.client("viewer").get(url).content.decode()
    assert '<mark class="tk-jargon">SSIP' in body
    assert "Families and youth" in body  # the audience named as the worksheet names it
    assert "Fear of losing something" in body
    assert "How we will respond" in body
    assert "slow, kind" in body


def test_outputs_page_can_show_one_group_only(cast):
    initiative = cast.initiative
    first = create_stakeholder(initiative=initiative, actor=None, fields={"name": "First group"})
    second = create_stakeholder(initiative=initiative, actor=None, fields={"name": "Second group"})
    for group in (first, second):
        GroupPlan.objects.create(
            initiative=initiative,
            stakeholder=group,
            kind=PlanKind.TWO_WAY,
            details={"we_support": f"Help {group.name}"},
            source_tool="four_simple_questions",
        )
    url = reverse("toolkit:outputs", args=[initiative.slug])
    body = cast.client("viewer").get(url, {"group": first.pk}).content.decode()
    assert "Help First group" in body
    assert "Help Second group" not in body
    assert "How we can support and connect to their work" in body


def test_stakeholder_plans_tag_shows_a_groups_plans_in_its_worksheet_words(cast):
    from django.template import Context, Template

    group = create_stakeholder(initiative=cast.initiative, actor=None, fields={"name": "Clinic"})
    template = Template("{% load toolkit_outputs %}{% stakeholder_plans stakeholder %}")
    assert template.render(Context({"stakeholder": group})).strip() == ""
    GroupPlan.objects.create(
        initiative=cast.initiative,
        stakeholder=group,
        kind=PlanKind.VALUE_PROPOSITION,
        details={"status": "engaged", "next_step": "Co-lead the spring webinar"},
        source_tool="whats_in_it_for_me",
    )
    html = template.render(Context({"stakeholder": group}))
    assert "Plans from the toolkit" in html
    assert "Engaged as a partner" in html
    assert "Next step to engage them:</span> Co-lead the spring webinar" in html


def test_what_next_speaks_spanish(cast):
    from django.utils import translation

    with translation.override("es"):
        url = reverse("toolkit:recommend", args=[cast.initiative.slug])
        body = cast.client("viewer").get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Todavía no hay nadie en el registro" in body
    assert "Cuatro preguntas sencillas" in body  # the tool's name from the pack, in Spanish


def test_what_next_tag_shows_the_most_urgent_and_links_to_the_rest(cast):
    from django.template import Context, Template

    template = Template("{% load toolkit_outputs %}{% what_next 1 %}")
    html = template.render(Context({"initiative": cast.initiative}))
    assert "Nobody is in the registry yet" in html
    assert html.count('class="card tk-next-item"') == 1
    assert reverse("toolkit:recommend", args=[cast.initiative.slug]) in html
    assert "more suggestions" in html
