"""The bulk import endpoint: same checks as the upload page, all or nothing."""

from __future__ import annotations

import json

import pytest

from convener.accounts.models import ApiToken
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import ImportMapping, Stakeholder


@pytest.fixture
def post(cast, client):
    tokens: dict[str, str] = {}

    def call(body, persona="member", slug=None):
        if persona not in tokens:
            tokens[persona] = ApiToken.issue(user=cast.users[persona], name="t")[1]
        return client.post(
            f"/api/v1/initiatives/{slug or cast.initiative.slug}/stakeholders/import",
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {tokens[persona]}"},
        )

    return call


ROWS = [
    {"name": "Ana Ruiz", "email": "ana@example.org", "organization": "Clinic", "tags": "a, b"},
    {"name": "Luis", "email": "luis@example.org", "perspective": "Family/Youth"},
]


def test_import_creates_every_row_and_reports_counts(cast, post):
    response = post({"rows": ROWS})
    assert response.status_code == 200, response.json()
    assert response.json() == {
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


def test_duplicates_can_be_errors_skipped_or_merged(cast, post):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana", email="ana@example.org")
    rows = [{"name": "Ana", "email": "ana@example.org", "position": "Director"}]
    assert post({"rows": rows, "duplicates": "error"}).status_code == 422
    assert post({"rows": rows}).json()["skipped"] == 1
    assert post({"rows": rows, "duplicates": "merge"}).json()["merged"] == 1
    assert Stakeholder.objects.get(email="ana@example.org").position == "Director"


def test_dry_run_saves_nothing(cast, post):
    response = post({"rows": ROWS, "dry_run": True})
    assert response.json()["created"] == 2
    assert response.json()["dry_run"] is True
    assert Stakeholder.objects.filter(initiative=cast.initiative).count() == 0


def test_spanish_column_names_are_recognised(cast, post):
    rows = [{"Nombre": "José Peña", "Correo": "jose@example.org", "Círculo": "Equipo central"}]
    assert post({"rows": rows}).status_code == 200
    assert Stakeholder.objects.get(email="jose@example.org").circle == "core"


def test_explicit_mapping_and_a_bad_mapping(cast, post):
    rows = [{"Who": "Ana", "Contact": "ana@example.org"}]
    response = post({"rows": rows, "mapping": {"Who": "name", "Contact": "email"}})
    assert response.json()["created"] == 1
    bad = post({"rows": rows, "mapping": {"Who": "", "Contact": "email"}})
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_mapping"
    assert not ImportMapping.objects.exists()  # the API does not change the remembered mapping


def test_viewer_gets_403_and_outsider_404(cast, post):
    assert post({"rows": ROWS}, persona="viewer").status_code == 403
    assert post({"rows": ROWS}, persona="outsider").status_code == 404
