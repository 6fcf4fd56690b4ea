"""Reads of a training series: its sessions, the self-rating statements, growth.

The self-ratings a series follows are the three learning targets (seed 003) and the seven
statements of Poll 10 (seed 004), recognised in any rating item of the series' sessions by their
statement keys (the content pack's templates all use the same keys). For each member and
statement, "before" is the first rating they gave in the series (earliest session, earliest
item) and "after" the latest, counted only when they rated it at least twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from convener.core.translated import shown
from convener.live.models import Item, LiveSession, Vote
from convener.live.series_growth import Shift, own_growth, shifts
from convener.live.series_models import SeriesMember, SeriesSession, TrainingSeries
from convener.live.session_templates import get_template
from convener.measuring.aggregation import MIN_THRESHOLD

# (group key, template key, the ref of the template item whose statements the group follows)
GROUPS = (
    ("targets", "authentic_engagement", "s3_targets_before"),
    ("poll_10", "blueprint_full_day", "poll_10"),
)

Ratings = dict[str, dict[str, int]]  # member id (as text) → statement key → rating


@dataclass(frozen=True)
class StatementGroup:
    key: str
    statements: tuple[tuple[str, dict[str, str]], ...]  # (key, {language: label})

    def title(self) -> str:
        return _("Learning targets") if self.key == "targets" else _("Poll 10: my own practice")

    def labelled(self, language: str) -> list[tuple[str, str]]:
        return [(key, labels.get(language) or labels["en"]) for key, labels in self.statements]


@cache
def statement_groups() -> tuple[StatementGroup, ...]:
    """Return the self-rating statements a series follows, from the content pack's templates."""
    groups = []
    for key, template_key, ref in GROUPS:
        template = get_template(template_key)
        item = next(i for i in template.items if i.ref == ref) if template else None
        if item is None:
            continue
        spanish = ((item.config.get("translations") or {}).get("es") or {}).get("labels") or {}
        statements = tuple(
            (s["key"], {"en": s["label"], "es": spanish.get(s["key"], s["label"])})
            for s in item.config.get("statements", [])
        )
        groups.append(StatementGroup(key=key, statements=statements))
    return tuple(groups)


def _keys() -> set[str]:
    return {key for group in statement_groups() for key, _labels in group.statements}


def series_sessions(series: TrainingSeries) -> list[LiveSession]:
    """Return the series' sessions in order."""
    links = SeriesSession.objects.filter(series=series).select_related("session")
    return [link.session for link in links.order_by("position")]


def free_sessions(series: TrainingSeries) -> list[LiveSession]:
    """Return the initiative's sessions that are in no series yet (templates excluded)."""
    return list(
        LiveSession.objects.filter(initiative=series.initiative, is_template=False)
        .exclude(series_link__isnull=False)
        .order_by("-created_at")
    )


def _asked(item_config: dict[str, Any]) -> set[str]:
    return {s.get("key") for s in item_config.get("statements") or []} & _keys()


def sessions_with_self_ratings(series: TrainingSeries) -> int:
    """Return how many of the series' sessions ask for at least one followed self-rating."""
    items = Item.objects.filter(kind="rating", session__series_link__series=series)
    return len({item.session_id for item in items if _asked(item.config or {})})


def asked_groups(series: TrainingSeries) -> set[str]:
    """Return the keys of the statement groups some session of the series asks about."""
    asked: set[str] = set()
    for item in Item.objects.filter(kind="rating", session__series_link__series=series):
        asked |= _asked(item.config or {})
    return {g.key for g in statement_groups() if asked & {k for k, _l in g.statements}}


def ratings(series: TrainingSeries, member: SeriesMember | None = None) -> tuple[Ratings, Ratings]:
    """Return (first, last) ratings per member and statement; "last" only for repeated ones."""
    votes = Vote.objects.filter(
        item__kind="rating",
        item__session__series_link__series=series,
        participant__series_attendance__member__series=series,
    )
    if member is not None:
        votes = votes.filter(participant__series_attendance__member=member)
    rows = votes.order_by(
        "item__session__series_link__position", "item__position", "created_at"
    ).values_list("participant__series_attendance__member_id", "value")
    seen: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    keys = _keys()
    for member_id, value in rows:
        if isinstance(value, dict):
            for key, rating in value.items():
                if key in keys and isinstance(rating, int):
                    seen[str(member_id)][key].append(rating)
    first = {m: {k: v[0] for k, v in by.items()} for m, by in seen.items()}
    last = {m: {k: v[-1] for k, v in by.items() if len(v) >= 2} for m, by in seen.items()}
    return first, last


def threshold(series: TrainingSeries) -> int:
    """Return the smallest group a series figure may rest on (its sessions' largest setting)."""
    found = LiveSession.objects.filter(series_link__series=series).aggregate(
        most=Max("suppression_threshold")
    )["most"]
    return max(found or MIN_THRESHOLD, MIN_THRESHOLD)


@dataclass(frozen=True)
class GroupShifts:
    key: str
    title: str
    rows: list[Shift]


def group_shifts(series: TrainingSeries, language: str) -> list[GroupShifts]:
    """Return, per statement group some session asks about, the group's before/after shifts."""
    first, last = ratings(series)
    limit = threshold(series)
    asked = asked_groups(series)
    return [
        GroupShifts(
            key=group.key,
            title=group.title(),
            rows=shifts(group.labelled(language), first, last, threshold=limit),
        )
        for group in statement_groups()
        if group.key in asked
    ]


def member_growth(member: SeriesMember, language: str) -> list[dict[str, Any]]:
    """Return one member's own before/after per statement group they rated (their eyes only)."""
    first, last = ratings(member.series, member)
    mine_first, mine_last = first.get(str(member.pk), {}), last.get(str(member.pk), {})
    out = []
    for group in statement_groups():
        rows = own_growth(group.labelled(language), mine_first, mine_last)
        if any(row["before"] is not None for row in rows):
            out.append({"key": group.key, "title": group.title(), "rows": rows})
    return out


def series_rows(initiative_id: int) -> list[dict[str, Any]]:
    """Return the initiative's series for its list: title shown and number of sessions."""
    found = TrainingSeries.objects.filter(initiative_id=initiative_id).order_by("-created_at")
    return [
        {"series": s, "title": shown(s, "title"), "sessions": s.series_sessions.count()}
        for s in found
    ]
