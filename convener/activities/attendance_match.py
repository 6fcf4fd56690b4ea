"""Matching the people a meeting report names to the registry: plain functions over plain data.

E-mail first (exact, case-insensitive); then the name folded (no accents, case or punctuation,
device suffixes dropped), first exactly, then by RapidFuzz's ratio over the words in sorted
order (a token-sort ratio), so that word order ("Okafor, Chidi") and small spelling differences
do not matter. The thresholds are documented in docs/attendance-import.md; a test holds each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from convener.activities.meeting_reports import fold

# A fuzzy score at or above SURE, ahead of the next candidate by at least GAP, is a match;
# scores from MAYBE up are offered as candidates for the convener to choose from.
SURE = 92.0
MAYBE = 75.0
GAP = 5.0
MAX_CANDIDATES = 3

MATCHED = "matched"
NEW = "new"
AMBIGUOUS = "ambiguous"


def sort_tokens(folded: str) -> str:
    """Return the words in order, so that comparing two of these is a token-sort ratio.

    Sorting once per registry entry, rather than in the scorer for every pair, keeps a
    10,000-person registry at about a millisecond a look-up.
    """
    return " ".join(sorted(folded.split()))


@dataclass(frozen=True)
class Entry:
    """A person in the registry, as the matcher needs to know them."""

    id: int
    name: str
    email: str = ""


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    score: int


@dataclass(frozen=True)
class Match:
    status: str  # matched | new | ambiguous
    stakeholder_id: int | None = None
    candidates: tuple[Candidate, ...] = ()
    by: str = ""  # email | name | fuzzy, for the review page


@dataclass
class Registry:
    """The registry indexed once for many look-ups."""

    entries: dict[int, Entry]
    by_email: dict[str, list[int]] = field(default_factory=dict)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    folded: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Registry:
        registry = cls(entries={})
        for entry in entries:
            registry.entries[entry.id] = entry
            if entry.email:
                registry.by_email.setdefault(entry.email.strip().lower(), []).append(entry.id)
            name = fold(entry.name)
            registry.by_name.setdefault(name, []).append(entry.id)
            registry.folded.append(sort_tokens(name))
            registry.ids.append(entry.id)
        return registry

    def _candidate(self, entry_id: int, score: float) -> Candidate:
        return Candidate(id=entry_id, name=self.entries[entry_id].name, score=round(score))

    def match(self, names: Sequence[str], email: str = "") -> Match:
        """Match one person seen under ``names`` (best first) and maybe an e-mail."""
        email = email.strip().lower()
        if email:
            hits = self.by_email.get(email, [])
            if len(hits) == 1:
                return Match(MATCHED, hits[0], by="email")
            if len(hits) > 1:
                return Match(
                    AMBIGUOUS, candidates=tuple(self._candidate(i, 100) for i in hits), by="email"
                )
        for name in names:
            hits = self.by_name.get(fold(name), [])
            if len(hits) == 1:
                return Match(MATCHED, hits[0], by="name")
            if len(hits) > 1:
                return Match(
                    AMBIGUOUS, candidates=tuple(self._candidate(i, 100) for i in hits), by="name"
                )
        return self._fuzzy(names)

    def _fuzzy(self, names: Sequence[str]) -> Match:
        best: dict[int, float] = {}
        for name in names:
            query = sort_tokens(fold(name))
            if not query:
                continue
            for _choice, score, index in process.extract(
                query,
                self.folded,
                scorer=fuzz.ratio,
                limit=MAX_CANDIDATES + 1,
                score_cutoff=MAYBE,
            ):
                entry_id = self.ids[index]
                best[entry_id] = max(best.get(entry_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])[:MAX_CANDIDATES]
        if not ranked:
            return Match(NEW)
        top_id, top = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if top >= SURE and top - runner_up >= GAP:
            return Match(MATCHED, top_id, by="fuzzy")
        return Match(
            AMBIGUOUS, candidates=tuple(self._candidate(i, s) for i, s in ranked), by="fuzzy"
        )
