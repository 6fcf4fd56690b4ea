"""Feeds of the Relevant Participation tools: What's In It for Me?, Engaging Everybody, Learn
the Language and Web of Connections."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Relationship
from convener.activities.services.network import (
    RelationshipError,
    Side,
    record_relationship,
    update_relationship,
)
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Circle, Kind
from convener.stakeholders.services.registry import move_circle, update_stakeholder
from convener.toolkit.feeds.common import (
    Values,
    clean_details,
    find_perspective,
    find_stakeholder,
    link_name,
    resolve_stakeholder,
    rows,
    text,
    upsert_plan,
    value,
)
from convener.toolkit.feeds_registry import FeedResult
from convener.toolkit.models import (
    GlossaryTerm,
    InitiativeStatement,
    PlanKind,
    RelatedWork,
    StatementKind,
)

LANGUAGE = "learn_the_language"


def apply_value_propositions(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """What's In It for Me?: keep each group's value proposition and next step on the group."""
    result = FeedResult()
    keys = ("professional", "personal", "contribution", "expectations", "status", "next_step")
    for row in rows(values, "value", "groups"):
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        details = clean_details(row, keys)
        if group is None or not details:
            continue
        summary = " · ".join(details[k] for k in ("professional", "personal") if k in details)
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.VALUE_PROPOSITION,
            topic="",
            summary=summary,
            details=details,
            tool="whats_in_it_for_me",
        )
        result.created += new
        result.linked += not new
    result.messages.append(
        _("Value propositions: %(new)d new, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


def apply_circles(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Engaging Everybody: place each person or group in their circle, recording dated moves."""
    result = FeedResult()
    moved = 0
    for row in rows(values, "placements", "people"):
        circle = row.get("circle")
        if circle not in Circle.values:
            continue
        might_do = text(row.get("might_do"))
        stakeholder, created = resolve_stakeholder(
            initiative=initiative,
            actor=actor,
            link=row.get("who"),
            fields={"circle": circle, "what_they_might_do": might_do},
            ask_kind=True,  # "Person or group": the page asks which a new name is
        )
        if stakeholder is None:
            continue
        if created:
            result.created += 1
            continue
        result.linked += 1
        if stakeholder.circle != circle:
            move_circle(stakeholder=stakeholder, to_circle=circle, actor=actor, note=might_do)
            moved += 1
        elif might_do and stakeholder.what_they_might_do != might_do:
            update_stakeholder(
                stakeholder=stakeholder, actor=actor, fields={"what_they_might_do": might_do}
            )
    result.messages.append(
        _("%(new)d added to the registry in their circle; %(moved)d moved to a new circle.")
        % {"new": result.created, "moved": moved}
    )
    return result


def apply_alignment(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Learn the Language: keep the alignment of goals and the key points as statements."""
    result = FeedResult()
    major = {
        key: text(value(values, "major_initiative", key))
        for key in ("name", "goal", "funded_by", "promoted_by")
    }
    for kind, answer, variants in (
        (StatementKind.ALIGNMENT, text(value(values, "alignment", "alignment")), major),
        (StatementKind.KEY_POINTS, text(value(values, "alignment", "key_points")), {}),
    ):
        if not answer:
            continue
        _statement, created = InitiativeStatement.objects.update_or_create(
            initiative=initiative,
            kind=kind,
            defaults={
                "text": answer,
                "variants": {k: v for k, v in variants.items() if v},
                "source_tool": LANGUAGE,
                "updated_by": actor,
            },
        )
        result.created += created
        result.linked += not created
    if not (result.created or result.linked):
        result.messages.append(_("Write the alignment of goals first."))
    else:
        result.messages.append(_("The initiative's alignment statement is saved."))
    return result


def apply_connected_initiatives(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Learn the Language: list the initiatives partners connect to this one as related work."""
    result = FeedResult()
    for row in rows(values, "connected", "initiatives"):
        title = text(row.get("name"), 200)
        if not title:
            continue
        group = (
            find_stakeholder(initiative, row.get("group")) if link_name(row.get("group")) else None
        )
        if group is None and link_name(row.get("group")):
            group, _created = resolve_stakeholder(
                initiative=initiative, actor=actor, link=row.get("group")
            )
        organization_name = (
            group.name
            if group
            else text(row.get("promoted_by"), 200) or text(row.get("funded_by"), 200)
        ) or title
        fields = {
            "major_goal": text(row.get("goal")),
            "funded_by": text(row.get("funded_by"), 200),
            "promoted_by": text(row.get("promoted_by"), 200),
            "organization": group,
        }
        found = RelatedWork.objects.filter(
            initiative=initiative, title__iexact=title, organization_name__iexact=organization_name
        ).first()
        if found is None:
            RelatedWork.objects.create(
                initiative=initiative,
                organization_name=organization_name,
                title=title,
                source_tool=LANGUAGE,
                created_by=actor,
                **fields,
            )
            result.created += 1
        else:
            for name, new in fields.items():
                setattr(found, name, new)
            found.save()
            result.linked += 1
    result.messages.append(
        _("%(new)d connected initiatives listed, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


def apply_glossary(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Learn the Language: add each term to the shared glossary, or update its meaning."""
    result = FeedResult()
    for row in rows(values, "glossary", "terms"):
        raw = row.get("term")
        answer: dict[str, Any] = raw if isinstance(raw, dict) else {}
        term = text(answer.get("term"), 120)
        if not term:
            continue
        meaning, used_by = text(answer.get("meaning")), text(row.get("used_by"), 200)
        found = (
            GlossaryTerm.objects.filter(initiative=initiative)
            .annotate(lower=Lower("term"))
            .filter(lower=term.lower())
            .first()
        )
        if found is None:
            GlossaryTerm.objects.create(
                initiative=initiative,
                term=term,
                meaning=meaning,
                used_by=used_by,
                source_tool=LANGUAGE,
                created_by=actor,
            )
            result.created += 1
            continue
        result.linked += 1
        if (meaning and found.meaning != meaning) or (used_by and found.used_by != used_by):
            found.meaning = meaning or found.meaning
            found.used_by = used_by or found.used_by
            found.save(update_fields=["meaning", "used_by", "updated_at"])
    result.messages.append(
        _("Glossary: %(new)d new terms, %(old)d already there.")
        % {"new": result.created, "old": result.linked}
    )
    return result


# --- Web of Connections ----------------------------------------------------------------------


def side_for(initiative: Initiative, link: Any) -> Side | None:
    """Return the network side a role answer names: an organization, a perspective or a role.

    A person in the registry stands for their organization when they have one, else for their
    position or name as a role.
    """
    stakeholder = find_stakeholder(initiative, link)
    if stakeholder is not None:
        if stakeholder.kind == Kind.ORGANIZATION:
            return Side(organization=stakeholder)
        if stakeholder.organization_id:
            return Side(organization=stakeholder.organization)
        return Side(role=(stakeholder.position or stakeholder.name)[:120])
    name = link_name(link)
    if not name:
        return None
    perspective = find_perspective(initiative, name)
    if perspective is not None:
        return Side(perspective=perspective)
    return Side(role=" ".join(name.split())[:120])


def _existing(initiative: Initiative, a: Side, b: Side) -> Relationship | None:
    return Relationship.objects.filter(
        initiative=initiative,
        from_perspective=a.perspective,
        from_organization=a.organization,
        from_role=a.role,
        to_perspective=b.perspective,
        to_organization=b.organization,
        to_role=b.role,
    ).first()


def _connect(
    initiative: Initiative, actor: User | None, a: Side, b: Side, issue_view: str, key_ideas: str
) -> bool:
    """Record the arrow a → b, or update its notes; return whether it is new."""
    found = _existing(initiative, a, b)
    if found is None:
        record_relationship(
            initiative=initiative,
            actor=actor,
            from_side=a,
            to_side=b,
            issue_view=issue_view,
            key_ideas=key_ideas,
        )
        return True
    if (found.issue_view, found.key_ideas) != (issue_view, key_ideas):
        update_relationship(
            relationship=found,
            actor=actor,
            from_side=a,
            to_side=b,
            issue_view=issue_view,
            key_ideas=key_ideas,
        )
    return False


def apply_network(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Web of Connections: record each arrow (both ways when asked) on the initiative's web."""
    result = FeedResult()
    skipped = 0
    for row in rows(values, "arrows", "connections"):
        a, b = side_for(initiative, row.get("from_role")), side_for(initiative, row.get("to_role"))
        if a is None or b is None:
            continue
        issue_view, key_ideas = text(row.get("issue_view")), text(row.get("key_ideas"))
        pairs = [(a, b)] + ([(b, a)] if row.get("both_ways") == "two_way" else [])
        for start, end in pairs:
            try:
                new = _connect(initiative, actor, start, end, issue_view, key_ideas)
            except RelationshipError:
                skipped += 1
                continue
            result.created += new
            result.linked += not new
    result.messages.append(
        _("Web of connections: %(new)d arrows recorded, %(old)d already there.")
        % {"new": result.created, "old": result.linked}
    )
    if skipped:
        result.messages.append(
            _("%(n)d arrows join a role to itself and were left out.") % {"n": skipped}
        )
    return result
