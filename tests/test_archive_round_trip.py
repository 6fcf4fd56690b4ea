"""Export → delete → import → export reproduces every record (compared as canonical dumps)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import pytest
from django.core.management import call_command

import convener.demo
from convener.accounts.models import User
from convener.archive.exporting import build_document, canonical, count_by_model
from convener.archive.graph import exported_models
from convener.archive.importing import import_bytes
from convener.demo.data import load_demo
from convener.initiatives.models import AuditEntry, Initiative
from convener.initiatives.services import record_audit
from convener.live.models import LiveSession
from convener.stakeholders.models import Stakeholder, Tag

pytestmark = pytest.mark.django_db


def _load_every_demo_part(initiative: Initiative) -> None:
    """Run every app's demo loader (convener/demo/<app>.py: load_*), wired into data.py or not.

    A loader added later by another app is picked up here without a change.
    """
    for module_info in pkgutil.iter_modules(convener.demo.__path__):
        if module_info.name in {"data", "apps"} or module_info.ispkg:
            continue
        module = importlib.import_module(f"convener.demo.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if (
                name.startswith("load_")
                and function.__module__ == module.__name__
                and list(inspect.signature(function).parameters) == ["initiative"]
            ):
                function(initiative)


def _without_import_entries(document: dict) -> list[dict]:
    return [
        r
        for r in canonical(document)
        if not (r["model"] == "initiatives.auditentry" and r["fields"]["action"] == "import")
    ]


def _delete_everything(initiative: Initiative) -> None:
    """Delete the initiative and all its records, dependants first (some keys protect)."""
    for item in reversed(exported_models()):
        ids = list(item.queryset(initiative).values_list("pk", flat=True))
        item.model._base_manager.filter(pk__in=ids).delete()


def test_demo_initiative_survives_export_delete_import_unchanged(capsys):
    demo = load_demo().initiative
    _load_every_demo_part(demo)
    # Exercise the awkward cases too: a self-reference to a later record, tags (many-to-many)
    # and audit entries that point at records by id.
    org = Stakeholder.objects.create(initiative=demo, name="Zeta Org", kind="organization")
    person = Stakeholder.objects.filter(initiative=demo).order_by("pk").first()
    assert person is not None
    person.organization = org
    person.save(update_fields=["organization"])
    tag = Tag.objects.create(initiative=demo, name="round-trip")
    person.tags.add(tag)
    owner = demo.memberships.get(role="owner").user
    record_audit(
        initiative=demo,
        actor=owner,
        action="update",
        target_type="stakeholder",
        target_id=person.pk,
        fields=["organization"],
    )

    call_command("export_initiative", demo.slug)
    text = capsys.readouterr().out
    first = json.loads(text)
    counts = count_by_model(first)
    for label in (
        "stakeholders.stakeholder",
        "activities.attendance",
        "measuring.answer",
        "toolkit.worksheet",
        "consensus.proposal",
    ):
        assert counts.get(label, 0) > 0, label

    _delete_everything(demo)
    for item in exported_models():
        assert not item.queryset(demo).exists(), item.label

    result = import_bytes(data=text, keep_team=True)  # the administrator's server move
    second = build_document(initiative=result.initiative)

    assert result.initiative.slug == demo.slug
    assert result.invited == []  # the team's accounts still exist and are matched by e-mail
    assert second["users"] == first["users"]
    assert _without_import_entries(second) == canonical(first)
    moved = Stakeholder.objects.get(initiative=result.initiative, name=person.name)
    assert moved.organization is not None
    assert moved.organization.name == "Zeta Org"
    assert list(moved.tags.values_list("name", flat=True)) == ["round-trip"]
    entry = AuditEntry.objects.get(initiative=result.initiative, fields=["organization"])
    assert entry.target_id == moved.pk


def test_import_next_to_the_original_gets_new_slug_and_unknown_people_are_only_invited():
    demo = load_demo().initiative
    LiveSession.objects.create(initiative=demo, title="Kick-off", join_code="ABC234")
    LiveSession.objects.create(initiative=demo, title="Follow-up", join_code="XYZ789")
    sessions_before = LiveSession.objects.count()
    accounts_before = User.objects.count()
    document = build_document(initiative=demo)
    document["users"].append({"email": "newcomer@example.org", "display_name": "Newcomer"})
    membership = next(r for r in document["records"] if r["model"] == "initiatives.membership")
    membership["fields"]["user"] = "newcomer@example.org"

    mover = User.objects.create_user(email="mover@example.org", password=None)
    accounts_before += 1
    result = import_bytes(data=json.dumps(document), actor=mover, keep_team=True)

    assert result.initiative.pk != demo.pk
    assert result.initiative.slug != demo.slug
    codes = set(LiveSession.objects.values_list("join_code", flat=True))
    # Server-wide unique values got fresh ones, shaped like the old: the copy's sessions
    # doubled the count, and no code is shared.
    assert len(codes) == 2 * sessions_before
    assert all(len(code) == 6 and code.isalnum() and code == code.upper() for code in codes)
    assert result.invited == ["newcomer@example.org"]
    assert User.objects.count() == accounts_before  # no account is ever created
    assert result.initiative.invitations.get().email == "newcomer@example.org"
    assert (
        Stakeholder.objects.filter(initiative=demo).count()
        == Stakeholder.objects.filter(initiative=result.initiative).count()
    )


def test_secrets_are_not_exported():
    demo = load_demo().initiative
    text = json.dumps(build_document(initiative=demo))
    assert "token_hash" not in text
    assert "initiatives.invitation" not in text
    assert "password" not in text
