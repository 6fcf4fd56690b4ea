"""The import and export pages, through the test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from convener.core.tests.task_worker import queued, run_one, use_database_tasks
from convener.initiatives.models import AuditEntry
from convener.stakeholders.jobs import import_batch
from convener.stakeholders.models import ImportBatch, ImportStatus, Stakeholder
from convener.stakeholders.services import transfer_jobs

CSV = (
    "name;email;perspective\n"
    "Ana Ruiz;ana@example.org;Family/Youth\n"
    "Bad Mail;not-an-email;State agency\n"
    "Who Knows;who@example.org;Astronauts\n"
).encode("cp1252")


def _url(cast, name, **kwargs):
    return reverse(f"stakeholders:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def _upload(client, cast, data=CSV, name="list.csv"):
    return client.post(_url(cast, "import"), {"file": SimpleUploadedFile(name, data), "format": ""})


def _commit(client, cast, batch, capture, data=None):
    """Commit a batch; the queued job runs (eagerly) when the request's transaction commits."""
    with capture(execute=True):
        return client.post(_url(cast, "import_commit", batch_id=batch.pk), data or {})


def test_upload_page_shows_the_form_and_recognised_columns(cast):
    response = cast.client("member").get(_url(cast, "import"))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"correo" in response.content


def test_viewer_cannot_import(cast):
    assert cast.client("viewer").get(_url(cast, "import")).status_code == 403


def test_upload_then_preview_lists_errors_row_by_row_and_saves_nothing(cast):
    client = cast.client("member")
    response = _upload(client, cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    assert response["Location"] == _url(cast, "import_preview", batch_id=batch.pk)
    page = client.get(response["Location"]).content.decode()
    assert 'id="row-3"' in page
    assert 'id="row-4"' in page
    assert 'id="row-2"' not in page
    assert "not-an-email" in page
    assert "Astronauts" in page
    assert 'id="commit"' not in page  # blocked until the rows are fixed
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_fix_a_cell_and_exclude_a_row_then_import(cast, django_capture_on_commit_callbacks):
    client = cast.client("member")
    _upload(client, cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    preview = _url(cast, "import_preview", batch_id=batch.pk)
    client.post(preview, {"action": "fix", "row": "3", "cell_1": "bad@example.org"})
    client.post(preview, {"action": "exclude", "row": "4"})
    page = client.get(preview).content.decode()
    assert "Import 2 rows" in page
    response = _commit(client, cast, batch, django_capture_on_commit_callbacks)
    status = _url(cast, "import_status", batch_id=batch.pk)
    assert response.status_code == 302
    assert response["Location"] == status
    assert sorted(Stakeholder.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "bad@example.org",
    ]
    assert client.get(preview)["Location"] == status  # the review is over
    done = client.get(status).content.decode()
    assert "Import finished" in done
    assert re.search(r'id="summary-created">\s*2\s*<', done)
    assert "hx-trigger" not in done  # finished: nothing left to poll


def test_committing_with_errors_changes_nothing_and_says_so(cast):
    client = cast.client("member")
    _upload(client, cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    response = client.post(_url(cast, "import_commit", batch_id=batch.pk), follow=True)
    assert "Nothing was imported: 2 rows have problems" in response.content.decode()
    assert Stakeholder.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportStatus.STAGED


def test_mapping_form_saves_and_rejects_a_mapping_without_name(cast):
    client = cast.client("member")
    _upload(client, cast, data=b"Who,Contact\nAna,ana@example.org\n")
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    preview = _url(cast, "import_preview", batch_id=batch.pk)
    response = client.post(preview, {"action": "mapping", "map-col_0": "", "map-col_1": "email"})
    assert response.status_code == 200
    assert "Choose the column that holds the name." in response.content.decode()
    client.post(preview, {"action": "mapping", "map-col_0": "name", "map-col_1": "email"})
    batch.refresh_from_db()
    assert batch.mapping == ["name", "email"]


def test_duplicate_choice_per_row_is_applied(cast, django_capture_on_commit_callbacks):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana", email="ana@example.org")
    client = cast.client("member")
    _upload(client, cast, data=b"name,email,position\nAna R,ana@example.org,Director\n")
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    page = client.get(_url(cast, "import_preview", batch_id=batch.pk)).content.decode()
    assert 'name="dup_2"' in page
    _commit(client, cast, batch, django_capture_on_commit_callbacks, {"dup_2": "merge"})
    assert Stakeholder.objects.get(email="ana@example.org").position == "Director"
    batch.refresh_from_db()
    assert batch.options == {"default": "skip", "rows": {"2": "merge"}}
    assert batch.summary["merged"] == 1


def test_an_unreadable_upload_shows_a_form_error(cast):
    response = _upload(cast.client("member"), cast, data=b"", name="empty.csv")
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not ImportBatch.objects.exists()


def test_discard_deletes_the_batch(cast):
    client = cast.client("member")
    _upload(client, cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    client.post(_url(cast, "import_discard", batch_id=batch.pk))
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()


def test_batches_of_another_initiative_are_404(cast):
    client = cast.client("outsider")
    _upload(cast.client("member"), cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    other = reverse(
        "stakeholders:import_preview", kwargs={"slug": cast.other.slug, "batch_id": batch.pk}
    )
    assert client.get(other).status_code == 404


def _seed(cast):
    Stakeholder.objects.create(
        initiative=cast.initiative,
        name="=cmd|' /C calc'!A0",
        email="ana@example.org",
        phone="555",
        circle="key",
    )
    Stakeholder.objects.create(initiative=cast.initiative, name="Bo", circle="core")


def test_viewer_export_has_no_contact_columns_and_is_audited(cast):
    _seed(cast)
    response = cast.client("viewer").get(_url(cast, "export") + "?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "email" not in rows[0]
    assert "phone" not in rows[0]
    assert "'=cmd|' /C calc'!A0" in [row[0] for row in rows]  # formula neutralised
    assert AuditEntry.objects.filter(action="export", actor=cast.users["viewer"]).exists()


def test_member_export_of_a_filtered_view_as_xlsx(cast):
    _seed(cast)
    response = cast.client("member").get(_url(cast, "export") + "?format=xlsx&circle=key")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert "email" in values[0]
    assert len(values) == 2
    assert values[1][values[0].index("email")] == "ana@example.org"


# --- The import runs as a background job -------------------------------------------------

GOOD = b"name;email;perspective\nAna Ruiz;ana@example.org;Family/Youth\nBo;bo@example.org;\n"


@pytest.fixture
def database_queue(settings):
    """Queue tasks as database rows for a worker, as `convener db_worker` runs them."""
    use_database_tasks(settings)


def _staged(cast, client, data=GOOD):
    _upload(client, cast, data=data)
    return ImportBatch.objects.get(initiative=cast.initiative)


def test_commit_queues_a_job_and_the_status_page_polls_until_done(cast, database_queue):
    client = cast.client("member")
    batch = _staged(cast, client)
    response = client.post(_url(cast, "import_commit", batch_id=batch.pk))
    status = _url(cast, "import_status", batch_id=batch.pk)
    assert response["Location"] == status
    batch.refresh_from_db()
    assert batch.status == ImportStatus.QUEUED
    assert batch.started_by == cast.users["member"]
    assert batch.queued_at is not None
    assert queued() == [("convener.stakeholders.jobs.import_batch", {"batch_id": batch.pk})]
    assert Stakeholder.objects.count() == 0

    page = client.get(status).content.decode()
    assert "Queued" in page
    assert f'hx-get="{status}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert f'href="{status}"' in page  # the Refresh link works without JavaScript
    fragment = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"')
    assert "<html" not in fragment

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)
    running = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert "Importing now" in running
    assert 'hx-trigger="every 2s"' in running
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.QUEUED)

    outcome = run_one()
    assert outcome is not None
    assert outcome.ok
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert batch.rows == []
    assert batch.finished_at is not None
    assert Stakeholder.objects.count() == 2
    done = client.get(status, headers={"HX-Request": "true"}).content.decode()
    assert "Import finished" in done
    assert re.search(r'id="summary-created">\s*2\s*<', done)
    assert "hx-get" not in done
    assert "hx-trigger" not in done
    assert AuditEntry.objects.filter(action="import", actor=cast.users["member"]).count() == 1


def test_a_failed_job_changes_nothing_shows_why_and_can_be_retried(cast, database_queue):
    client = cast.client("member")
    batch = _staged(cast, client)
    client.post(_url(cast, "import_commit", batch_id=batch.pk))
    # The perspective the first row names is removed before a worker reaches the job.
    cast.initiative.perspectives.filter(label="Family/Youth").delete()
    run_one()

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "row 2" in batch.error
    assert Stakeholder.objects.count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()
    status = _url(cast, "import_status", batch_id=batch.pk)
    page = client.get(status).content.decode()
    assert "Import failed" in page
    assert "Nothing was imported." in page
    assert "is not one of this initiative" in page
    assert "hx-trigger" not in page
    preview = _url(cast, "import_preview", batch_id=batch.pk)
    assert "The last attempt to import these rows failed" in client.get(preview).content.decode()

    client.post(preview, {"action": "fix", "row": "2", "cell_2": ""})
    client.post(_url(cast, "import_commit", batch_id=batch.pk))
    run_one()
    batch.refresh_from_db()
    assert (batch.status, batch.error) == (ImportStatus.COMMITTED, "")
    assert Stakeholder.objects.count() == 2


def test_committing_twice_queues_and_imports_once(cast, database_queue):
    client = cast.client("member")
    batch = _staged(cast, client)
    first = client.post(_url(cast, "import_commit", batch_id=batch.pk))
    second = client.post(_url(cast, "import_commit", batch_id=batch.pk))
    assert first["Location"] == second["Location"] == _url(cast, "import_status", batch_id=batch.pk)
    assert len(queued()) == 1
    run_one()
    assert run_one() is None
    assert Stakeholder.objects.count() == 2
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_a_job_delivered_twice_imports_once(cast, django_capture_on_commit_callbacks):
    client = cast.client("member")
    batch = _staged(cast, client)
    _commit(client, cast, batch, django_capture_on_commit_callbacks)
    import_batch.call(batch_id=batch.pk)  # a queue may deliver a job again
    assert Stakeholder.objects.count() == 2
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_a_batch_left_running_by_a_dead_worker_is_taken_again_after_the_lease(cast):
    batch = _staged(cast, cast.client("member"))
    stuck = {"status": ImportStatus.RUNNING, "started_by": cast.users["member"]}
    ImportBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now(), **stuck)
    import_batch.call(batch_id=batch.pk)
    assert Stakeholder.objects.count() == 0  # another worker may still be on it
    long_ago = timezone.now() - transfer_jobs.RUN_LEASE - dt.timedelta(minutes=1)
    ImportBatch.objects.filter(pk=batch.pk).update(started_at=long_ago)
    import_batch.call(batch_id=batch.pk)
    assert Stakeholder.objects.count() == 2


def test_status_page_of_another_initiative_is_404_and_viewers_get_403(cast):
    batch = _staged(cast, cast.client("member"))
    other = reverse(
        "stakeholders:import_status", kwargs={"slug": cast.other.slug, "batch_id": batch.pk}
    )
    assert cast.client("outsider").get(other).status_code == 404
    status = _url(cast, "import_status", batch_id=batch.pk)
    assert cast.client("outsider").get(status).status_code == 404
    assert cast.client("viewer").get(status).status_code == 403
    staged = cast.client("member").get(status)
    assert staged.status_code == 200
    assert "Nothing is queued yet" in staged.content.decode()


def test_a_lost_job_can_be_queued_again_after_the_lease(cast, database_queue):
    client = cast.client("member")
    batch = _staged(cast, client)
    client.post(_url(cast, "import_commit", batch_id=batch.pk))
    DBTaskResult.objects.all().delete()  # the task is lost (its process died before it ran)
    status = _url(cast, "import_status", batch_id=batch.pk)
    preview = _url(cast, "import_preview", batch_id=batch.pk)
    assert "import-stale" not in client.get(status).content.decode()
    assert client.get(preview)["Location"] == status  # still pending: no second review yet

    long_ago = timezone.now() - transfer_jobs.RUN_LEASE - dt.timedelta(minutes=1)
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=long_ago)
    page = client.get(status).content.decode()
    assert 'id="import-stale"' in page
    assert f'href="{preview}"' in page
    assert client.get(preview).status_code == 200
    client.post(_url(cast, "import_commit", batch_id=batch.pk))
    assert len(queued()) == 1
    run_one()
    assert Stakeholder.objects.count() == 2
