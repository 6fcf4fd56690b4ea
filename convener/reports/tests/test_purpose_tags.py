"""Activities, rounds and proposals carry the SPP/APR purposes they serve and what they concern."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from convener.activities.models import Activity
from convener.consensus.tests.helpers import proposal
from convener.initiatives.purposes import Purpose, clean_purposes, plan_list, purpose_labels
from convener.measuring.models import Round

pytestmark = pytest.mark.django_db


def test_purposes_keep_the_fixed_order_and_drop_unknown_keys():
    assert clean_purposes(["evaluating_progress", "nonsense", "target_setting"]) == [
        "target_setting",
        "evaluating_progress",
    ]
    assert plan_list("  SSIP \n\nSSIP\nIndicator 8") == ["SSIP", "Indicator 8"]


def test_the_purposes_have_spanish_labels():
    with translation.override("es"):
        labels = purpose_labels(Purpose.values)
    assert labels == [
        "Fijar metas",
        "Analizar datos",
        "Elaborar estrategias de mejora",
        "Evaluar el progreso",
    ]


def test_the_initiative_keeps_its_plans_and_the_activity_form_offers_them(cast):
    client = cast.client("owner")
    initiative = cast.initiative
    initiative.plans = "SPP/APR Indicator 17 (SSIP)\nIndicator 8"
    initiative.save()
    page = client.get(reverse("activities:create", args=[initiative.slug]))
    assert '<option value="SPP/APR Indicator 17 (SSIP)">' in page.text
    assert 'list="initiative-plans"' in page.text
    assert 'value="data_analysis"' in page.text


def test_editing_an_activity_saves_its_purposes_and_what_it_concerns(cast):
    client = cast.client("convener")
    initiative = cast.initiative
    activity = Activity.objects.create(
        initiative=initiative, title="Workgroup", kind="meeting", starts_on=dt.date(2026, 3, 1)
    )
    url = reverse("activities:edit", args=[initiative.slug, activity.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, [])}
    data.update(
        title="Workgroup",
        kind="meeting",
        starts_on="2026-03-01",
        purposes=["evaluating_progress", "data_analysis"],
        concerns="  SPP/APR   Indicator 17 (SSIP) ",
    )
    data.pop("expected_perspectives", None)
    data.pop("next_activity", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert activity.purposes == ["data_analysis", "evaluating_progress"]
    assert activity.concerns == "SPP/APR Indicator 17 (SSIP)"
    again = client.get(url).text
    assert 'value="evaluating_progress" id="id_purposes_3" checked' in again


def test_an_unknown_purpose_is_refused_with_a_message(cast):
    made = proposal(cast.initiative)
    response = cast.client("convener").post(
        reverse("consensus:proposal_settings", args=[cast.initiative.slug, made.pk]),
        {"serves": "", "suppression_threshold": "5", "purposes": ["bribery"]},
    )
    assert response.status_code == 200
    assert "purposes" in response.context["form"].errors
    made.refresh_from_db()
    assert made.purposes == []


def test_proposal_settings_and_a_new_round_take_purposes(cast):
    made = proposal(cast.initiative)
    client = cast.client("convener")
    response = client.post(
        reverse("consensus:proposal_settings", args=[cast.initiative.slug, made.pk]),
        {"serves": "", "suppression_threshold": "5", "purposes": ["target_setting"]},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.purposes == ["target_setting"]
    page = client.get(reverse("measuring:round_create", args=[cast.initiative.slug]))
    rows = [
        key
        for _group, choices in page.context["form"].fields["rows"].choices
        for key, _t in choices
    ]
    response = client.post(
        reverse("measuring:round_create", args=[cast.initiative.slug]),
        {
            "name": "Baseline",
            "kind": "stakeholders",
            "rows": rows[:1],
            "languages": ["en", "es"],
            "suppression_threshold": "5",
            "purposes": ["data_analysis"],
            "concerns": "SSIP",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    made_round = Round.objects.get(initiative=cast.initiative, name="Baseline")
    assert (made_round.purposes, made_round.concerns) == (["data_analysis"], "SSIP")
