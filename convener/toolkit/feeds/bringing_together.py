"""Feeds of the Bringing It All Together tools: A Quick Chronology of Engagement, Give Value
First, Your Brand and Measuring Progress."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities.models import Milestone
from convener.activities.services.ladder import save_milestone
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative, Membership, Perspective
from convener.initiatives.roles import Capability
from convener.measuring.models import Round, RoundKind, RoundStatus
from convener.measuring.services import CollectionError, create_round, open_round
from convener.stakeholders.models import Circle
from convener.toolkit.feeds.common import (
    Values,
    choices,
    clean_details,
    parse_date,
    resolve_stakeholder,
    rows,
    text,
    upsert_plan,
    value,
)
from convener.toolkit.feeds_registry import FeedResult
from convener.toolkit.models import BrandPulse, PlanKind

HABITS = ("coalescing", "participation", "work_together")
MAX_WORDS = 10


# --- A Quick Chronology of Engagement --------------------------------------------------------


def perspectives_named(text_: str, perspectives: Iterable[tuple[str, str]]) -> list[str]:
    """Return the keys of the (key, label) perspectives whose label appears in ``text_``."""
    lowered = text_.casefold()
    return [key for key, label in perspectives if label and label.casefold() in lowered]


def apply_milestones(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Add each moment to the chronology as a milestone (or update the one already there)."""
    result = FeedResult()
    known = list(Perspective.objects.filter(initiative=initiative).values_list("key", "label"))
    for row in rows(values, "moments", "entries"):
        day, title = parse_date(row.get("date")), text(row.get("title"), 200)
        if day is None or not title:
            continue
        who = text(row.get("who"))
        what_changed = text(row.get("what_changed"))
        if who:
            what_changed = f"{_('Who')}: {who}\n{what_changed}".strip()
        found = Milestone.objects.filter(
            initiative=initiative, occurred_on=day, title__iexact=title
        ).first()
        save_milestone(
            initiative=initiative,
            actor=actor,
            occurred_on=day,
            title=title,
            what_changed=what_changed,
            value_produced=text(row.get("value")),
            habit=text(row.get("habit")) if row.get("habit") in HABITS else "",
            perspective_keys=perspectives_named(who, known),
            milestone=found,
        )
        result.created += found is None
        result.linked += found is not None
    result.messages.append(
        _("Chronology: %(new)d milestones added, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


# --- Give Value First ------------------------------------------------------------------------


def apply_value_offers(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Keep each value offered first on the partner's registry entry."""
    result = FeedResult()
    keys = ("expectations", "offer", "first_action", "date", "response", "next_step")
    for row in rows(values, "offers", "partners"):
        details = clean_details(row, keys)
        if not details.get("offer"):
            continue
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        if group is None:
            continue
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.VALUE_FIRST,
            topic=details["offer"][:200],
            summary=details["offer"],
            details=details,
            tool="give_value_first",
        )
        result.created += new
        result.linked += not new
    result.messages.append(
        _("Value offered first: %(new)d new, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


# --- Your Brand ------------------------------------------------------------------------------


def parse_words(answer: str) -> list[str]:
    """Return the distinct words or short phrases of an answer, lower-cased, at most ten.

    Commas, semicolons and line breaks separate them.
    """
    words: list[str] = []
    for part in re.split(r"[,;\n]+", answer or ""):
        word = " ".join(part.split()).casefold()[:60]
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


@dataclass(frozen=True)
class PulseView:
    """One pulse of a group: the day and the words, with the words new since the last pulse."""

    taken_on: dt.date
    words: tuple[str, ...]
    new_words: tuple[str, ...]


@dataclass(frozen=True)
class GroupWords:
    group: str
    pulses: tuple[PulseView, ...]
    common: tuple[tuple[str, int], ...]  # the words said most often, with how often


def words_over_time(pulses: Sequence[tuple[str, dt.date, Sequence[str]]]) -> list[GroupWords]:
    """Group (group, date, words) pulses by group, oldest first, marking the words that are new
    compared with the group's previous pulse, and counting the words said most often."""
    by_group: dict[str, list[tuple[dt.date, Sequence[str]]]] = {}
    for group, day, words in pulses:
        by_group.setdefault(group, []).append((day, words))
    out = []
    for group, items in sorted(by_group.items(), key=lambda kv: kv[0].casefold()):
        views: list[PulseView] = []
        previous: set[str] = set()
        counter: Counter[str] = Counter()
        for day, words in sorted(items, key=lambda item: item[0]):
            new = tuple(w for w in words if w not in previous) if views else ()
            views.append(PulseView(taken_on=day, words=tuple(words), new_words=new))
            previous = set(words)
            counter.update(words)
        common = tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        out.append(GroupWords(group=group, pulses=tuple(views), common=common))
    return out


def apply_brand_perception(
    *, initiative: Initiative, actor: User | None, values: Values
) -> FeedResult:
    """Keep how each group sees us, and how we would like to be seen, on the group."""
    result = FeedResult()
    for row in rows(values, "perception", "groups"):
        details = clean_details(row, ("now", "feel", "desired", "behaviors"))
        if not details:
            continue
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        if group is None:
            continue
        new = upsert_plan(
            initiative=initiative,
            actor=actor,
            stakeholder=group,
            kind=PlanKind.BRAND,
            topic="",
            summary=details.get("now", ""),
            details=details,
            tool="your_brand",
        )
        result.created += new
        result.linked += not new
    result.messages.append(
        _("Perceptions: %(new)d new, %(old)d updated.")
        % {"new": result.created, "old": result.linked}
    )
    return result


def apply_brand_pulse(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Store each group's words as a dated pulse (one per group and day)."""
    result = FeedResult()
    for row in rows(values, "pulse", "pulses"):
        day, words = parse_date(row.get("date")), parse_words(text(row.get("words")))
        if day is None or not words:
            continue
        group, _created = resolve_stakeholder(
            initiative=initiative, actor=actor, link=row.get("group")
        )
        if group is None:
            continue
        pulse, created = BrandPulse.objects.get_or_create(
            initiative=initiative,
            stakeholder=group,
            taken_on=day,
            defaults={"group_name": group.name, "words": words},
        )
        if not created and pulse.words != words:
            pulse.words = words
            pulse.save(update_fields=["words"])
        result.created += created
        result.linked += not created
    result.messages.append(
        _("Pulses: %(new)d new, %(old)d updated.") % {"new": result.created, "old": result.linked}
    )
    return result


# --- Measuring Progress ----------------------------------------------------------------------


def round_row_keys(initiative: Initiative, habits: Sequence[str]) -> list[str]:
    """Return the rubric row keys of ``habits``: the pack's rows, then the team's own rows."""
    pack = active_pack()
    keys = [r.key for h in habits if h in pack.habit_keys for r in pack.rows_for_habit(h)]
    keys += list(
        initiative.custom_rows.filter(habit__in=list(habits))
        .order_by("habit", "title")
        .values_list("key", flat=True)
    )
    return keys


def _may_open_rounds(initiative: Initiative, actor: User | None) -> bool:
    """Return whether ``actor`` may open rounds, as on the rounds page: conveners and owners."""
    if actor is None:
        return True  # the system itself (the demo, a management command)
    membership = Membership.objects.filter(initiative=initiative, user=actor).first()
    return membership is not None and membership.can(Capability.MANAGE)


def apply_open_round(*, initiative: Initiative, actor: User | None, values: Values) -> FeedResult:
    """Open a rubric survey round on the chosen habits, for the chosen circles (once by name).

    Only conveners and owners may open rounds, as on the rounds page itself.
    """
    result = FeedResult()
    if not _may_open_rounds(initiative, actor):
        result.messages.append(
            _("Only the initiative's conveners can open a survey round: ask one to press this.")
        )
        return result
    name = text(value(values, "round", "name"), 200)
    habits = [h for h in choices(value(values, "round", "habits")) if h in HABITS]
    if not name or not habits:
        result.messages.append(_("Name the round and choose at least one habit."))
        return result
    found = Round.objects.filter(initiative=initiative, name__iexact=name).first()
    if found is not None:
        if found.status == RoundStatus.DRAFT:
            open_round(round=found, actor=actor)
        result.linked = 1
        result.messages.append(
            _("The round “%(name)s” already exists (%(status)s).")
            % {"name": found.name, "status": found.get_status_display()}
        )
        return result
    kind = text(value(values, "round", "kind")) or RoundKind.STAKEHOLDERS
    circles = [c for c in choices(value(values, "round", "circles")) if c in Circle.values]
    try:
        created = create_round(
            initiative=initiative,
            actor=actor,
            name=name,
            row_keys=round_row_keys(initiative, habits),
            kind=kind if kind in RoundKind.values else RoundKind.STAKEHOLDERS,
            audience_circles=circles,
        )
    except CollectionError as error:
        result.messages.append(error.message)
        return result
    open_round(round=created, actor=actor)
    result.created = 1
    result.messages.append(
        _("The round “%(name)s” is open, with %(n)d rubric rows.")
        % {"name": created.name, "n": len(created.instrument.rows)}
    )
    return result
