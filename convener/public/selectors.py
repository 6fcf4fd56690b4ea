"""Reads for the public page, and the publication record other apps may rely on.

``publication_events`` is the contract with the engagement report: keep its name and the shape
of ``PublicationRecord``. Everything ``public_view`` returns is safe to show anyone: team-written
text, the convenings the team opened, rubric figures above the small-group threshold (read
through measuring's own suppression) and the decision log without who took part.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from convener.activities.models import Activity
from convener.consensus.models import Decision
from convener.consensus.selectors import decisions
from convener.core.translated import is_fallback, shown, written
from convener.framework.packs import localize
from convener.initiatives.models import Initiative
from convener.measuring import aggregation as agg
from convener.measuring.intervals import wilson
from convener.measuring.models import Round, RoundStatus
from convener.measuring.selectors import round_date, round_results
from convener.public.models import PublicationEvent, PublicationKind, PublicPage

LANGUAGES = ("en", "es")
ROUGH_WIDTH = 35  # an interval wider than this many points is called a rough picture


@dataclass(frozen=True)
class PublicationRecord:
    """One day the public page went up, changed or came down, and what changed."""

    date: dt.date
    kind: str  # a PublicationKind value
    changes: tuple[str, ...]  # SECTIONS keys, "convenings_list", "rounds"
    what: str  # the same in words, in the active language


@dataclass(frozen=True)
class HeardRow:
    """One rubric row of a shared round: a share with its interval, or nothing when too few."""

    key: str
    title: str
    shown: bool
    n: int = 0
    share: int = 0  # whole percent at collaborating or deeper
    low: int = 0
    high: int = 0

    @property
    def rough(self) -> bool:
        return self.high - self.low > ROUGH_WIDTH


@dataclass(frozen=True)
class HeardRound:
    name: str
    closed_on: dt.date
    rows: tuple[HeardRow, ...]


@dataclass(frozen=True)
class PublicDecision:
    # The team's texts in the page's language, else their English (``lang`` says which).
    title: TeamText
    outcome: str
    statement: TeamText
    decided_on: dt.date
    participants: int | None  # None when fewer took part than the decision's threshold


@dataclass(frozen=True)
class TeamText:
    text: str
    lang: str  # the language the text is written in, when it differs from the page's


@dataclass(frozen=True)
class PublicView:
    title: str
    about: TeamText | None
    convenings: list[Activity] | None
    heard: list[HeardRound] | None
    decided: list[PublicDecision] | None
    changing: TeamText | None
    updated_on: dt.date | None = None


def published_page(slug: str) -> PublicPage | None:
    """Return the published public page of the initiative ``slug``, or None."""
    return (
        PublicPage.objects.select_related("initiative")
        .filter(initiative__slug=slug, is_published=True)
        .first()
    )


def offered_activities(initiative: Initiative, today: dt.date) -> list[Activity]:
    """Return the convenings a team may open to the public: upcoming and not cancelled.

    A live session's own activity (created when it starts, to hold its sign-ins) is a
    training session run in the room, not a convening the public is invited to: left out.
    """
    return list(
        Activity.objects.filter(
            initiative=initiative,
            starts_on__gte=today,
            cancelled_at__isnull=True,
            live_session__isnull=True,
        ).order_by("starts_on", "start_time", "pk")
    )


def offered_rounds(initiative: Initiative) -> list[Round]:
    """Return the rounds whose results a team may share: closed ones, newest first."""
    found = Round.objects.filter(initiative=initiative, status=RoundStatus.CLOSED)
    return sorted(found.select_related("instrument"), key=round_date, reverse=True)


def _team_text(page: PublicPage, name: str, language: str) -> TeamText | None:
    own = getattr(page, f"{name}_{language}").strip()
    if own:
        return TeamText(own, language)
    other = next(code for code in LANGUAGES if code != language)
    text = getattr(page, f"{name}_{other}").strip()
    return TeamText(text, other) if text else None


def heard_round(rnd: Round, language: str) -> HeardRound:
    """Return a round's whole-group results, rows below its threshold left without figures."""
    titles = {row["key"]: localize(row.get("title"), language) for row in rnd.instrument.rows}
    rows = []
    for result in round_results(rnd).rows:
        title = titles.get(result.key, result.key)
        if result.suppressed or result.n == 0:
            rows.append(HeardRow(key=result.key, title=title, shown=False))
            continue
        deeper = agg.deeper_count(result)
        low, high = wilson(deeper, result.n)
        rows.append(
            HeardRow(
                key=result.key,
                title=title,
                shown=True,
                n=result.n,
                share=round(100 * deeper / result.n),
                # Rounded outwards, so that rounding never makes a figure look surer.
                low=math.floor(100 * low),
                high=math.ceil(100 * high),
            )
        )
    return HeardRound(
        name=shown(rnd, "name", language), closed_on=round_date(rnd).date(), rows=tuple(rows)
    )


def _decision_title(decision: Decision, language: str) -> TeamText:
    """The proposal's title in ``language`` when written, else the decision's English copy."""
    own = written(decision.proposal, "title", language) if language != "en" else ""
    return TeamText(own, language) if own else TeamText(decision.title, "en")


def public_decisions(initiative: Initiative, language: str) -> list[PublicDecision]:
    """Return the decision log, newest first, counting participants only above the threshold.

    The title is the proposal's in ``language`` when the team wrote one (the decision keeps
    a copy of the English title); the outcome statement is the decision's own in ``language``
    when written, else its English.
    """
    out = []
    for decision in decisions(initiative).select_related("proposal"):
        limit = max(decision.threshold, agg.MIN_THRESHOLD)
        out.append(
            PublicDecision(
                title=_decision_title(decision, language),
                outcome=decision.get_outcome_display(),
                statement=TeamText(
                    shown(decision, "statement", language),
                    "en" if is_fallback(decision, "statement", language) else language,
                ),
                decided_on=decision.decided_on,
                participants=decision.participants if decision.participants >= limit else None,
            )
        )
    return out


def public_view(page: PublicPage, language: str, today: dt.date | None = None) -> PublicView:
    """Return what the public page shows, in ``language``; a section off comes back None."""
    today = today or timezone.localdate()
    initiative = page.initiative
    about = None
    if page.show_about:
        about = _team_text(page, "about", language) or TeamText(initiative.issue, "en")
    convenings = None
    if page.show_convenings:
        convenings = [a for a in offered_activities(initiative, today) if a in _chosen(page)]
    heard = None
    if page.show_heard:
        shared = [r for r in offered_rounds(initiative) if r.pk in _chosen_rounds(page)]
        heard = [heard_round(r, language) for r in shared]
    last = PublicationEvent.objects.filter(initiative=initiative).order_by("-occurred_at").first()
    return PublicView(
        title=shown(initiative, "title", language),
        about=about,
        convenings=convenings,
        heard=heard,
        decided=public_decisions(initiative, language) if page.show_decided else None,
        changing=_team_text(page, "changing", language) if page.show_changing else None,
        updated_on=timezone.localdate(last.occurred_at) if last else None,
    )


def _chosen(page: PublicPage) -> set[Activity]:
    return set(page.activities.all())


def _chosen_rounds(page: PublicPage) -> set[int]:
    return set(page.rounds.values_list("pk", flat=True))


def _describe(kind: str, changes: tuple[str, ...]) -> str:
    names = {
        "about": _("what the initiative is about"),
        "convenings": _("upcoming convenings"),
        "convenings_list": _("the convenings listed"),
        "heard": _("what we heard"),
        "rounds": _("the rubric rounds shared"),
        "decided": _("what we decided"),
        "changing": _("what is changing"),
    }
    listed = ", ".join(str(names.get(c, c)) for c in changes)
    if kind == PublicationKind.PUBLISHED:
        return _("Public page published, showing: %(sections)s") % {"sections": listed}
    if kind == PublicationKind.UNPUBLISHED:
        return _("Public page taken down")
    return _("Public page updated: %(changes)s") % {"changes": listed}


def publication_events(
    initiative: Initiative, since: dt.date | None = None, until: dt.date | None = None
) -> list[PublicationRecord]:
    """Return when the public page went up, changed and came down, oldest first.

    ``since`` and ``until`` are inclusive dates in the site's time zone; either may be None.
    """
    found = PublicationEvent.objects.filter(initiative=initiative).order_by("occurred_at", "pk")
    out = []
    for event in found:
        day = timezone.localdate(event.occurred_at)
        if (since is not None and day < since) or (until is not None and day > until):
            continue
        changes = tuple(str(c) for c in event.changes)
        out.append(
            PublicationRecord(
                date=day, kind=event.kind, changes=changes, what=_describe(event.kind, changes)
            )
        )
    return out
