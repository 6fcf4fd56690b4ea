"""The latest rubric shift for the initiative's home: its last two answered stakeholder rounds.

For each rubric row the home shows the share of answers at collaborating or deeper in the
later round, the change in points since the earlier one, and how sure that change is, in plain
words from its 95 % interval (``intervals.share_change``). Rows below a round's suppression
threshold show no figures, as on the compare page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.core.home import STANDING, HomeFigure
from convener.framework.packs import localize
from convener.initiatives.models import Initiative
from convener.measuring import aggregation as agg
from convener.measuring import selectors
from convener.measuring.intervals import Change
from convener.measuring.models import Round, RoundKind

UP, DOWN, CLOSE = "up", "down", "close"


@dataclass(frozen=True)
class RowShift:
    """One rubric row's change between the two rounds."""

    key: str
    title: str
    share: float  # percent at collaborating or deeper in the later round
    change: Change

    @property
    def verdict(self) -> str:
        """Return UP or DOWN when the interval leaves out zero, else CLOSE (too close to call)."""
        if not self.change.beyond_chance:
            return CLOSE
        return UP if self.change.points > 0 else DOWN


@dataclass(frozen=True)
class LatestShift:
    before: Round
    after: Round
    rows: tuple[RowShift, ...]  # largest change first
    hidden: int  # rows without figures: too few answers in either round
    url: str  # the compare page for these two rounds


def latest_shift(initiative: Initiative) -> LatestShift | None:
    """Return the change between the last two stakeholder rounds with answers, or None."""
    rounds = selectors.initiative_rounds(initiative, RoundKind.STAKEHOLDERS)
    counts = selectors.counts_for_rounds([r.pk for r in rounds])
    answered = [r for r in rounds if counts[r.pk]]
    if len(answered) < 2:
        return None
    before, after = answered[-2:]
    keys = after.instrument.row_keys
    titles = {
        row["key"]: localize(row.get("title") or row["key"], get_language())
        for row in after.instrument.rows
    }
    pairs = zip(
        selectors.protected_rows(before, counts[before.pk], keys),
        selectors.protected_rows(after, counts[after.pk], keys),
        strict=True,
    )
    changes = [agg.compare_rows(first, last) for first, last in pairs]
    rows = [
        RowShift(
            key=c.key,
            title=titles.get(c.key, c.key),
            share=c.after.collaborating_or_deeper or 0.0,
            change=c.deeper_change,
        )
        for c in changes
        if c.deeper_change is not None
    ]
    rows.sort(key=lambda r: (-abs(r.change.points), r.key))
    return LatestShift(
        before=before,
        after=after,
        rows=tuple(rows),
        hidden=len(changes) - len(rows),
        url=reverse("measuring:compare", args=[initiative.slug])
        + f"?rounds={before.pk},{after.pk}",
    )


def _points(value: float) -> str:
    return f"{value:+.0f}" if value == round(value) else f"{value:+.1f}"


def shift_figures(initiative: Initiative, limit: int = 3) -> Iterator[HomeFigure]:
    """Yield the home's figures for the latest rubric shift: the rows that moved most."""
    shift = latest_shift(initiative)
    if shift is None:
        return
    words = {
        UP: _("likely up"),
        DOWN: _("likely down"),
        CLOSE: _("too close to call"),
    }
    for row in shift.rows[:limit]:
        yield HomeFigure(
            section=STANDING,
            label=_("Rubric shift: %(row)s") % {"row": row.title},
            value=_("%(share)s %%") % {"share": number_format(row.share, 0)},
            url=shift.url,
            note=_(
                "at collaborating or deeper, %(points)s points since %(before)s: %(verdict)s "
                "(95 %% interval %(low)s to %(high)s points)"
            )
            % {
                "points": _points(row.change.points),
                "before": shift.before.name,
                "verdict": words[row.verdict],
                "low": _points(row.change.low),
                "high": _points(row.change.high),
            },
            tone="warn" if row.verdict == DOWN else "",
            order=50,
        )
    if shift.hidden and not shift.rows:
        yield HomeFigure(
            section=STANDING,
            label=_("Rubric shift since %(before)s") % {"before": shift.before.name},
            value="—",
            url=shift.url,
            note=_("Too few answers to show: groups this small are kept private."),
            order=50,
        )
