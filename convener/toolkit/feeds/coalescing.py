"""Feeds of the Coalescing tools: Four Simple Questions, How People Are, Seeds of Trust and
Meet the Stakeholders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Activity, ActivityKind, Direction
from convener.activities.services.events import create_activity
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Circle, Scale, Stakeholder
from convener.stakeholders.services.registry import (
    move_circle,
    set_tags,
    update_stakeholder,
)
from convener.toolkit.feeds.common import (
    Values,
    add_note,
    choices,
    clean_details,
    find_perspective,
    link_name,
    parse_date,
    resolve_stakeholder,
    rows,
    text,
    today,
    upsert_plan,
    value,
)
from convener.toolkit.feeds_registry import FeedResult
from convener.toolkit.models import InvitationLogEntry, InvitationResponse, PlanKind, RelatedWork

FSQ = "four_simple_questions"
CONCERN_FIELDS = {
    "interest": "concern_interest",
    "affected": "concern_affected",
    "can_affect": "concern_can_affect",
}
# Shared-activity kinds of Four Simple Questions, as activity types of the activities app.
SHARED_ACTIVITY_KINDS: dict[str, tuple[str, str]] = {
    "information": (ActivityKind.CUSTOM, "Sharing information"),
    "product": (ActivityKind.CUSTOM, "Joint product"),
    "joint_meeting": (ActivityKind.MEETING, ""),
    "joint_training": (ActivityKind.CUSTOM, "Joint training or presentation"),
    "co_sponsored_event": (ActivityKind.CUSTOM, "Co-sponsored event"),
}
OUTREACH_TAG = "outreach: "


def _concern_fields(keys: list[str]) -> dict[str, bool]:
    return {CONCERN_FIELDS[k]: True for k in keys if k in CONCERN_FIELDS}


def _place(*, stakeholder: Stakeholder, actor: User | None, circle: Any, note: str = "") -> bool:
    """Move ``stakeholder`` to ``circle`` when it is a circle and a different one."""
    if circle in Circle.values and stakeholder.circle != circle:
        move_circle(stakeholder=stakeholder, to_circle=circle, actor=actor, note=note)
        return True
    return False


# --- Four Simple Questions -----------------------------------------------------------------


def apply_registry_people(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Q1: add each person or group who cares to the registry, or complete their entry.

    Why they care is kept in the entry's notes; how the issue touches them sets the levels of
    concern (never clears them); a circle answer places or moves them, with a dated move.
    """
    result = FeedResult()
    moved = 0
    for row in rows(values, "who_cares", "people"):
        concern = _concern_fields(choices(row.get("concern")))
        side = text(row.get("side"))
        circle = row.get("circle") if row.get("circle") in Circle.values else ""
        why = text(row.get("why"))
        why_line = _("Why they care: %(why)s") % {"why": why} if why else ""
        fields: dict[str, Any] = {
            "position": text(row.get("role"), 200),
            "notes": why_line,
            "circle": circle,
            **concern,
        }
        if side in ("internal", "external"):
            fields["side"] = side
        stakeholder, created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("who"), fields=fields
        )
        if stakeholder is None:
            continue
        if created:
            result.created += 1
            continue
        result.linked += 1
        changes: dict[str, Any] = {k: v for k, v in concern.items() if not getattr(stakeholder, k)}
        if side in ("internal", "external") and not stakeholder.side:
            changes["side"] = side
        if fields["position"] and not stakeholder.position:
            changes["position"] = fields["position"]
        if changes:
            update_stakeholder(stakeholder=stakeholder, actor=actor, fields=changes)
        add_note(stakeholder=stakeholder, actor=actor, line=why_line)
        moved += _place(stakeholder=stakeholder, actor=actor, circle=circle)
    result.messages.append(
        _("%(new)d added to the registry, %(old)d already there.")
        % {"new": result.created, "old": result.linked}
    )
    if moved:
        result.messages.append(_("%(n)d moved to another circle.") % {"n": moved})
    return result


def apply_related_work(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Q2: list the work other groups already have under way (and add the groups)."""
    result = FeedResult()
    for row in rows(values, "work_underway", "work"):
        title = text(row.get("initiative"), 200)
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        if group is None or not title:
            continue
        scale = text(row.get("scale"))
        fields = {
            "link": text(row.get("contact"), 300),
            "scale": scale if scale in Scale.values else "",
        }
        found = RelatedWork.objects.filter(
            initiative=initiative, organization_name__iexact=group.name, title__iexact=title
        ).first()
        if found is None:
            RelatedWork.objects.create(
                initiative=initiative,
                organization=group,
                organization_name=group.name,
                title=title,
                source_tool=FSQ,
                created_by=actor,
                **fields,
            )
            result.created += 1
        else:
            for name, new in fields.items():
                setattr(found, name, new)
            found.organization = group
            found.save()
            result.linked += 1
    result.messages.append(
        _("%(new)d pieces of related work listed, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


def _find_activity(initiative: Initiative, title: str) -> Activity | None:
    return (
        Activity.objects.filter(initiative=initiative, title__iexact=title)
        .order_by("-starts_on", "-id")
        .first()
    )


def apply_planned_activities(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Q3: turn each shared-activity idea into a planned activity (once)."""
    result = FeedResult()
    undated = 0
    for row in rows(values, "shared_work", "activities"):
        title = text(row.get("title"), 200)
        if not title:
            continue
        if _find_activity(initiative, title) is not None:
            result.linked += 1
            continue
        kind, custom = SHARED_ACTIVITY_KINDS.get(
            text(row.get("kind")), (ActivityKind.CUSTOM, "Shared activity")
        )
        day = parse_date(row.get("date"))
        if day is None:
            day, undated = today() + dt.timedelta(days=30), undated + 1
        groups = text(row.get("groups"))
        create_activity(
            initiative=initiative,
            actor=actor,
            fields={
                "title": title,
                "kind": kind,
                "custom_kind": custom,
                "starts_on": day,
                "habit": "coalescing",
                "direction": Direction.ONE_WAY if row.get("kind") == "information" else "",
                "description": (_("For: %(groups)s") % {"groups": groups})
                if groups
                else _("For all groups."),
            },
        )
        result.created += 1
    result.messages.append(
        _("%(new)d planned activities added, %(old)d were already planned.")
        % {"new": result.created, "old": result.linked}
    )
    if undated:
        result.messages.append(
            _("%(n)d had no date and were planned 30 days from today: adjust them.")
            % {"n": undated}
        )
    return result


def apply_deepen_connections(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Q4: keep a two-way plan per group, and log each invitation and its answer."""
    result = FeedResult()
    for row in rows(values, "deepen_connections", "plans"):
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        details = clean_details(row, ("we_support", "they_support"))
        if group is None or not details:
            continue
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.TWO_WAY,
            topic="",
            summary=details.get("we_support", ""),
            details=details,
            tool=FSQ,
        )
        result.created += new
        result.linked += not new
    logged = undated = 0
    for row in rows(values, "deepen_connections", "invitations"):
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        day = parse_date(row.get("date"))
        if group is None:
            continue
        if day is None:
            undated += 1
            continue
        response = text(row.get("response"))
        if response not in InvitationResponse.values:
            response = InvitationResponse.WAITING
        entry, created = InvitationLogEntry.objects.get_or_create(
            initiative=initiative,
            stakeholder=group,
            invited_on=day,
            channel=text(row.get("channel"), 120),
            defaults={"response": response},
        )
        if not created and entry.response != response:
            entry.response = response
            entry.save(update_fields=["response"])
        logged += created
    result.messages.append(
        _("Two-way plans: %(new)d new, %(old)d updated. Invitations logged: %(logged)d.")
        % {"new": result.created, "old": result.linked, "logged": logged}
    )
    if undated:
        result.messages.append(
            _("%(n)d invitations have no date and were not logged.") % {"n": undated}
        )
    return result


# --- How People Are, Seeds of Trust ----------------------------------------------------------


def apply_reaction_plans(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Keep each expected reaction and our response as a plan on the group concerned."""
    result = FeedResult()
    for row in rows(values, "reactions", "plans"):
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        details = clean_details(row, ("reaction", "signs", "response", "owner"))
        if group is None or not details.get("response"):
            continue
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.REACTION,
            topic=details.get("reaction", "other"),
            summary=details["response"],
            details=details,
            tool="how_people_are",
        )
        result.created += new
        result.linked += not new
    result.messages.append(
        _("Response plans: %(new)d new, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


def apply_trust_changes(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Keep each chosen small change as a trust-building plan (on a group when one is named)."""
    result = FeedResult()
    for row in rows(values, "practices", "changes"):
        details = clean_details(row, ("practice", "today", "message", "change", "owner", "by"))
        if not details.get("change"):
            continue
        group = None
        if link_name(row.get("group")):
            group, _created = resolve_stakeholder(
                initiative=initiative, actor=actor, link=row.get("group")
            )
        topic = details.get("practice", "other")
        if topic == "other":
            topic = f"other: {details['change'][:80]}"
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.TRUST,
            topic=topic,
            summary=details["change"],
            details=details,
            tool="seeds_of_trust",
        )
        result.created += new
        result.linked += not new
    result.messages.append(
        _("Trust-building changes: %(new)d new, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


# --- Meet the Stakeholders -------------------------------------------------------------------


def apply_stakeholder_profile(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Create the group's registry entry from its profile, or bring the entry up to date."""
    result = FeedResult()
    link = value(values, "profile", "group")
    if not link_name(link) and not (isinstance(link, dict) and link.get("stakeholder_id")):
        result.messages.append(_("Name the group first."))
        return result
    fields: dict[str, Any] = {}
    perspective = find_perspective(initiative, text(value(values, "profile", "perspective")))
    if perspective is not None:
        fields["perspective"] = perspective
    elif text(value(values, "profile", "perspective")):
        result.messages.append(
            _("No perspective called “%(name)s”: pick one of the registry's perspectives.")
            % {"name": text(value(values, "profile", "perspective"))}
        )
    for name, allowed in (
        ("scale", ("state", "regional", "local", "practice")),
        ("side", ("internal", "external")),
        ("power", ("authority", "influence", "both")),
    ):
        answer = text(value(values, "profile", name))
        if answer in allowed:
            fields[name] = answer
    concern = choices(value(values, "profile", "concern"))
    if concern:
        fields.update({field: key in concern for key, field in CONCERN_FIELDS.items()})
    stakeholder, created = resolve_stakeholder(
        initiative=initiative, actor=actor, link=link, fields=fields
    )
    if stakeholder is None:
        return result
    if created:
        result.created = 1
    else:
        result.linked = 1
        changes = {k: v for k, v in fields.items() if getattr(stakeholder, k) != v}
        if changes:
            update_stakeholder(stakeholder=stakeholder, actor=actor, fields=changes)
    for label, key in (
        (_("Networks and channels"), "networks"),
        (_("Cares about"), "cares_about"),
        (_("Liaison"), "liaison"),
    ):
        answer = text(value(values, "reach", key))
        if answer:
            add_note(stakeholder=stakeholder, actor=actor, line=f"{label}: {answer}")
    outreach = text(value(values, "reach", "outreach"))
    if outreach:
        tags = [t.name for t in stakeholder.tags.all() if not t.name.startswith(OUTREACH_TAG)]
        set_tags(stakeholder=stakeholder, names=[*tags, OUTREACH_TAG + outreach], actor=actor)
    result.messages.append(
        (
            _("%(name)s added to the registry.")
            if created
            else _("%(name)s updated in the registry.")
        )
        % {"name": stakeholder.name}
    )
    return result
