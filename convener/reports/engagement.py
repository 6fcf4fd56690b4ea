"""The stakeholder-engagement account: from the period's records to figures and sentences.

A pure function over plain data (no database): ``assemble`` takes the records the selector
``convener.reports.selectors.engagement.engagement_records`` gathers and returns one frozen
``Account`` that the web view, the print view, the PDF, the .docx and the API all read. Every
sentence is made here from the figures; breakdowns by perspective go through the report's
small-group suppression (``convener.reports.summaries.suppress``, the rule the rubric results
follow in ``convener.measuring.aggregation.subgroup_results``: groups of 1 to threshold - 1
hidden, and a second group hidden when exactly one is).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.initiatives.purposes import Purpose
from convener.reports import summaries as s
from convener.reports.engagement_records import (
    ActivityRecord,
    Contribution,
    DecisionRecord,
    PerspectiveInfo,
    Records,
    SharedRecord,
)
from convener.reports.engagement_sentences import outreach_sentence, purpose_sentences

# --- The account --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    """One record behind a figure: what it is, its date and where it is in the app."""

    kind: str  # "activity", "round", "proposal", "session", "report", "publication"
    id: int
    title: str
    on: dt.date | None
    url: str


@dataclass(frozen=True)
class PerspectiveFigures:
    """One perspective's part in a purpose. Suppressed: every figure is None."""

    key: str
    label: str
    is_family_youth: bool
    suppressed: bool
    people: int | None
    times: int | None
    attended: int | None
    answered: int | None
    positions: int | None
    deeper: int | None  # attendances at activities meant to be collaborating or deeper


@dataclass(frozen=True)
class PurposeSection:
    key: str
    label: str
    people: int | None  # None when showing it would reveal a hidden group
    times: int | None
    perspectives: tuple[PerspectiveFigures, ...]
    records: tuple[RecordRef, ...]
    concerns: tuple[str, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    """A count that may be hidden: ``None`` when it is 1 to threshold - 1."""

    value: int | None
    suppressed: bool


@dataclass(frozen=True)
class OutreachGroup:
    """A perspective that activities set out to reach, and its participation before and since."""

    key: str
    label: str
    first_on: dt.date
    before: Count  # people who took part in the same number of days before the first
    since: Count  # people who took part from the first through the end of the period
    activities: tuple[RecordRef, ...]
    sentence: str


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Mechanisms:
    convenings: int
    kinds: tuple[Tally, ...]
    rounds: int
    responses: int
    modes: tuple[Tally, ...]
    live_sessions: int
    personal_links: int
    invitations: int
    languages: tuple[str, ...]
    records: tuple[RecordRef, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class DecisionFigures:
    id: int
    title: str
    outcome: str
    outcome_label: str
    decided_on: dt.date
    purposes: tuple[str, ...]
    participants: int
    positions: tuple[Tally, ...]
    by_perspective: tuple[s.Cell, ...]
    url: str
    sentence: str


@dataclass(frozen=True)
class Sharing:
    items: tuple[Tally, ...]
    records: tuple[RecordRef, ...]
    # When the public page (convener.public) went up, changed or came down.
    publications: tuple[RecordRef, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Account:
    slug: str
    title: str
    period: s.Period
    threshold: int
    generated_at: dt.datetime
    perspectives: tuple[PerspectiveInfo, ...]
    purposes: tuple[PurposeSection, ...]
    outreach: tuple[OutreachGroup, ...]
    mechanisms: Mechanisms
    decisions: tuple[DecisionFigures, ...]
    sharing: Sharing
    summary: tuple[str, ...] = field(default_factory=tuple)


# --- Assembly -----------------------------------------------------------------------------------


def hide_small(value: int, threshold: int) -> Count:
    """Return a count on its own: hidden when it is 1 to threshold - 1 (0 names no one)."""
    cell = s.suppress([("", "", value)], threshold)[0]
    return Count(cell.count, cell.suppressed)


def _people(contributions: list[Contribution]) -> int:
    """Return who took part: each named person once, each anonymous answer once."""
    named = {c.stakeholder_id for c in contributions if c.stakeholder_id is not None}
    return len(named) + sum(1 for c in contributions if c.stakeholder_id is None)


def _perspective_rows(
    contributions: list[Contribution], perspectives: tuple[PerspectiveInfo, ...], threshold: int
) -> tuple[PerspectiveFigures, ...]:
    groups: dict[str, list[Contribution]] = {p.key: [] for p in perspectives}
    groups[""] = []
    for c in contributions:
        groups.setdefault(c.perspective, []).append(c)
    infos = {p.key: p for p in perspectives}
    labels = [(p.key, p.label) for p in perspectives] + [("", _("No perspective recorded"))]
    cells = s.suppress([(k, lbl, _people(groups[k])) for k, lbl in labels], threshold)
    rows = []
    for cell in cells:
        mine = groups[cell.key]
        fy = bool(infos.get(cell.key) and infos[cell.key].is_family_youth)
        if cell.suppressed:
            rows.append(PerspectiveFigures(cell.key, cell.label, fy, True, *(None,) * 6))
            continue
        how = Counter(c.how for c in mine)
        rows.append(
            PerspectiveFigures(
                key=cell.key,
                label=cell.label,
                is_family_youth=fy,
                suppressed=False,
                people=cell.count,
                times=len(mine),
                attended=how["attended"],
                answered=how["answered"],
                positions=how["position"],
                deeper=sum(1 for c in mine if c.deeper),
            )
        )
    return tuple(rows)


def _purpose(key: str, label: str, records: Records, threshold: int) -> PurposeSection:
    refs: list[RecordRef] = []
    contributions: list[Contribution] = []
    concerns: list[str] = []
    for source in (records.activities, records.rounds, records.proposals):
        for r in source:
            if key in r.purposes:
                refs.append(RecordRef(r.kind, r.id, r.title, r.on, r.url))
                contributions.extend(r.contributions)
                if r.concerns and r.concerns not in concerns:
                    concerns.append(r.concerns)
    rows = _perspective_rows(contributions, records.perspectives, threshold)
    people: int | None = _people(contributions)
    times: int | None = len(contributions)
    if sum(r.suppressed for r in rows) == 1:
        # A lone hidden group (no other group to hide with it) would be the total minus the
        # shown ones: the purpose's totals are hidden too.
        people = times = None
    return PurposeSection(
        key=key,
        label=label,
        people=people,
        times=times,
        perspectives=rows,
        records=tuple(refs),
        concerns=tuple(concerns),
        sentences=purpose_sentences(label, rows, people, times, len(refs), threshold),
    )


def _outreach(records: Records, threshold: int) -> tuple[OutreachGroup, ...]:
    """Return each under-represented perspective that activities set out to reach.

    Under-represented: families and youth, and any perspective whose share of the people who
    took part in the period is below the initiative's target for it.
    """
    out = []
    period = records.period
    during = {
        key: {i for i, day in times if period.holds(day)}
        for key, times in records.took_part.items()
    }
    everyone = sum(len(v) for v in during.values())
    for p in records.perspectives:
        aimed = [a for a in records.activities_all if p.key in a.expected_perspectives]
        share = 100 * len(during.get(p.key, ())) / everyone if everyone else 0.0
        below = p.target_percent is not None and share < p.target_percent
        if not aimed or not (p.is_family_youth or below):
            continue
        first = min(a.on for a in aimed if a.on is not None)
        days = (records.period.until - first).days + 1
        start = first - dt.timedelta(days=days)
        before = {i for i, day in records.took_part.get(p.key, ()) if start <= day < first}
        since = {i for i, day in records.took_part.get(p.key, ()) if first <= day}
        b, a = hide_small(len(before), threshold), hide_small(len(since), threshold)
        out.append(
            OutreachGroup(
                key=p.key,
                label=p.label,
                first_on=first,
                before=b,
                since=a,
                activities=tuple(RecordRef("activity", x.id, x.title, x.on, x.url) for x in aimed),
                sentence=outreach_sentence(p.label, len(aimed), first, days, b, a, threshold),
            )
        )
    return tuple(out)


def _mechanisms(records: Records) -> Mechanisms:
    m = records.mechanisms
    kinds = tuple(Tally(k, lbl, n) for k, lbl, n in m.kinds)
    sentences = [
        ngettext(
            "%(n)s activity was held (%(kinds)s).",
            "%(n)s activities were held (%(kinds)s).",
            m.convenings,
        )
        % {"n": m.convenings, "kinds": ", ".join(f"{t.label} {t.count}" for t in kinds) or "—"},
        ngettext(
            "%(n)s rubric round gathered %(responses)s answers.",
            "%(n)s rubric rounds gathered %(responses)s answers.",
            m.rounds,
        )
        % {"n": m.rounds, "responses": m.responses},
        ngettext("%(n)s live session was run.", "%(n)s live sessions were run.", m.live_sessions)
        % {"n": m.live_sessions},
        _(
            "%(links)s personal links to rounds and proposals and %(invitations)s invitations "
            "to activities were sent."
        )
        % {"links": m.personal_links, "invitations": m.invitations},
    ]
    if m.languages:
        sentences.append(
            _("Languages offered: %(languages)s.") % {"languages": ", ".join(m.languages)}
        )
    return Mechanisms(
        convenings=m.convenings,
        kinds=kinds,
        rounds=m.rounds,
        responses=m.responses,
        modes=tuple(Tally(k, lbl, n) for k, lbl, n in m.modes),
        live_sessions=m.live_sessions,
        personal_links=m.personal_links,
        invitations=m.invitations,
        languages=m.languages,
        records=tuple(RecordRef(r.kind, r.id, r.title, r.on, r.url) for r in m.records),
        sentences=tuple(sentences),
    )


def _decision(d: DecisionRecord, threshold: int) -> DecisionFigures:
    limit = max(threshold, d.threshold)
    # A group the decision record already hid stays hidden; the rest follow this threshold.
    shown = {
        c.key: c
        for c in s.suppress([(k, lbl, n) for k, lbl, n in d.by_perspective if n is not None], limit)
    }
    cells = tuple(
        shown.get(k) or s.Cell(k, lbl, None, None, True, "small") for k, lbl, _n in d.by_perspective
    )
    positions = tuple(Tally(k, lbl, n) for k, lbl, n in d.distribution)
    names = dict(Purpose.choices)
    sentence = _(
        "On %(on)s, “%(title)s”: %(outcome)s, after %(people)s took a position (%(how)s)."
    ) % {
        "on": date_format(d.decided_on, "DATE_FORMAT"),
        "title": d.title,
        "outcome": d.outcome_label.lower(),
        "people": ngettext("%(n)s person", "%(n)s people", d.participants) % {"n": d.participants},
        "how": ", ".join(f"{t.label} {t.count}" for t in positions if t.count) or "—",
    }
    return DecisionFigures(
        id=d.id,
        title=d.title,
        outcome=d.outcome,
        outcome_label=d.outcome_label,
        decided_on=d.decided_on,
        purposes=tuple(str(names[p]) for p in d.purposes if p in names),
        participants=d.participants,
        positions=positions,
        by_perspective=cells,
        url=d.url,
        sentence=sentence,
    )


def _sharing(shared: tuple[SharedRecord, ...], publications: tuple[SharedRecord, ...]) -> Sharing:
    order: dict[str, tuple[str, int]] = {}
    for r in shared:
        label, n = order.get(r.kind, (r.kind_label, 0))
        order[r.kind] = (label, n + 1)
    items = tuple(Tally(k, lbl, n) for k, (lbl, n) in order.items())
    sentences = tuple(_("%(what)s: %(n)s.") % {"what": t.label, "n": t.count} for t in items) or (
        _("The records show no results shared in the period."),
    )
    latest = publications[-1].on if publications else None
    if latest is not None:
        changes = ngettext(
            "The public page changed %(n)s time in the period, most recently on %(day)s.",
            "The public page changed %(n)s times in the period, most recently on %(day)s.",
            len(publications),
        ) % {"n": len(publications), "day": date_format(latest, "DATE_FORMAT")}
        sentences = (*sentences, changes)
    return Sharing(
        items=items,
        records=tuple(RecordRef(r.kind, r.id, r.title, r.on, r.url) for r in shared),
        publications=tuple(RecordRef(r.kind, r.id, r.title, r.on, r.url) for r in publications),
        sentences=sentences,
    )


def assemble(records: Records, *, threshold: int, generated_at: dt.datetime) -> Account:
    """Return the engagement account of ``records`` with groups below ``threshold`` hidden."""
    threshold = s.clamp_threshold(threshold)
    purposes = tuple(
        _purpose(key, str(label), records, threshold) for key, label in Purpose.choices
    )
    decisions = tuple(_decision(d, threshold) for d in records.decisions)
    tagged = len({(r.kind, r.id) for p in purposes for r in p.records})
    summary = (
        _("From %(since)s to %(until)s: %(tagged)s; %(decisions)s.")
        % {
            "since": date_format(records.period.since, "DATE_FORMAT"),
            "until": date_format(records.period.until, "DATE_FORMAT"),
            "tagged": ngettext(
                "%(n)s tagged activity, round or proposal",
                "%(n)s tagged activities, rounds and proposals",
                tagged,
            )
            % {"n": tagged},
            "decisions": ngettext(
                "%(n)s decision recorded", "%(n)s decisions recorded", len(decisions)
            )
            % {"n": len(decisions)},
        },
    )
    return Account(
        slug=records.slug,
        title=records.title,
        period=records.period,
        threshold=threshold,
        generated_at=generated_at,
        perspectives=records.perspectives,
        purposes=purposes,
        outreach=_outreach(records, threshold),
        mechanisms=_mechanisms(records),
        decisions=decisions,
        sharing=_sharing(records.shared, records.publications),
        summary=summary,
    )


__all__ = ["Account", "ActivityRecord", "assemble", "hide_small"]
