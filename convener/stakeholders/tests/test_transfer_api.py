"""The bulk import endpoint: same checks as the upload page, queued as a job, all or nothing."""

from __future__ import annotations

import json

import pytest

from convener.accounts.models import ApiToken
from convener.core.tests.task_worker import queued, run_one, use_database_tasks
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import ImportBatch, ImportMapping, ImportStatus, Stakeholder


@pytest.fixture
def tokens(cast):
    issued: dict[str, str] = {}

    def token(persona):
        if persona not in issued:
            issued[persona] = ApiToken.issue(user=cast.users[persona], name="t")[1]
        return {"Authorization": f"Bearer {issued[persona]}"}

    return token


@pytest.fixture
def post(cast, client, tokens, django_capture_on_commit_callbacks):
    """POST an import; queued jobs run (eagerly) when the request's transaction commits."""

    def call(body, persona="member", slug=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/api/v1/initiatives/{slug or cast.initiative.slug}/stakeholders/import",
                data=json.dumps(body),
                content_type="application/json",
                headers=tokens(persona),
            )

    return call


def _status(client, tokens, response, persona="member"):
    assert response.status_code == 202, response.json()
    return client.get(response.json()["status_url"], headers=tokens(persona))


def _summary(client, tokens, response):
    status = _status(client, tokens, response).json()
    assert status["status"] == "done", status
    return status["summary"]


ROWS = [
    {"name": "Ana Ruiz", "email": "ana@example.org", "organization": "Clinic", "tags": "a, b"},
    {"name": "Luis", "email": "luis@example.org", "perspective": "Family/Youth"},
]


def test_import_is_queued_and_its_status_reports_the_counts(cast, client, tokens, post):
    response = post({"rows": ROWS})
    assert response.status_code == 202, response.json()
    job = response.json()
    batch = ImportBatch.objects.get(pk=job["id"], initiative=cast.initiative)
    assert job["status_url"] == (
        f"/api/v1/initiatives/{cast.initiative.slug}/stakeholders/imports/{batch.pk}"
    )
    assert job["page_url"] == f"/i/{cast.initiative.slug}/stakeholders/import/{batch.pk}/status/"
    assert job["rows"] == 2
    status = _status(client, tokens, response)
    assert status.status_code == 200
    assert status.json()["status"] == "done"
    assert status.json()["started_by"] == str(cast.users["member"])
    assert status.json()["summary"] == {
        "rows": 2,
        "created": 2,
        "merged": 0,
        "skipped": 0,
        "organizations_created": 1,
        "dry_run": False,
    }
    luis = Stakeholder.objects.get(email="luis@example.org")
    assert luis.perspective is not None
    assert luis.perspective.key == "family_youth"
    assert AuditEntry.objects.get(action="import").detail.startswith("API, 2 rows")


def test_any_row_error_is_422_per_row_and_saves_nothing(cast, post):
    rows = [*ROWS, {"name": "", "email": "nope"}]
    response = post({"rows": rows})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_rows"
    assert set(error["fields"]) == {"row 3"}
    assert any(m.startswith("email:") for m in error["fields"]["row 3"])
    assert any(m.startswith("name:") for m in error["fields"]["row 3"])
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_duplicates_can_be_errors_skipped_or_merged(cast, client, tokens, post):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana", email="ana@example.org")
    rows = [{"name": "Ana", "email": "ana@example.org", "position": "Director"}]
    assert post({"rows": rows, "duplicates": "error"}).status_code == 422
    assert _summary(client, tokens, post({"rows": rows}))["skipped"] == 1
    merged = post({"rows": rows, "duplicates": "merge"})
    assert _summary(client, tokens, merged)["merged"] == 1
    assert Stakeholder.objects.get(email="ana@example.org").position == "Director"


def test_dry_run_saves_nothing(cast, post):
    response = post({"rows": ROWS, "dry_run": True})
    assert response.json()["created"] == 2
    assert response.json()["dry_run"] is True
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_spanish_column_names_are_recognised(cast, post):
    rows = [{"Nombre": "José Peña", "Correo": "jose@example.org", "Círculo": "Equipo central"}]
    assert post({"rows": rows}).status_code == 202
    assert Stakeholder.objects.get(email="jose@example.org").circle == "core"


def test_explicit_mapping_and_a_bad_mapping(cast, client, tokens, post):
    rows = [{"Who": "Ana", "Contact": "ana@example.org"}]
    response = post({"rows": rows, "mapping": {"Who": "name", "Contact": "email"}})
    assert _summary(client, tokens, response)["created"] == 1
    bad = post({"rows": rows, "mapping": {"Who": "", "Contact": "email"}})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_mapping"
    assert not ImportMapping.objects.exists()  # the API does not change the remembered mapping


def test_viewer_gets_403_and_outsider_404(cast, post):
    assert post({"rows": ROWS}, persona="viewer").status_code == 403
    assert post({"rows": ROWS}, persona="outsider").status_code == 404


def test_status_of_another_initiatives_import_is_404(cast, client, tokens, post):
    response = post({"rows": ROWS})
    assert _status(client, tokens, response, persona="outsider").status_code == 404
    assert _status(client, tokens, response, persona="viewer").status_code == 403


def _queue_with_database(client, tokens, settings, slug, body):
    use_database_tasks(settings)
    return client.post(
        f"/api/v1/initiatives/{slug}/stakeholders/import",
        data=json.dumps(body),
        content_type="application/json",
        headers=tokens("member"),
    )


def test_a_job_that_fails_reports_why_and_imports_nothing(cast, client, tokens, settings):
    body = {"rows": ROWS, "duplicates": "error"}
    response = _queue_with_database(client, tokens, settings, cast.initiative.slug, body)
    assert response.status_code == 202
    # Someone adds Ana by hand before a worker reaches the job.
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana", email="ana@example.org")
    assert run_one().ok  # the job ran; the import itself failed

    status = _status(client, tokens, response).json()
    assert status["status"] == "failed"
    assert "row 1: Already in the registry." in status["error"]
    assert status["summary"] is None
    assert list(Stakeholder.objects.values_list("name", flat=True)) == ["Ana"]
    assert not AuditEntry.objects.filter(action="import").exists()
    assert ImportBatch.objects.get().rows  # kept, so the rows can be fixed and queued again


def test_with_a_database_queue_the_import_waits_for_a_worker(cast, client, tokens, settings):
    body = {"rows": ROWS}
    response = _queue_with_database(client, tokens, settings, cast.initiative.slug, body)
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert queued() == [
        ("convener.stakeholders.jobs.import_batch", {"batch_id": response.json()["id"]})
    ]
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0

    outcome = run_one()
    assert outcome is not None
    assert outcome.ok
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 3  # + Clinic
    assert ImportBatch.objects.get().status == ImportStatus.COMMITTED
    assert _status(client, tokens, response).json()["status"] == "done"
    assert queued() == []
