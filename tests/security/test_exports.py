"""Class: exports include every model or exclude it on purpose (issue 15, finding 5).

Binary and derived data (renders, job rows) are left out by rule, and the round trip runs on
an initiative in the state a real one is in: a report drawn, a live session run, a spreadsheet
imported.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from convener.archive.exporting import build_document, canonical
from convener.archive.graph import (
    RULE_BINARY,
    RULE_JOB_ROW,
    excluded_reason,
    exported_models,
    initiative_models,
)
from convener.archive.importing import import_bytes
from convener.core.models import BackgroundWork
from convener.live import services as live_services
from convener.reports import services as report_services
from convener.reports.models import ReportRender
from convener.reports.summaries import SECTIONS, Period
from convener.stakeholders.services import transfer
from tests.test_archive_round_trip import _delete_everything

pytestmark = pytest.mark.django_db


def test_binary_and_job_rows_are_excluded_by_rule_and_everything_else_is_exported():
    exported = {o.model for o in exported_models()}
    for owned in initiative_models():
        model = owned.model
        binary = any(isinstance(f, models.BinaryField) for f in model._meta.concrete_fields)
        if binary:
            assert excluded_reason(model) == RULE_BINARY
        elif issubclass(model, BackgroundWork):
            assert excluded_reason(model) == RULE_JOB_ROW
        assert (model in exported) != bool(excluded_reason(model)), model._meta.label
    assert "reports.ReportRender" not in {o.label for o in exported_models()}


def _draw_a_report(initiative, actor) -> ReportRender:
    today = dt.date.today()
    render = report_services.request_render(
        initiative=initiative,
        actor=actor,
        period=Period(today - dt.timedelta(days=30), today),
        sections=SECTIONS,
        threshold=5,
        language="en",
    )
    drawn = report_services.draw_render(render_id=render.pk)
    assert drawn is not None
    assert drawn.pdf
    return drawn


def test_a_drawn_report_does_not_break_the_export(cast, capsys):
    """Finding 5: web and command export after a PDF render (was a 500 / rc 1)."""
    _draw_a_report(cast.initiative, cast.users["owner"])

    response = cast.client("owner").post(reverse("archive:export", args=[cast.initiative.slug]))
    call_command("export_initiative", cast.initiative.slug)

    assert response.status_code == 200
    document = json.loads(b"".join(getattr(response, "streaming_content", [response.content])))
    assert document["format"] == "convener-initiative"
    assert json.loads(capsys.readouterr().out)["format"] == "convener-initiative"


def _run_a_live_session(initiative, actor) -> None:
    session = live_services.create_session(initiative=initiative, actor=actor, title="Check-in")
    item = live_services.add_item(
        session=session,
        kind="single",
        prompt="How are you?",
        config={"options": [{"key": "ok", "label": "OK"}, {"key": "tired", "label": "Tired"}]},
        actor=actor,
    )
    live_services.start_session(session=session, actor=actor)
    item.refresh_from_db()
    live_services.open_item(item=item, actor=actor)
    for name in ("Ana", "Ben"):
        participant, _token = live_services.join(session=session, display_name=name)
        live_services.cast_vote(item=item, participant=participant, value="ok")
    session.refresh_from_db()
    live_services.end_session(session=session, actor=actor)


def _import_a_spreadsheet(initiative, actor) -> None:
    data = b"Name;E-mail\r\nAna Torres;ana@example.org\r\nBen Okafor;ben@example.org\r\n"
    batch = transfer.stage_import(initiative=initiative, actor=actor, data=data, fmt="csv")
    transfer.commit_import(batch=batch, actor=actor)


def test_round_trip_after_a_report_a_live_session_and_an_import(cast):
    owner = cast.users["owner"]
    _draw_a_report(cast.initiative, owner)
    _run_a_live_session(cast.initiative, owner)
    _import_a_spreadsheet(cast.initiative, owner)
    first = build_document(initiative=cast.initiative)
    text = json.dumps(first)  # bytes or other non-JSON values would fail here
    _delete_everything(cast.initiative)  # server-wide unique values (join codes) come back

    result = import_bytes(data=text, keep_team=True)
    second = build_document(initiative=result.initiative)

    def content(document: dict) -> list[dict]:
        return [
            r
            for r in canonical(document)
            if not (r["model"] == "initiatives.initiative" or r["model"].endswith("auditentry"))
        ]

    assert content(second) == content(first)
    labels = {r["model"] for r in first["records"]}
    assert {"live.vote", "live.participant", "stakeholders.stakeholder"} <= labels
    assert "reports.reportrender" not in labels
    assert "stakeholders.importbatch" not in labels
