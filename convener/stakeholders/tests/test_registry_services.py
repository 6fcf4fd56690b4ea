import pytest

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import CircleMove, Kind, Stakeholder, Tag
from convener.stakeholders.services import registry as services
from convener.stakeholders.services import transfer_export


def test_parse_tag_names_trims_and_drops_repeats():
    assert services.parse_tag_names(" Rural ,youth  council,, rural,") == [
        "Rural",
        "youth council",
    ]
    assert services.parse_tag_names("") == []


def add(cast, name, **fields):
    tags = fields.pop("tags", ())
    return services.create_stakeholder(
        initiative=cast.initiative,
        actor=cast.users["member"],
        fields={"name": name, **fields},
        tags=tags,
    )


def test_move_circle_records_a_dated_move_with_a_note(cast):
    ana = add(cast, "Ana", circle="extended")
    move = services.move_circle(
        stakeholder=ana, to_circle="key", actor=cast.users["member"], note="Chair a meeting"
    )
    ana.refresh_from_db()
    assert (move.from_circle, move.to_circle, move.note) == ("extended", "key", "Chair a meeting")
    assert move.moved_by == cast.users["member"]
    assert move.moved_at is not None
    assert ana.circle == "key"
    assert ana.what_they_might_do == "Chair a meeting"
    entry = AuditEntry.objects.filter(target_id=ana.pk).first()
    assert entry.fields == ["circle", "what_they_might_do"]


def test_move_circle_refuses_an_unknown_circle(cast):
    ana = add(cast, "Ana")
    with pytest.raises(services.RegistryError):
        services.move_circle(stakeholder=ana, to_circle="middle", actor=None)


def test_update_returns_the_changed_field_names_and_audits_nothing_when_unchanged(cast):
    ana = add(cast, "Ana", position="Parent", tags=["rural"])
    assert (
        services.update_stakeholder(
            stakeholder=ana, actor=None, fields={"position": "Parent"}, tags=["Rural"]
        )
        == []
    )
    before = AuditEntry.objects.count()
    changed = services.update_stakeholder(
        stakeholder=ana, actor=None, fields={"position": "Lead", "stance": "critic"}, tags=[]
    )
    assert changed == ["position", "stance", "tags"]
    assert AuditEntry.objects.count() == before + 1


def test_update_refuses_unknown_fields(cast):
    ana = add(cast, "Ana")
    with pytest.raises(services.RegistryError):
        services.update_stakeholder(stakeholder=ana, actor=None, fields={"erased_at": None})


def test_set_tags_reuses_existing_tags_case_insensitively(cast):
    ana, ben = add(cast, "Ana", tags=["Rural"]), add(cast, "Ben")
    assert services.set_tags(stakeholder=ben, names=["rural", "youth"], actor=None) is True
    assert Tag.objects.filter(initiative=cast.initiative).count() == 2
    assert set(ben.tags.values_list("name", flat=True)) == {"Rural", "youth"}
    assert services.set_tags(stakeholder=ana, names=["Rural"], actor=None) is False


def test_bulk_operations_touch_only_this_initiatives_live_records(cast):
    ana, ben = add(cast, "Ana"), add(cast, "Ben", circle="core")
    erased = add(cast, "Gone")
    services.erase_stakeholder(stakeholder=erased, actor=None)
    stranger = Stakeholder.objects.create(initiative=cast.other, name="Stranger")
    ids = [ana.pk, ben.pk, erased.pk, stranger.pk]
    assert (
        services.bulk_move_circle(
            initiative=cast.initiative, stakeholder_ids=ids, to_circle="core", actor=None
        )
        == 1
    )
    assert (
        services.bulk_tag(
            initiative=cast.initiative, stakeholder_ids=ids, tag_name="rural", actor=None
        )
        == 2
    )
    assert not stranger.tags.exists()
    assert not CircleMove.objects.filter(stakeholder=stranger).exists()


def test_erasing_an_organization_keeps_its_members(cast):
    org = add(cast, "Parents United", kind=Kind.ORGANIZATION, notes="Board list")
    ana = add(cast, "Ana", organization=org)
    services.erase_stakeholder(stakeholder=org, actor=cast.users["owner"])
    org.refresh_from_db()
    ana.refresh_from_db()
    assert org.name == "Erased organization"
    assert org.notes == ""
    assert ana.organization == org
    for name in ("name", "email", "notes"):
        assert name in AuditEntry.objects.get(action="erase").fields


def test_export_person_data_has_everything_and_is_audited(cast):
    org = add(cast, "Parents United", kind=Kind.ORGANIZATION)
    ana = add(
        cast,
        "Ana",
        organization=org,
        perspective=cast.initiative.perspectives.get(key="family_youth"),
        email="ana@example.org",
        accessibility_needs="Captions",
        circle="key",
    )
    data = services.export_person_data(stakeholder=ana, actor=cast.users["owner"])
    record = data["stakeholder"]
    assert record["organization"] == {"id": org.pk, "name": "Parents United"}
    assert record["perspective"]["key"] == "family_youth"
    assert record["accessibility_needs"] == "Captions"
    assert data["circle_history"][0]["to_circle"] == "key"
    assert [e["action"] for e in data["audit"]] == ["create", "export"]
    assert data["audit"][1]["by"] == "owner@example.org"


def test_organization_of_another_initiative_is_refused(cast):
    foreign = Stakeholder.objects.create(
        initiative=cast.other, name="Elsewhere", kind=Kind.ORGANIZATION
    )
    with pytest.raises(services.RegistryError):
        add(cast, "Ana", organization=foreign)


def test_export_selection_leaves_out_contact_columns_when_asked(cast):
    ana = add(cast, "Ana", email="ana@example.org", tags=["rural"])
    header, rows = transfer_export.export_selection(
        initiative=cast.initiative, stakeholder_ids=[ana.pk], include_contact=False
    )
    assert "email" not in header
    assert "phone" not in header
    assert rows[0][header.index("tags")] == "rural"


def test_bulk_and_registry_exports_share_columns_and_booleans(cast):
    ana = add(cast, "Ana", email="ana@example.org", tags=["rural"])
    selected = transfer_export.export_selection(
        initiative=cast.initiative, stakeholder_ids=[ana.pk], include_contact=True
    )
    registry = transfer_export.export_stakeholders(
        initiative=cast.initiative, params={}, include_contact=True
    )
    assert selected == registry
    header, rows = selected
    assert header == list(transfer_export.EXPORT_HEADER)
    assert rows[0][header.index("contact_permitted")] in ("yes", "no")
