"""The import and export pages, through the test client."""

from __future__ import annotations

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import ImportBatch, ImportStatus, Stakeholder

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


def test_fix_a_cell_and_exclude_a_row_then_import(cast):
    client = cast.client("member")
    _upload(client, cast)
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    preview = _url(cast, "import_preview", batch_id=batch.pk)
    client.post(preview, {"action": "fix", "row": "3", "cell_1": "bad@example.org"})
    client.post(preview, {"action": "exclude", "row": "4"})
    page = client.get(preview).content.decode()
    assert "Import 2 rows" in page
    response = client.post(_url(cast, "import_commit", batch_id=batch.pk))
    assert response.status_code == 302
    assert sorted(Stakeholder.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "bad@example.org",
    ]
    done = client.get(preview).content.decode()
    assert re.search(r'id="summary-created">\s*2\s*<', done)


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


def test_duplicate_choice_per_row_is_applied(cast):
    Stakeholder.objects.create(initiative=cast.initiative, name="Ana", email="ana@example.org")
    client = cast.client("member")
    _upload(client, cast, data=b"name,email,position\nAna R,ana@example.org,Director\n")
    batch = ImportBatch.objects.get(initiative=cast.initiative)
    page = client.get(_url(cast, "import_preview", batch_id=batch.pk)).content.decode()
    assert 'name="dup_2"' in page
    client.post(_url(cast, "import_commit", batch_id=batch.pk), {"dup_2": "merge"})
    assert Stakeholder.objects.get(email="ana@example.org").position == "Director"


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
