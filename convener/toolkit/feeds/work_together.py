"""Feeds of the Doing the Work Together tools: Problems Come Bundled, Building Engagement,
Defining Our Core and One-Way/Two-Way Learning."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Activity, ActivityKind, Direction, Formality, LearningMode
from convener.activities.services.events import ActivityError, create_activity, update_activity
from convener.framework.packs import DEPTH_KEYS
from convener.initiatives.models import Initiative
from convener.measuring.models import CustomRow
from convener.measuring.services import CollectionError, create_custom_row
from convener.toolkit.feeds.common import Values, parse_date, rows, text, today, value
from convener.toolkit.feeds_registry import FeedResult
from convener.toolkit.jargon import jargon_terms
from convener.toolkit.models import GlossaryTerm, InitiativeStatement, StatementKind

ACTIVITY_KINDS = frozenset(ActivityKind.values) - {ActivityKind.CUSTOM}
LEARNING_ACTIVITY = "Learning activity"


# --- Problems Come Bundled -------------------------------------------------------------------


def bundle_gaps(values: Values) -> list[str]:
    """Return which side of the problem has nothing listed: "technical", "adaptive" or both."""
    return [
        side
        for side in ("technical", "adaptive")
        if not any(text(row.get("aspect")) for row in rows(values, "sides", side))
    ]


def apply_rubric_rows(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Turn each complete operational decision into a custom row of its habit's rubric."""
    result = FeedResult()
    incomplete = 0
    existing = {r.title.casefold() for r in CustomRow.objects.filter(initiative=initiative)}
    for row in rows(values, "decisions", "rows"):
        title = text(row.get("title"), 200)
        if not title:
            continue
        if title.casefold() in existing:
            result.linked += 1
            continue
        descriptors = [text(row.get(key)) for key in DEPTH_KEYS]
        try:
            create_custom_row(
                initiative=initiative,
                actor=actor,
                habit=text(row.get("habit")),
                title=title,
                descriptors=descriptors,
                makes_difference=text(row.get("makes_difference")),
                observable=text(row.get("observable")),
                beneficiaries_view=text(row.get("beneficiaries_view")),
                can_change=text(row.get("can_change")),
            )
        except CollectionError:
            incomplete += 1
            continue
        existing.add(title.casefold())
        result.created += 1
    result.messages.append(
        _("%(new)d rubric rows added, %(old)d were already in the rubric.")
        % {"new": result.created, "old": result.linked}
    )
    if incomplete:
        result.messages.append(
            _("%(n)d decisions need a habit and a description at each of the four depths.")
            % {"n": incomplete}
        )
    gaps = bundle_gaps(values)
    if "technical" in gaps:
        result.messages.append(_("No technical side listed yet: problems come bundled."))
    if "adaptive" in gaps:
        result.messages.append(_("No human side listed yet: problems come bundled."))
    return result


# --- Building Engagement ---------------------------------------------------------------------


def next_depth(depth: str) -> str:
    """Return the depth one level deeper than ``depth`` ("" at the deepest or when unknown)."""
    if depth not in DEPTH_KEYS:
        return DEPTH_KEYS[1]
    index = DEPTH_KEYS.index(depth)
    return DEPTH_KEYS[index + 1] if index + 1 < len(DEPTH_KEYS) else ""


def _kind_fields(kind: str) -> dict[str, str]:
    if kind in ACTIVITY_KINDS:
        return {"kind": kind, "custom_kind": ""}
    return {"kind": ActivityKind.CUSTOM, "custom_kind": LEARNING_ACTIVITY}


def _find_activity(initiative: Initiative, title: str) -> Activity | None:
    return (
        Activity.objects.filter(initiative=initiative, title__iexact=title)
        .order_by("-starts_on", "-id")
        .first()
    )


def apply_engagement_activities(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Plan each idea as an activity, and its deeper version as the next activity in its chain."""
    result = FeedResult()
    circle = value(values, "audience", "circle")
    circles = [circle] if isinstance(circle, str) and circle else []
    for row in rows(values, "ideas", "ideas"):
        title = text(row.get("title"), 200)
        if not title:
            continue
        depth = text(row.get("depth")) if row.get("depth") in DEPTH_KEYS else ""
        owner = text(row.get("owner"))
        activity = _find_activity(initiative, title)
        if activity is None:
            activity = create_activity(
                initiative=initiative,
                actor=actor,
                fields={
                    "title": title,
                    **_kind_fields(text(row.get("kind"))),
                    "starts_on": parse_date(row.get("date")) or today(),
                    "habit": "work_together",
                    "intended_depth": depth,
                    "audience_circles": circles,
                    "description": (_("Who takes it on: %(owner)s") % {"owner": owner})
                    if owner
                    else "",
                },
            )
            result.created += 1
        else:
            result.linked += 1
        deeper_text, deeper = text(row.get("deepen")), next_depth(depth)
        if not deeper_text or not deeper or activity.next_activity_id:
            continue
        follow_up = create_activity(
            initiative=initiative,
            actor=actor,
            fields={
                "title": (_("%(title)s, one level deeper") % {"title": title})[:200],
                **_kind_fields(text(row.get("kind"))),
                "starts_on": activity.starts_on,
                "habit": "work_together",
                "intended_depth": deeper,
                "audience_circles": circles,
                "description": deeper_text,
            },
        )
        update_activity(activity=activity, actor=actor, fields={"next_activity": follow_up})
        result.created += 1
    result.messages.append(
        _("%(new)d planned activities added (deeper versions included), %(old)d already there.")
        % {"new": result.created, "old": result.linked}
    )
    return result


# --- Defining Our Core -----------------------------------------------------------------------


def glossary_for(initiative: Initiative) -> dict[str, str]:
    """Return the initiative's glossary as {term: meaning}."""
    return dict(GlossaryTerm.objects.filter(initiative=initiative).values_list("term", "meaning"))


def apply_purpose(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Keep the core statement (and its audience versions) as the statement of purpose."""
    result = FeedResult()
    core = text(value(values, "statement", "core"))
    if not core:
        result.messages.append(_("Write the core statement first."))
        return result
    variants = {
        text(row.get("audience")): text(row.get("text"))
        for row in rows(values, "statement", "versions")
        if text(row.get("audience")) and text(row.get("text"))
    }
    _statement, created = InitiativeStatement.objects.update_or_create(
        initiative=initiative,
        kind=StatementKind.PURPOSE,
        defaults={
            "text": core,
            "variants": variants,
            "source_tool": "defining_our_core",
            "updated_by": actor,
        },
    )
    result.created, result.linked = int(created), int(not created)
    result.messages.append(_("The statement of purpose is saved."))
    found = jargon_terms(core, glossary_for(initiative))
    if found:
        result.messages.append(
            _("Glossary terms in it: %(terms)s. Could plain words say the same?")
            % {"terms": ", ".join(found)}
        )
    return result


# --- One-Way/Two-Way Learning ----------------------------------------------------------------


def quadrant_placement(point: Any) -> tuple[str, str]:
    """Return (formality, learning) for a 2-by-2 answer {"x", "y"}: right half is learning *with*,
    the top half is formal; ("", "") when the answer is not a point."""
    if not isinstance(point, dict):
        return "", ""
    x, y = point.get("x"), point.get("y")
    if not isinstance(x, int | float) or not isinstance(y, int | float):
        return "", ""
    learning = LearningMode.WITH if x >= 50 else LearningMode.FROM
    formality = Formality.FORMAL if y >= 50 else Formality.INFORMAL
    return str(formality), str(learning)


def apply_placements(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Place each activity on the One-Way/Two-Way quadrants, adding the ones not logged yet."""
    result = FeedResult()
    refused = 0
    for row in rows(values, "placements", "activities"):
        title = text(row.get("title"), 200)
        formality, learning = quadrant_placement(row.get("placement"))
        if not title or not formality:
            continue
        fields: dict[str, Any] = {"formality": formality, "learning": learning}
        if row.get("direction") in Direction.values:
            fields["direction"] = row["direction"]
        activity = _find_activity(initiative, title)
        try:
            if activity is None:
                create_activity(
                    initiative=initiative,
                    actor=actor,
                    fields={
                        "title": title,
                        **_kind_fields(""),
                        "starts_on": parse_date(row.get("date")) or today(),
                        "habit": "work_together",
                        "description": text(row.get("make_two_way")),
                        **fields,
                    },
                )
                result.created += 1
            else:
                update_activity(activity=activity, actor=actor, fields=fields)
                result.linked += 1
        except ActivityError:
            refused += 1
    result.messages.append(
        _("%(old)d activities placed on the quadrants, %(new)d new ones planned.")
        % {"new": result.created, "old": result.linked}
    )
    if refused:
        result.messages.append(_("%(n)d could not be saved.") % {"n": refused})
    return result
