"""Is this someone already in the registry? Pure matching over plain data (issue 16).

Everything that can create a person (a walk-in at check-in, a worksheet feed, a registry
import, an API create, and later attendance from meeting reports) asks :func:`find_matches`
first and offers what it returns as "this person?" before creating anyone.

Two records match when any of these holds:

- the same e-mail address (case-insensitive);
- the same phone number (digits only; a leading country code is ignored);
- names that read the same once case, accents, punctuation, honorifics and word order are
  set aside, scored with rapidfuzz's token-sort ratio (``NAME_THRESHOLD`` out of 100), so
  "Dr. Priya Natarajan", "priya natarajan" and "Natarajan, Priya" are one name, while
  "Ana Ruiz" and "Ana Ortiz" are two.

No database here: callers pass :class:`Candidate` rows (see ``selectors.match_candidates``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

NAME_THRESHOLD = 92.0  # token-sort ratio out of 100 at which two names count as one
MIN_PHONE_DIGITS = 7  # shorter numbers (extensions, typos) never match on their own
PHONE_DIGITS_COMPARED = 10  # the national number; a country code in front is ignored
MAX_MATCHES = 5

# Titles left out before comparing names (English and Spanish, folded).
HONORIFICS = frozenset(
    {"dr", "dra", "mr", "mrs", "ms", "mx", "miss", "prof", "sr", "sra", "srta", "don", "dona"}
)

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_NOT_DIGIT = re.compile(r"\D+")


@dataclass(frozen=True)
class Candidate:
    """A registry record as matching sees it."""

    id: int
    name: str
    email: str = ""
    phone: str = ""
    kind: str = "person"
    organization: str = ""


@dataclass(frozen=True)
class Match:
    """A candidate that may be the person being added, and why."""

    candidate: Candidate
    reasons: tuple[str, ...]  # "email", "phone" and/or "name", strongest first
    name_score: float  # 0-100

    @property
    def strong(self) -> bool:
        """Return whether a contact detail (not only the name) matched."""
        return "email" in self.reasons or "phone" in self.reasons


def fold(text: str) -> str:
    """Return ``text`` lower-case, without accents, punctuation as single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def name_key(name: str) -> str:
    """Return ``name`` folded, without honorifics, its words in alphabetical order."""
    words = [w for w in fold(name).split() if w not in HONORIFICS]
    return " ".join(sorted(words))


def phone_key(phone: str) -> str:
    """Return the last digits of ``phone`` that identify it, or "" when too short."""
    digits = _NOT_DIGIT.sub("", phone or "")
    return digits[-PHONE_DIGITS_COMPARED:] if len(digits) >= MIN_PHONE_DIGITS else ""


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


def name_score(a: str, b: str) -> float:
    """Return how alike two names read, 0-100 (100: the same once folded)."""
    left, right = name_key(a), name_key(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 100.0
    return float(fuzz.token_sort_ratio(left, right))


@dataclass(frozen=True)
class Index:
    """Candidates with their keys computed once, for matching many rows (an import)."""

    candidates: tuple[Candidate, ...]
    name_keys: tuple[str, ...]
    by_name: dict[str, list[int]]  # name key -> positions in ``candidates``
    by_email: dict[str, list[int]]
    by_phone: dict[str, list[int]]


def build_index(candidates: Iterable[Candidate]) -> Index:
    """Return an :class:`Index` of ``candidates``."""
    rows = tuple(candidates)
    by_name: dict[str, list[int]] = {}
    by_email: dict[str, list[int]] = {}
    by_phone: dict[str, list[int]] = {}
    keys = []
    for position, candidate in enumerate(rows):
        key = name_key(candidate.name)
        keys.append(key)
        for table, value in (
            (by_name, key),
            (by_email, email_key(candidate.email)),
            (by_phone, phone_key(candidate.phone)),
        ):
            if value:
                table.setdefault(value, []).append(position)
    return Index(rows, tuple(keys), by_name, by_email, by_phone)


def find_matches(
    *,
    name: str,
    candidates: Iterable[Candidate] | Index,
    email: str = "",
    phone: str = "",
    kind: str | None = None,
    threshold: float = NAME_THRESHOLD,
) -> list[Match]:
    """Return the candidates that may be the record described, best first (at most five).

    ``kind`` ("person" or "organization") keeps name-only matches to records of that kind; a
    shared e-mail or phone matches whatever the kind. ``threshold`` 100 matches names only
    when they read the same (no typo allowance), which needs no fuzzy scoring at all.
    """
    index = candidates if isinstance(candidates, Index) else build_index(candidates)
    key, mail, tel = name_key(name), email_key(email), phone_key(phone)
    reasons: dict[int, list[str]] = {}
    for reason, hits in (
        ("email", index.by_email.get(mail, []) if mail else []),
        ("phone", index.by_phone.get(tel, []) if tel else []),
    ):
        for position in hits:
            reasons.setdefault(position, []).append(reason)
    scores: dict[int, float] = {p: 100.0 for p in index.by_name.get(key, [])} if key else {}
    if key and threshold < 100:
        for _choice, score, position in process.extract(
            key, index.name_keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
        ):
            scores.setdefault(position, float(score))
    for position in scores:
        if kind is None or index.candidates[position].kind == kind:
            reasons.setdefault(position, []).append("name")
    found = [
        Match(
            candidate=index.candidates[position],
            reasons=tuple(why),
            name_score=scores.get(position) or name_score(name, index.candidates[position].name),
        )
        for position, why in reasons.items()
    ]
    found.sort(key=lambda m: (-len(m.reasons), not m.strong, -m.name_score, m.candidate.id))
    return found[:MAX_MATCHES]
