"""The report's plain logic: periods, sections, small-group suppression and summary sentences.

Plain functions over plain data, no database. The selectors gather the figures; these functions
decide what may be shown and say in a sentence or two what the figures mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.measuring.intervals import Change

SECTIONS: tuple[str, ...] = (
    "overview",
    "participation",
    "circles",
    "activities",
    "rounds",
    "decisions",
    "chronology",
)
MIN_THRESHOLD = 3  # never show a group smaller than this (the rubric results use the same floor)
DEFAULT_THRESHOLD = 5


# --- The period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def holds(self, day: dt.date) -> bool:
        return self.since <= day <= self.until


def year_before(day: dt.date) -> dt.date:
    """Return the same day one year earlier (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def default_period(today: dt.date) -> Period:
    """Return the last twelve months up to ``today``: a year ago tomorrow through today."""
    return Period(since=year_before(today) + dt.timedelta(days=1), until=today)


EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_DAYS = 366 * 10


def period_problem(since: dt.date, until: dt.date) -> str:
    """Return why ``since`` … ``until`` cannot be a report's period, or "" when it can."""
    if until < since:
        return _("The end of the period comes before its start.")
    if since < EARLIEST or until > LATEST:
        return _("Choose dates between 1900 and 2100.")
    if (until - since).days > MAX_DAYS:
        return _("Choose a period of at most ten years.")
    return ""


def period_ending(until: dt.date) -> Period:
    """Return the twelve months up to ``until``, starting no earlier than 1 January 1900."""
    if until <= EARLIEST:
        return Period(until, until)
    return Period(max(EARLIEST, default_period(until).since), until)


def parse_sections(raw: str | Iterable[str] | None) -> tuple[str, ...]:
    """Return the known sections asked for, in report order; every section when none is.

    ``raw`` is a comma-separated string ("overview,rounds") or a list of keys.
    """
    if raw is None:
        return SECTIONS
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    wanted = {p.strip().lower() for p in parts if p.strip()}
    chosen = tuple(s for s in SECTIONS if s in wanted)
    return chosen or SECTIONS


def unknown_sections(raw: str) -> list[str]:
    """Return the names in a comma-separated list that are not sections."""
    return [p.strip() for p in raw.split(",") if p.strip() and p.strip().lower() not in SECTIONS]


def clamp_threshold(value: int | None) -> int:
    """Return the smallest group size to show: the default, never below the floor of 3."""
    if value is None:
        return DEFAULT_THRESHOLD
    return max(MIN_THRESHOLD, value)


# --- Small-group suppression -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One group of a breakdown. A suppressed group carries no count and no share."""

    key: str
    label: str
    count: int | None
    share: float | None  # of the breakdown's total, 0..1
    suppressed: bool = False
    reason: str = ""  # "small" (1 to threshold - 1) or "complementary" (protects another)


def suppress(rows: Sequence[tuple[str, str, int]], threshold: int) -> tuple[Cell, ...]:
    """Return a breakdown of (key, label, count) rows with small groups hidden.

    A group of 1 to ``threshold - 1`` is suppressed. An empty group is shown as 0: saying
    that nobody from a perspective is there names no one. When exactly one group is suppressed,
    the smallest shown group with anyone in it is suppressed too, so that the hidden count
    cannot be found by subtracting the shown ones from the total.
    """
    limit = clamp_threshold(threshold)
    total = sum(n for _k, _l, n in rows)
    small = {i for i, (_k, _l, n) in enumerate(rows) if 0 < n < limit}
    reasons = dict.fromkeys(small, "small")
    if len(small) == 1:
        others = [i for i, (_k, _l, n) in enumerate(rows) if i not in small and n > 0]
        if others:
            partner = min(others, key=lambda i: (rows[i][2], i))
            reasons[partner] = "complementary"
    return tuple(
        Cell(key, label, None, None, True, reasons[i])
        if i in reasons
        else Cell(key, label, n, n / total if total else 0.0)
        for i, (key, label, n) in enumerate(rows)
    )


def percent(share: float | None) -> int | None:
    return None if share is None else round(share * 100)


# --- Summary sentences --------------------------------------------------------------------------


@dataclass(frozen=True)
class PerspectiveFigure:
    """A perspective in the participation breakdown, after suppression."""

    cell: Cell
    is_family_youth: bool
    target_percent: int | None


def participation_summary(
    figures: Sequence[PerspectiveFigure], people: int, *, threshold: int
) -> str:
    """Say who took part against the targets: family and youth first, then the gaps.

    For example: "Families are 12% of the people who took part against a target of 25%;
    youth are missing." Suppressed groups are described as "fewer than N", never counted.
    """
    if people == 0:
        return _("No one took part in an activity in this period.")
    parts: list[str] = []
    for f in figures:
        if not f.is_family_youth:
            continue
        parts.append(_perspective_clause(f, threshold))
    missing = [f.cell.label for f in figures if not f.is_family_youth and f.cell.count == 0]
    lead = ngettext("%(count)s person took part.", "%(count)s people took part.", people) % {
        "count": people
    }
    sentences = [lead]
    if parts:
        sentences.append(_capitalise("; ".join(parts)) + ".")
    if missing:
        sentences.append(
            _("No one from these perspectives took part: %(labels)s.")
            % {"labels": ", ".join(missing)}
        )
    under = [
        f.cell.label
        for f in figures
        if not f.is_family_youth
        and f.target_percent
        and f.cell.share is not None
        and f.cell.count
        and percent(f.cell.share) is not None
        and (percent(f.cell.share) or 0) + 5 <= f.target_percent
    ]
    if under:
        sentences.append(_("Below their target: %(labels)s.") % {"labels": ", ".join(under)})
    return " ".join(sentences)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _perspective_clause(f: PerspectiveFigure, threshold: int) -> str:
    values = {
        "label": f.cell.label,
        "share": percent(f.cell.share),
        "target": f.target_percent,
        "threshold": threshold,
    }
    if f.cell.count == 0:
        return _("%(label)s are missing") % values
    if f.cell.suppressed:
        if f.target_percent is not None:
            return (
                _(
                    "%(label)s are a small group (fewer than %(threshold)s shown apart) "
                    "against a target of %(target)s%%"
                )
                % values
            )
        return _("%(label)s are a small group (fewer than %(threshold)s shown apart)") % values
    if f.target_percent is not None:
        return _(
            "%(label)s are %(share)s%% of the people who took part against a target of %(target)s%%"
        ) % (values)
    return _("%(label)s are %(share)s%% of the people who took part") % values


def circles_summary(counts: Mapping[str, int], unplaced: int, labels: Mapping[str, str]) -> str:
    """Say how many are in each circle, centre first, and whether the outer circles hold anyone."""
    placed = sum(counts.values())
    if placed == 0:
        return _("No one has been placed in a circle yet.")
    listed = ", ".join(f"{labels[c]}: {n}" for c, n in counts.items())
    text = _("%(placed)s people and groups are placed in the circles (%(listed)s).") % {
        "placed": placed,
        "listed": listed,
    }
    beyond = counts.get("extended", 0) + counts.get("dissemination", 0)
    if beyond == 0:
        text += " " + _("No one is engaged beyond the second circle yet.")
    elif beyond * 10 < placed:
        text += " " + _("Few are engaged beyond the second circle.")
    if unplaced:
        text += " " + ngettext(
            "%(count)s is not placed yet.", "%(count)s are not placed yet.", unplaced
        ) % {"count": unplaced}
    return text


def activities_summary(
    total: int,
    quadrant_label: str | None,
    quadrant_share: float | None,
    two_way: int,
    deeper: int,
) -> str:
    """Say how many activities there were, where most sat, and how many were two-way.

    ``deeper`` counts the activities meant to reach collaborating or transforming.
    """
    if total == 0:
        return _("No activities were recorded in this period.")
    text = ngettext("%(count)s activity took place.", "%(count)s activities took place.", total) % {
        "count": total
    }
    if quadrant_label and quadrant_share is not None:
        text += " " + _("Most sat in “%(quadrant)s” (%(share)s%% of those placed).") % {
            "quadrant": quadrant_label,
            "share": percent(quadrant_share),
        }
    text += " " + _(
        "%(two_way)s of %(total)s were two-way; %(deeper)s aimed at collaborating or deeper."
    ) % {
        "two_way": two_way,
        "total": total,
        "deeper": deeper,
    }
    return text


@dataclass(frozen=True)
class RoundFigure:
    name: str
    deeper: float | None  # percent of valid answers at collaborating or deeper


def rounds_summary(
    rounds: Sequence[RoundFigure], changes: Sequence[tuple[str, Change | None]] = ()
) -> str:
    """Give the share at collaborating or deeper in the first and last rounds with figures.

    Claim a change only on the rows whose 95 % interval leaves out zero (``changes`` holds
    each row's title and its change from the first round to the last), and say so; when no
    row's change is beyond chance, say that instead. Rounds too small to show have no figure.
    """
    with_answers = [r for r in rounds if r.deeper is not None]
    if not rounds:
        return _("No rubric rounds took place in this period.")
    if not with_answers:
        return _("No round of this period has enough answers to show.")
    first, last = with_answers[0], with_answers[-1]
    if first is last:
        return _(
            "In “%(name)s”, %(share)s%% of answers placed the group at collaborating or deeper."
        ) % {
            "name": first.name,
            "share": _number(first.deeper),
        }
    text = _(
        "Answers at collaborating or deeper: %(first)s%% in “%(first_name)s”, "
        "%(last)s%% in “%(last_name)s”."
    ) % {
        "first": _number(first.deeper),
        "first_name": first.name,
        "last": _number(last.deeper),
        "last_name": last.name,
    }
    real = sorted(
        ((title, c) for title, c in changes if c is not None and c.beyond_chance),
        key=lambda item: -abs(item[1].points),
    )
    if not real:
        return (
            text
            + " "
            + _(
                "No row changed by more than chance could give with this few answers "
                "(95% intervals)."
            )
        )
    parts = [
        _("“%(row)s” %(points)s points (95%% interval %(low)s to %(high)s)")
        % {
            "row": title,
            "points": f"{c.points:+.1f}",
            "low": f"{c.low:+.1f}",
            "high": f"{c.high:+.1f}",
        }
        for title, c in real[:3]
    ]
    text += " " + ngettext(
        "A real change, beyond chance: %(rows)s.",
        "Real changes, beyond chance: %(rows)s.",
        len(real),
    ) % {"rows": "; ".join(parts)}
    if len(real) > 3:
        text += " " + _("%(n)s more in the table below.") % {"n": len(real) - 3}
    return text


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}"


def largest_shift(shifts: Iterable[tuple[str, float | None]]) -> tuple[str, float] | None:
    """Return the (title, shift) with the largest absolute shift, the first one on a tie."""
    best: tuple[str, float] | None = None
    for title, shift in shifts:
        if shift is not None and (best is None or abs(shift) > abs(best[1])):
            best = (title, shift)
    return best


def decisions_summary(count: int, participants: int, latest: str = "") -> str:
    """Say how many decisions were recorded, how many people took part, and the latest one."""
    if count == 0:
        return _("No decisions recorded in this period.")
    text = ngettext(
        "%(count)s decision was recorded", "%(count)s decisions were recorded", count
    ) % {"count": count}
    text += ngettext(
        "; %(people)s participant took part in making them.",
        "; %(people)s participants took part in making them.",
        participants,
    ) % {"people": participants}
    if latest:
        text += " " + _("The latest: “%(title)s”.") % {"title": latest}
    return text


def chronology_summary(kinds: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """Say how many entries the chronology holds, by kind."""
    total = sum(kinds.values())
    if total == 0:
        return _("Nothing was added to the chronology in this period.")
    listed = ", ".join(f"{labels.get(k, k).lower()}: {n}" for k, n in kinds.items() if n)
    return ngettext(
        "The chronology holds %(count)s entry (%(listed)s).",
        "The chronology holds %(count)s entries (%(listed)s).",
        total,
    ) % {"count": total, "listed": listed}


def ladder_summary(took_part: int, past_participant: int, partners: int) -> str:
    """Say how many of the people who took part moved past attending, and how many are partners."""
    if took_part == 0:
        return _("No one is on the engagement ladder yet.")
    return _(
        "%(moved)s of the %(total)s people who have taken part so far moved past “attended”; "
        "%(partners)s became partners or leaders."
    ) % {"moved": past_participant, "total": took_part, "partners": partners}
