"""Class: every id carried inside JSON is resolved inside the initiative (issue 15, finding 1).

The test enumerates every JSON field of every model and every kind of live item whose settings
carry ids, and tries an id of another initiative in each: it must be refused (422) or resolved
to nothing of the other initiative, and change nothing there.
"""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from convener.accounts.models import ApiToken
from convener.archive.exporting import JSON_REFERENCES, JSON_WITHOUT_IDS, build_document
from convener.archive.importing import import_initiative
from convener.consensus import live as consensus_live
from convener.consensus.models import Position, Proposal
from convener.consensus.tests.helpers import proposal
from convener.framework.packs.content import FieldDef
from convener.live import references
from convener.live import services as live_services
from convener.live.models import Item
from convener.stakeholders.models import Stakeholder
from convener.toolkit import services as toolkit_services
from convener.toolkit.feeds.common import find_stakeholder

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _api(cast, persona: str = "outsider") -> Client:
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def _proposal_config(proposal_id: int, revision: int = 1) -> dict:
    return {
        "options": [
            {"key": "objection", "label": "Objection", "needs_reason": False},
            {"key": "consent", "label": "Consent"},
        ],
        "proposal_id": proposal_id,
        "revision": revision,
    }


def test_every_json_field_is_declared_with_its_ids_or_as_holding_none():
    declared = set(JSON_REFERENCES) | set(JSON_WITHOUT_IDS)
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("convener.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.JSONField)
    }
    assert found - declared == set(), "declare the ids these JSON fields carry"
    assert declared - found == set(), "a declared JSON field no longer exists"
    assert all(reason for reason in JSON_WITHOUT_IDS.values())


def test_every_live_kind_with_ids_in_its_settings_has_a_checker():
    assert JSON_REFERENCES["live.Item.config"] == {"proposal_id": "consensus.proposal"}
    assert references.checked_kinds() == {"proposal"}


def test_a_proposal_item_naming_another_initiatives_proposal_is_refused_and_votes_go_nowhere(
    cast,
):
    """Finding 1: POST and PATCH of a proposal item with a foreign proposal_id are 422."""
    victim = proposal(cast.initiative, process="consent")
    client = _api(cast)
    base = f"/api/v1/initiatives/{cast.other.slug}/live"
    session = _post(client, f"{base}/sessions", {"title": "B session"}).json()
    created = _post(
        client,
        f"{base}/sessions/{session['id']}/items",
        {"kind": "proposal", "prompt": "pick", "config": _proposal_config(victim.pk)},
    )
    assert created.status_code == 422, created.content
    assert "no proposal" in created.json()["error"]["message"]

    own = proposal(cast.other, process="consent")
    item = _post(
        client,
        f"{base}/sessions/{session['id']}/items",
        {"kind": "proposal", "prompt": "pick", "config": _proposal_config(own.pk)},
    )
    assert item.status_code == 201, item.content
    patched = client.patch(
        f"{base}/items/{item.json()['id']}",
        data=json.dumps({"config": _proposal_config(victim.pk)}),
        content_type="application/json",
    )
    assert patched.status_code == 422
    assert Item.objects.get(pk=item.json()["id"]).config["proposal_id"] == own.pk
    assert not Item.objects.filter(config__proposal_id=victim.pk).exists()


def test_a_vote_on_an_item_already_pointing_elsewhere_writes_no_position_there(
    cast, django_capture_on_commit_callbacks
):
    """An item stored before the check (or by hand) still cannot reach another initiative."""
    victim = proposal(cast.initiative, process="consent")
    session = live_services.create_session(initiative=cast.other, actor=None, title="B")
    item = Item.objects.create(
        session=session, position=1, kind="proposal", prompt="p", config=_proposal_config(victim.pk)
    )
    live_services.start_session(session=session, actor=None)
    live_services.open_item(item=item, actor=None)
    participant, _token = live_services.join(session=session, display_name="stuffer")
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(item=item, participant=participant, value="objection")
    assert not Position.objects.filter(proposal=victim).exists()


def test_the_bridge_still_records_positions_for_its_own_initiative(
    cast, django_capture_on_commit_callbacks
):
    made = proposal(cast.initiative, process="consent")
    session = live_services.create_session(initiative=cast.initiative, actor=None, title="A")
    item = consensus_live.put_to_live(proposal=made, session=session, actor=None)
    live_services.start_session(session=session, actor=None)
    live_services.open_item(item=item, actor=None)
    participant, _token = live_services.join(session=session, display_name="Ana")
    with django_capture_on_commit_callbacks(execute=True):
        live_services.cast_vote(item=item, participant=participant, value="consent")
    assert Position.objects.filter(proposal=made).count() == 1


def test_a_worksheet_link_to_another_initiatives_person_is_not_kept(cast):
    """toolkit values: stakeholder_id is resolved in the worksheet's initiative only."""
    theirs = Stakeholder.objects.create(initiative=cast.initiative, name="Private Person")
    link = {"stakeholder_id": theirs.pk, "name": ""}
    assert find_stakeholder(cast.other, link) is None
    resolved = toolkit_services.resolve_links(
        initiative=cast.other, fd=_link_field(), value=dict(link)
    )
    assert resolved["stakeholder_id"] != theirs.pk


def _link_field() -> FieldDef:
    return FieldDef(key="who", type="registry_link", label="Who")


def test_an_import_rewrites_ids_inside_json_to_its_own_records_and_drops_foreign_ones(cast):
    """Import graph: an imported copy never keeps pointing at the source's records."""
    victim = proposal(cast.initiative, process="consent")
    own = proposal(cast.other, process="consent")
    session = live_services.create_session(initiative=cast.other, actor=None, title="B")
    for position, target in enumerate((own, victim), start=1):
        Item.objects.create(
            session=session,
            position=position,
            kind="proposal",
            prompt=f"p{position}",
            config=_proposal_config(target.pk),
        )
    document = build_document(initiative=cast.other)

    result = import_initiative(document=document, actor=cast.users["outsider"])

    copied = Item.objects.filter(session__initiative=result.initiative).order_by("position")
    new_own = Proposal.objects.get(initiative=result.initiative)
    assert [i.config["proposal_id"] for i in copied] == [new_own.pk, None]
    assert not Item.objects.filter(
        session__initiative=result.initiative, config__proposal_id=victim.pk
    ).exists()
