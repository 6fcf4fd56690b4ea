"""The chronology: the timeline registry and its pure helpers, the sources, pages and API."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from convener.accounts.models import ApiToken
from convener.activities import chronology as activity_chronology
from convener.activities.models import Activity, Milestone
from convener.core.timeline import (
    TimelineEntry,
    build_timeline,
    entry_habits,
    filter_entries,
    group_by_quarter,
    register_source,
    to_markdown,
)
from convener.core.timeline import (
    timeline_sources as registered,
)
from convener.initiatives.models import AuditEntry, Perspective
from convener.stakeholders.models import CircleMove, Stakeholder

D = dt.date


@pytest.fixture(autouse=True)
def _sources():
    # The apps register these in ready(); registering again is harmless.
    activity_chronology.register()


# --- Pure helpers ---

ENTRIES = [
    TimelineEntry(D(2026, 5, 2), "activity", "Regional workgroup", "work_together", ("families",)),
    TimelineEntry(
        D(2025, 11, 20), "milestone", "Charter signed", "coalescing", ("agency",), "Agreed"
    ),
    TimelineEntry(D(2026, 1, 3), "survey_round", "Spring round", "coalescing,participation"),
]


def test_filter_by_habit_and_perspective():
    assert [e.title for e in filter_entries(ENTRIES, habit="coalescing")] == [
        "Charter signed",
        "Spring round",
    ]
    assert [e.title for e in filter_entries(ENTRIES, habit="participation")] == ["Spring round"]
    assert [e.title for e in filter_entries(ENTRIES, perspective="families")] == [
        "Regional workgroup"
    ]
    assert filter_entries(ENTRIES) == ENTRIES
    assert entry_habits(ENTRIES[2]) == ("coalescing", "participation")


def test_group_by_year_and_quarter_in_date_order():
    groups = group_by_quarter(ENTRIES)
    assert [
        (y.year, [(q.quarter, [e.title for e in q.entries]) for q in y.quarters]) for y in groups
    ] == [
        (2025, [(4, ["Charter signed"])]),
        (2026, [(1, ["Spring round"]), (2, ["Regional workgroup"])]),
    ]


def test_markdown_has_headings_and_escapes_text():
    entries = [*ENTRIES, TimelineEntry(D(2026, 5, 3), "milestone", "Fix *all* [links]")]
    text = to_markdown("Chronology", entries, labels={"coalescing": "Coalescing"})
    assert text.startswith("# Chronology\n")
    assert "## 2025" in text
    assert "### Q4" in text
    assert "- 2025-11-20 — Charter signed (milestone; Coalescing): Agreed" in text
    assert "Fix \\*all\\* \\[links\\]" in text


def test_build_timeline_asks_every_source_and_sorts(monkeypatch):
    monkeypatch.setattr("convener.core.timeline._sources", {})
    register_source("a", lambda i, s, e: [ENTRIES[0]])
    register_source("b", lambda i, s, e: [ENTRIES[1], ENTRIES[2]])
    register_source("b", lambda i, s, e: [ENTRIES[1]])  # replacing, not adding
    assert list(registered()) == ["a", "b"]
    assert [e.title for e in build_timeline(None)] == ["Charter signed", "Regional workgroup"]
    assert [e.title for e in build_timeline(None, D(2026, 1, 1), None)] == ["Regional workgroup"]


# --- Sources ---


@pytest.fixture
def history(cast):
    initiative = cast.initiative
    family = Perspective.objects.create(
        initiative=initiative, key="families", label="Families", position=99
    )
    activity = Activity.objects.create(
        initiative=initiative,
        title="Family listening session",
        kind="family_event",
        starts_on=D(2026, 2, 10),
        habit="participation",
        place="Library",
    )
    activity.expected_perspectives.add(family)
    milestone = Milestone.objects.create(
        initiative=initiative,
        occurred_on=D(2026, 3, 1),
        title="Families join the core team",
        what_changed="Two parents co-chair",
        habit="coalescing",
    )
    milestone.perspectives.add(family)
    person = Stakeholder.objects.create(
        initiative=initiative, name="Rosa Díaz", perspective=family, email="rosa@example.org"
    )
    CircleMove.objects.create(stakeholder=person, from_circle="extended", to_circle="key")
    return {"activity": activity, "milestone": milestone}


def test_every_source_contributes(cast, history):
    entries = build_timeline(cast.initiative)
    by_kind = {e.kind: e for e in entries}
    assert set(by_kind) == {"activity", "milestone", "circle_move"}
    assert by_kind["activity"].perspective_keys == ("families",)
    assert by_kind["activity"].habit == "participation"
    assert by_kind["milestone"].detail == "What changed: Two parents co-chair"
    assert (
        by_kind["circle_move"].title
        == "Rosa Díaz moved to the Key Participants / Key Advisors circle"
    )
    assert "rosa@example.org" not in repr(by_kind["circle_move"])


def test_entries_of_another_initiative_stay_out(cast, history):
    assert build_timeline(cast.other) == []


# --- Pages ---


def test_chronology_page_filters_by_habit(cast, history):
    url = reverse("activities:chronology", args=[cast.initiative.slug])
    html = cast.client("viewer").get(url).content.decode()
    assert "Family listening session" in html
    assert "Families join the core team" in html
    filtered = cast.client("viewer").get(url, {"habit": "coalescing"}).content.decode()
    assert "Families join the core team" in filtered
    assert "Family listening session" not in filtered


def test_chronology_page_filters_by_perspective(cast, history):
    url = reverse("activities:chronology", args=[cast.initiative.slug])
    response = cast.client("viewer").get(url, {"perspective": "families"})
    kinds = {
        e.kind for _y, quarters in response.context["years"] for _q, es in quarters for e, *_ in es
    }
    assert kinds == {"activity", "milestone", "circle_move"}


def test_member_adds_edits_and_convener_deletes_a_milestone(cast):
    slug = cast.initiative.slug
    Perspective.objects.create(initiative=cast.initiative, key="families", label="Families")
    response = cast.client("member").post(
        reverse("activities:milestone_create", args=[slug]),
        {
            "occurred_on": "2026-01-20",
            "title": "First joint plan",
            "what_changed": "Agencies and parents plan together",
            "value_produced": "A shared plan",
            "habit": "work_together",
            "perspectives": ["families"],
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(initiative=cast.initiative, title="First joint plan")
    assert [p.key for p in milestone.perspectives.all()] == ["families"]
    assert AuditEntry.objects.filter(target_type="milestone", target_id=milestone.pk).exists()
    edit = reverse("activities:milestone_edit", args=[slug, milestone.pk])
    assert cast.client("member").get(edit).status_code == 200
    cast.client("member").post(edit, {"occurred_on": "2026-01-21", "title": "Joint plan agreed"})
    milestone.refresh_from_db()
    assert milestone.title == "Joint plan agreed"
    assert list(milestone.perspectives.all()) == []
    delete = reverse("activities:milestone_delete", args=[slug, milestone.pk])
    assert cast.client("member").post(delete).status_code == 403
    assert cast.client("convener").post(delete).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_milestone_cannot_be_dated_in_the_future(cast):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    response = cast.client("member").post(
        reverse("activities:milestone_create", args=[cast.initiative.slug]),
        {"occurred_on": future, "title": "Someday"},
    )
    assert response.status_code == 200
    assert "occurred_on" in response.context["form"].errors


def test_milestones_of_another_initiative_are_404(cast):
    other = Milestone.objects.create(initiative=cast.other, occurred_on=D(2026, 1, 1), title="x")
    url = reverse("activities:milestone_edit", args=[cast.initiative.slug, other.pk])
    assert cast.client("member").get(url).status_code == 404


def test_export_csv_neutralises_formulas_and_is_audited(cast):
    Milestone.objects.create(
        initiative=cast.initiative, occurred_on=D(2026, 1, 1), title="=HYPERLINK(1)"
    )
    url = reverse("activities:chronology_export", args=[cast.initiative.slug])
    response = cast.client("viewer").get(url, {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0] == '"date","kind","title","habits","perspectives","detail"'
    assert "'=HYPERLINK(1)" in body
    entry = AuditEntry.objects.get(target_type="chronology", action="export")
    assert entry.detail == f"csv, 1 entries, {len(response.content)} bytes"


def test_export_xlsx_and_markdown(cast, history, tmp_path):
    url = reverse("activities:chronology_export", args=[cast.initiative.slug])
    xlsx = cast.client("viewer").get(url, {"format": "xlsx"})
    path = tmp_path / "c.xlsx"
    path.write_bytes(xlsx.content)
    rows = list(load_workbook(path).active.values)
    assert rows[0] == ("date", "kind", "title", "habits", "perspectives", "detail")
    assert len(rows) == 4
    md = cast.client("viewer").get(url, {"format": "md", "habit": "participation"})
    assert md["Content-Type"].startswith("text/markdown")
    text = md.content.decode()
    assert "Family listening session" in text
    assert "Families join the core team" not in text
    assert cast.client("viewer").get(url, {"format": "pdf"}).status_code == 404


# --- API ---


def _api(cast, persona: str) -> Client:
    token = ApiToken.issue(user=cast.users[persona], name="t")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_api_chronology_and_milestones(cast, history):
    base = f"/api/v1/initiatives/{cast.initiative.slug}"
    data = _api(cast, "viewer").get(f"{base}/chronology", {"habit": "coalescing"}).json()
    assert [e["title"] for e in data] == ["Families join the core team"]
    created = _api(cast, "member").post(
        f"{base}/milestones",
        {"occurred_on": "2026-04-01", "title": "Plan adopted", "perspectives": ["families"]},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["perspectives"] == ["families"]
    bad = _api(cast, "member").post(
        f"{base}/milestones",
        {"occurred_on": "2026-04-01", "title": "x", "perspectives": ["nobody"]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"] == {"perspectives": ["Unknown perspective keys: nobody"]}


def test_the_chronology_shows_an_activity_s_time_in_the_viewer_s_language(cast, history):
    activity = history["activity"]
    activity.start_time = dt.time(18)
    activity.end_time = dt.time(19, 30)
    activity.time_zone = "America/New_York"
    activity.save()
    url = reverse("activities:chronology", args=[cast.initiative.slug])
    summer = (
        dt.datetime.combine(activity.starts_on, dt.time(18))
        .replace(tzinfo=ZoneInfo("America/New_York"))
        .dst()
    )
    offset = 4 if summer else 5
    english = cast.client("viewer").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        f"Family event · 6 p.m.\u20137:30 p.m. (Eastern time, UTC\u2212{offset}) · Library"
        in english
    )
    spanish = cast.client("viewer").get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"18:00\u201319:30 (hora del Este, UTC\u2212{offset}) · Library" in spanish
    # An all-day activity says no time.
    activity.start_time = activity.end_time = None
    activity.save()
    plain = cast.client("viewer").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Family event · Library" in plain
