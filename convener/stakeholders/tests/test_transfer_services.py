"""Import and export use cases against the database."""

from __future__ import annotations

import datetime as dt

import pytest

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import (
    CircleMove,
    ImportBatch,
    ImportMapping,
    ImportStatus,
    Kind,
    Stakeholder,
    Tag,
)
from convener.stakeholders.services import transfer, transfer_export, transfer_jobs
from convener.stakeholders.tabular import TabularError

CSV = (
    "Name,Organization,E-mail,Perspective,Circle,Tags,Kind\n"
    'Ana Ruiz,Niños Unidos,ana@example.org,Family/Youth,key,"youth, rural",\n'
    "Luis Gómez,County Health,luis@example.org,county_agency,,rural,person\n"
    "Niños Unidos,,,community_organization,,,organization\n"
).encode()


def _stage(cast, data=CSV, filename="people.csv"):
    return transfer.stage_import(
        initiative=cast.initiative, actor=cast.users["member"], data=data, filename=filename
    )


def test_staging_keeps_rows_with_file_row_numbers_and_guesses_the_mapping(cast):
    batch = _stage(cast)
    assert batch.status == ImportStatus.STAGED
    assert [n for n, _cells in batch.rows] == [2, 3, 4]
    assert batch.mapping == [
        "name",
        "organization",
        "email",
        "perspective",
        "circle",
        "tags",
        "kind",
    ]
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_an_unreadable_file_is_refused(cast):
    with pytest.raises(TabularError):
        _stage(cast, data=b"")


def test_commit_creates_people_organizations_tags_and_circle_history(cast):
    batch = _stage(cast)
    summary = transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert summary.as_dict() == {
        "rows": 3,
        "created": 3,
        "merged": 0,
        "skipped": 0,
        "organizations_created": 1,  # County Health, named only in the organization column
    }
    ana = Stakeholder.objects.get(initiative=cast.initiative, email="ana@example.org")
    assert ana.organization is not None
    assert ana.organization.name == "Niños Unidos"
    assert ana.organization.kind == Kind.ORGANIZATION
    assert ana.perspective is not None
    assert ana.perspective.key == "family_youth"
    assert sorted(t.name for t in ana.tags.all()) == ["rural", "youth"]
    assert ana.created_by == cast.users["member"]
    # Fields the file leaves out take the model's defaults; timestamps are set.
    assert (ana.preferred_language, ana.contact_permitted, ana.consent_date) == ("en", False, None)
    assert ana.created_at is not None
    assert abs((ana.updated_at - ana.created_at).total_seconds()) < 1
    assert ana.erased_at is None
    assert CircleMove.objects.filter(stakeholder=ana, to_circle="key").exists()
    luis = Stakeholder.objects.get(initiative=cast.initiative, email="luis@example.org")
    assert luis.organization is not None
    assert luis.organization.name == "County Health"
    assert Tag.objects.filter(initiative=cast.initiative).count() == 2
    batch.refresh_from_db()
    assert (batch.status, batch.rows) == (ImportStatus.COMMITTED, [])
    entry = AuditEntry.objects.get(initiative=cast.initiative, action="import")
    assert entry.detail.startswith("CSV, 3 rows")
    assert "email" in entry.fields
    assert entry.actor == cast.users["member"]


def test_a_batch_is_imported_only_once(cast):
    batch = _stage(cast)
    stale = ImportBatch.objects.get(pk=batch.pk)  # a second request loaded it meanwhile
    first = transfer.commit_import(batch=batch, actor=cast.users["member"])
    second = transfer.commit_import(batch=stale, actor=cast.users["member"])
    assert second == first
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 4
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_a_failed_import_changes_nothing(cast):
    bad = CSV + b"Bad Row,,not-an-email,,,,\n"
    batch = _stage(cast, data=bad)
    with pytest.raises(transfer.ImportRejected) as caught:
        transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert [r.number for r in caught.value.rows] == [5]
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0
    assert Tag.objects.filter(initiative=cast.initiative).count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.STAGED
    assert len(batch.rows) == 4


def test_fixing_or_excluding_a_row_makes_the_batch_importable(cast):
    batch = _stage(cast, data=CSV + b"Bad,,bad-email,,,,\nWorse,,,Astronauts,,,\n")
    transfer.fix_row(batch=batch, number=5, cells={2: "bad@example.org"})
    assert transfer.exclude_row(batch=batch, number=6)
    assert [r.number for r in transfer.preview_import(batch) if r.errors] == []
    summary = transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert summary.created == 4
    assert Stakeholder.objects.filter(email="bad@example.org").exists()


def test_changing_the_mapping_is_remembered_for_the_next_import(cast):
    data = b"Who,Contact\nAna,ana@example.org\n"
    batch = _stage(cast, data=data)
    assert batch.mapping == ["", ""]
    assert transfer.update_mapping(batch=batch, mapping=["name", "email"]) == []
    assert ImportMapping.objects.get(initiative=cast.initiative).mapping == {
        "who": "name",
        "contact": "email",
    }
    again = _stage(cast, data=data)
    assert again.mapping == ["name", "email"]


def test_a_mapping_without_a_name_is_refused(cast):
    batch = _stage(cast)
    assert transfer.update_mapping(batch=batch, mapping=["", "email"]) != []
    batch.refresh_from_db()
    assert batch.mapping[0] == "name"


def _existing(cast, **fields):
    defaults = {"initiative": cast.initiative, "name": "Ana Ruiz", "email": "ana@example.org"}
    return Stakeholder.objects.create(**{**defaults, **fields})


def test_duplicates_are_skipped_by_default(cast):
    ana = _existing(cast, position="")
    summary = transfer.commit_import(batch=_stage(cast), actor=cast.users["member"])
    assert (summary.created, summary.skipped) == (2, 1)
    ana.refresh_from_db()
    assert ana.organization is None
    assert Stakeholder.objects.filter(email="ana@example.org").count() == 1


def test_merge_fills_blank_fields_only_and_adds_tags(cast):
    ana = _existing(cast, circle="core", notes="keep")
    data = b"name,email,circle,notes,position,tags\nAna Ruiz,ana@example.org,key,new,Director,x\n"
    summary = transfer.commit_import(
        batch=_stage(cast, data=data), actor=cast.users["member"], default_choice="merge"
    )
    assert summary.merged == 1
    ana.refresh_from_db()
    assert (ana.circle, ana.notes, ana.position) == ("core", "keep", "Director")
    assert [t.name for t in ana.tags.all()] == ["x"]


def test_overwrite_replaces_fields_and_records_the_circle_move_per_row_choice(cast):
    ana = _existing(cast, circle="core", notes="keep")
    data = b"name,email,circle,notes\nAna Ruiz,ana@example.org,key,new\n"
    transfer.commit_import(
        batch=_stage(cast, data=data),
        actor=cast.users["member"],
        default_choice="skip",
        choices={2: "overwrite"},
    )
    ana.refresh_from_db()
    assert (ana.circle, ana.notes) == ("key", "new")
    move = CircleMove.objects.get(stakeholder=ana)
    assert (move.from_circle, move.to_circle) == ("core", "key")


def test_duplicates_by_name_and_organization_are_found_ignoring_case_and_accents(cast):
    org = Stakeholder.objects.create(
        initiative=cast.initiative, name="COUNTY HEALTH", kind=Kind.ORGANIZATION
    )
    Stakeholder.objects.create(initiative=cast.initiative, name="Luis Gomez", organization=org)
    batch = _stage(cast)
    results = {r.number: r for r in transfer.preview_import(batch)}
    assert results[3].duplicate_by == "name"
    summary = transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert summary.skipped == 1
    assert summary.organizations_created == 0  # County Health already existed


def test_an_import_offers_the_same_phone_or_a_name_written_differently(cast):
    """Issue 16, break 5: an import row that is someone already there is offered, not added."""
    lupe = Stakeholder.objects.create(
        initiative=cast.initiative, name="Guadalupe Reyes", phone="(520) 555-0101"
    )
    priya = Stakeholder.objects.create(initiative=cast.initiative, name="Priya Natarajan")
    data = (
        b"name,phone,organization\n"
        b"Lupe R.,+1 520 555 0101,\n"
        b'"Natarajan, Dr. Priya",,\n'
        b"Priya Natarajan,,Clinic Two\n"
        b"Ana Ortiz,,\n"
    )
    batch = _stage(cast, data=data)
    results = {r.number: r for r in transfer.preview_import(batch)}
    assert (results[2].duplicate_of, results[2].duplicate_by) == (lupe.pk, "phone")
    assert (results[3].duplicate_of, results[3].duplicate_by) == (priya.pk, "similar_name")
    assert results[4].duplicate_of == priya.pk  # she has no organization on record
    assert results[5].duplicate_of is None
    summary = transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert (summary.created, summary.skipped) == (1, 3)


def test_duplicates_as_errors_reject_the_whole_import(cast):
    _existing(cast)
    with pytest.raises(transfer.ImportRejected):
        transfer.import_rows(
            initiative=cast.initiative,
            actor=cast.users["member"],
            header=["name", "email"],
            rows=[(1, ["New", "new@example.org"]), (2, ["Ana", "ana@example.org"])],
            mapping=["name", "email"],
            default_choice="error",
        )
    assert not Stakeholder.objects.filter(email="new@example.org").exists()


def test_typed_values_are_stored_as_typed(cast):
    data = (
        b"name,consent_date,contact_permitted,affected,stance,language\n"
        b"Ana,2025-02-03,yes,si,critico,Spanish\n"
    )
    transfer.commit_import(batch=_stage(cast, data=data), actor=cast.users["member"])
    ana = Stakeholder.objects.get(initiative=cast.initiative, name="Ana")
    assert ana.consent_date == dt.date(2025, 2, 3)
    assert (ana.contact_permitted, ana.concern_affected, ana.concern_interest) == (
        True,
        True,
        False,
    )
    assert (ana.stance, ana.preferred_language) == ("critic", "es")


def test_dry_run_counts_without_saving(cast):
    summary = transfer.import_rows(
        initiative=cast.initiative,
        actor=cast.users["member"],
        header=["name", "organization"],
        rows=[(1, ["New", "Some Org"])],
        mapping=["name", "organization"],
        dry_run=True,
    )
    assert (summary.created, summary.organizations_created) == (1, 1)
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_discarding_forgets_the_rows(cast):
    batch = _stage(cast)
    transfer.discard_import(batch=batch)
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_import_runs_a_fixed_number_of_queries_whatever_the_row_count(
    cast, django_assert_max_num_queries
):
    rows = "".join(f"Person {i},p{i}@example.org,Org {i % 7},rural\n" for i in range(300))
    data = ("name,email,organization,tags\n" + rows).encode()
    batch = _stage(cast, data=data)
    with django_assert_max_num_queries(40):
        summary = transfer.commit_import(batch=batch, actor=cast.users["member"])
    assert summary.created == 300
    assert summary.organizations_created == 7


def test_export_leaves_out_contact_details_when_asked(cast):
    _existing(cast, phone="555")
    header, rows = transfer_export.export_stakeholders(
        initiative=cast.initiative, params={}, include_contact=False
    )
    assert "email" not in header
    assert "phone" not in header
    assert rows[0][0] == "Ana Ruiz"


def test_an_export_is_audited_with_its_size_and_filters(cast):
    transfer_export.record_export(
        initiative=cast.initiative,
        actor=cast.users["viewer"],
        header=["name", "internal/external"],
        rows=1,
        fmt="csv",
        size=812,
        what=transfer_export.filter_description({"circle": "key", "format": "csv", "q": ""}),
    )
    entry = AuditEntry.objects.get(action="export")
    assert entry.detail == "CSV, 1 rows, 812 bytes, filtered by circle"
    assert entry.fields == ["name", "side"]
    assert entry.actor == cast.users["viewer"]


def test_export_follows_the_list_filters(cast):
    _existing(cast, circle="core")
    _existing(cast, name="Bo", email="bo@example.org", circle="key")
    header, rows = transfer_export.export_stakeholders(
        initiative=cast.initiative, params={"circle": "key"}, include_contact=True
    )
    assert [r[header.index("email")] for r in rows] == ["bo@example.org"]


def test_a_queued_import_moves_from_queued_to_committed(cast, django_capture_on_commit_callbacks):
    batch = _stage(cast)
    with django_capture_on_commit_callbacks() as callbacks:
        assert transfer_jobs.queue_import(batch=batch, actor=cast.users["member"])
    assert batch.status == ImportStatus.QUEUED
    assert not transfer_jobs.queue_import(batch=batch, actor=cast.users["member"])  # queued once
    assert len(callbacks) == 1
    callbacks[0]()  # the job runs after commit
    batch.refresh_from_db()
    assert (batch.status, batch.rows, batch.run_token) == (ImportStatus.COMMITTED, [], "")
    assert batch.summary["created"] == 3
    assert batch.started_at is not None
    assert batch.finished_at is not None


def test_an_unexpected_error_fails_the_batch_and_writes_nothing(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transfer, "_tag", broken)  # fails after the first inserts
    batch = _stage(cast)
    with django_capture_on_commit_callbacks(execute=True):
        transfer_jobs.queue_import(batch=batch, actor=cast.users["member"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "unexpected error" in batch.error
    assert "disk full" not in batch.error  # details go to the server log, not the page
    assert len(batch.rows) == 3
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()
