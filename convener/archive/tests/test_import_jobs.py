"""The web import of an initiative export runs as a background job with a status page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from convener.archive import importing
from convener.archive.exporting import build_document
from convener.archive.jobs import import_archive
from convener.archive.models import ArchiveImport, ArchiveImportStatus
from convener.core.tests.task_worker import queued, run_one, use_database_tasks
from convener.initiatives.models import AuditEntry, Initiative
from convener.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    """Queue tasks as database rows for a worker, as `convener db_worker` runs them."""
    use_database_tasks(settings)


def _export(cast) -> bytes:
    Stakeholder.objects.create(initiative=cast.other, name="Imported Person")
    return json.dumps(build_document(initiative=cast.other)).encode()


def _upload(cast, data: bytes, persona: str = "owner"):
    return cast.client(persona).post(
        reverse("archive:import", args=[cast.initiative.slug]),
        {"file": SimpleUploadedFile("export.json", data, content_type="application/json")},
    )


def _new_initiatives(cast):
    return Initiative.objects.exclude(pk__in=[cast.initiative.pk, cast.other.pk])


def test_upload_queues_a_job_and_the_status_page_polls_until_done(cast, database_queue):
    response = _upload(cast, _export(cast))
    job = ArchiveImport.objects.get()
    status = reverse("archive:import_status", args=[cast.initiative.slug, job.pk])
    assert response["Location"] == status
    assert (job.status, job.started_by, job.initiative_pk) == (
        ArchiveImportStatus.QUEUED,
        cast.users["owner"],
        cast.initiative.pk,
    )
    assert json.loads(job.document)["format"] == "convener-initiative"  # kept for the worker
    assert queued() == [("convener.archive.jobs.import_archive", {"import_id": job.pk})]
    assert not _new_initiatives(cast).exists()

    client = cast.client("owner")
    page = client.get(status).content.decode()
    assert "Queued" in page
    assert f'hx-get="{status}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert f'href="{status}"' in page  # Refresh works without JavaScript
    fragment = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"')

    outcome = run_one()
    assert outcome is not None
    assert outcome.ok
    new = _new_initiatives(cast).get()
    job.refresh_from_db()
    assert (job.status, job.result_pk, job.document) == (ArchiveImportStatus.DONE, new.pk, "")
    assert job.records >= 2
    assert job.finished_at is not None
    assert new.memberships.get(user=cast.users["owner"]).role == "owner"
    assert new.stakeholders.get().name == "Imported Person"
    assert AuditEntry.objects.filter(initiative=new, action="import").count() == 1
    done = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert "Import finished" in done
    assert re.search(rf'id="import-records">\s*{job.records}\s*<', done)
    assert reverse("initiatives:home", args=[new.slug]) in done
    assert "hx-get" not in done
    assert "hx-trigger" not in done
    assert queued() == []


def test_a_failed_import_creates_nothing_and_shows_the_reason(cast, database_queue):
    document = json.loads(_export(cast))
    document["records"].append({"model": "nowhere.thing", "key": "x:1", "fields": {}})
    _upload(cast, json.dumps(document).encode())
    users_before = list(Initiative.objects.values_list("pk", flat=True))
    run_one()

    job = ArchiveImport.objects.get()
    assert job.status == ArchiveImportStatus.FAILED
    assert "unknown model “nowhere.thing”" in job.error
    assert job.document == ""  # the file is not kept after the job
    assert list(Initiative.objects.values_list("pk", flat=True)) == users_before
    page = cast.client("owner").get(
        reverse("archive:import_status", args=[cast.initiative.slug, job.pk])
    )
    text = page.content.decode()
    assert "Import failed" in text
    assert "Nothing was imported." in text
    assert "nowhere.thing" in text
    assert "hx-trigger" not in text


def test_an_upload_imports_once_even_if_the_job_runs_twice(cast, database_queue):
    _upload(cast, _export(cast))
    job = ArchiveImport.objects.get()
    run_one()
    import_archive.call(import_id=job.pk)  # a queue delivering the job again
    assert _new_initiatives(cast).count() == 1


def test_a_job_left_running_is_taken_again_only_after_the_lease(cast, database_queue):
    _upload(cast, _export(cast))
    job = ArchiveImport.objects.get()
    ArchiveImport.objects.filter(pk=job.pk).update(
        status=ArchiveImportStatus.RUNNING, started_at=timezone.now()
    )
    import_archive.call(import_id=job.pk)
    assert not _new_initiatives(cast).exists()  # another worker may still be on it
    long_ago = timezone.now() - importing.RUN_LEASE - dt.timedelta(minutes=1)
    ArchiveImport.objects.filter(pk=job.pk).update(started_at=long_ago)
    import_archive.call(import_id=job.pk)
    assert _new_initiatives(cast).count() == 1


def test_a_file_that_is_not_an_export_is_refused_at_once(cast, database_queue):
    response = _upload(cast, b"not json")
    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()
    assert not ArchiveImport.objects.exists()
    assert queued() == []


def test_status_page_is_for_owners_of_the_initiative_it_was_started_in(cast, database_queue):
    _upload(cast, _export(cast))
    job = ArchiveImport.objects.get()
    mine = reverse("archive:import_status", args=[cast.initiative.slug, job.pk])
    elsewhere = reverse("archive:import_status", args=[cast.other.slug, job.pk])
    assert cast.client("outsider").get(mine).status_code == 404
    assert cast.client("outsider").get(elsewhere).status_code == 404
    assert cast.client("convener").get(mine).status_code == 403
    assert cast.client("owner").get(mine).status_code == 200
    listing = cast.client("owner").get(reverse("archive:import", args=[cast.initiative.slug]))
    assert mine in listing.content.decode()


def test_old_finished_imports_are_forgotten_when_another_is_queued(cast, database_queue):
    old = ArchiveImport.objects.create(
        initiative_pk=cast.initiative.pk,
        status=ArchiveImportStatus.DONE,
        finished_at=timezone.now() - importing.FINISHED_IMPORT_LIFETIME - dt.timedelta(days=1),
    )
    recent = ArchiveImport.objects.create(
        initiative_pk=cast.initiative.pk,
        status=ArchiveImportStatus.FAILED,
        finished_at=timezone.now() - dt.timedelta(days=1),
    )
    _upload(cast, _export(cast))
    assert not ArchiveImport.objects.filter(pk=old.pk).exists()
    assert ArchiveImport.objects.filter(pk=recent.pk).exists()
