"""Owners download the whole initiative and import an export as a new initiative."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convener.archive.exporting import build_document
from convener.archive.views import export_import as archive_views
from convener.initiatives.models import AuditEntry, Initiative
from convener.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def test_owner_sees_what_the_export_holds_and_downloads_it(cast):
    Stakeholder.objects.create(initiative=cast.initiative, name="Rosa Díaz")
    client = cast.client("owner")
    url = reverse("archive:export", args=[cast.initiative.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "What the export holds" in page.content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{cast.initiative.slug}-'
    )
    document = json.loads(response.content)
    assert document["format"] == "convener-initiative"
    assert document["version"] == 1
    assert any(r["fields"].get("name") == "Rosa Díaz" for r in document["records"])
    entry = AuditEntry.objects.get(initiative=cast.initiative, action="export")
    assert entry.actor == cast.users["owner"]
    assert entry.detail.endswith(f", {len(response.content)} bytes")


def test_a_failed_export_is_not_recorded_as_done(cast, monkeypatch):
    def fail(*args, **kwargs):
        raise TypeError("Object of type bytes is not JSON serializable")

    client = cast.client("owner")
    monkeypatch.setattr(archive_views, "json", SimpleNamespace(dumps=fail))
    with pytest.raises(TypeError):
        client.post(reverse("archive:export", args=[cast.initiative.slug]))
    assert not AuditEntry.objects.filter(initiative=cast.initiative, action="export").exists()


def test_convener_cannot_export(cast):
    response = cast.client("convener").post(reverse("archive:export", args=[cast.initiative.slug]))
    assert response.status_code == 403


def test_owner_imports_an_export_as_a_new_initiative_they_own(
    cast, django_capture_on_commit_callbacks
):
    Stakeholder.objects.create(initiative=cast.other, name="Imported Person")
    data = json.dumps(build_document(initiative=cast.other)).encode()
    with django_capture_on_commit_callbacks(execute=True):  # the queued job runs at commit
        response = cast.client("owner").post(
            reverse("archive:import", args=[cast.initiative.slug]),
            {"file": SimpleUploadedFile("export.json", data, content_type="application/json")},
        )
    new = Initiative.objects.exclude(pk__in=[cast.initiative.pk, cast.other.pk]).get()
    assert response.status_code == 302
    status = cast.client("owner").get(response["Location"]).content.decode()
    assert "Import finished" in status
    assert reverse("initiatives:home", args=[new.slug]) in status
    assert new.memberships.get(user=cast.users["owner"]).role == "owner"
    assert new.stakeholders.get().name == "Imported Person"
    assert AuditEntry.objects.filter(initiative=new, action="import").exists()


def test_a_bad_upload_shows_why_and_creates_nothing(cast):
    before = Initiative.objects.count()
    response = cast.client("owner").post(
        reverse("archive:import", args=[cast.initiative.slug]),
        {
            "file": SimpleUploadedFile(
                "export.json", b'{"format": "convener-initiative", "version": 7, "records": []}'
            )
        },
    )
    assert response.status_code == 400
    assert "Nothing was imported." in response.content.decode()
    assert "version 7" in response.content.decode()
    assert Initiative.objects.count() == before
