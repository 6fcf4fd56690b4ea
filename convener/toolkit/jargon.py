"""Find glossary terms in a text, so that jargon stands out: pure functions, no database."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A piece of a text; ``term`` is the glossary term it matches, or "" for plain text."""

    text: str
    term: str = ""
    meaning: str = ""

    @property
    def is_jargon(self) -> bool:
        return bool(self.term)


def _pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    # Longest first, so that "family engagement plan" wins over "family engagement".
    cleaned = sorted({t.strip() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(t) for t in cleaned)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def highlight_jargon(text: str, terms: dict[str, str] | Iterable[str]) -> list[Segment]:
    """Split ``text`` into plain segments and segments that are glossary terms.

    ``terms`` is a mapping of term to meaning (or just the terms). Matches ignore case, never
    start or end inside a word, and prefer the longest term. Joining the segments' texts gives
    ``text`` back unchanged.
    """
    meanings = (
        {k.strip().casefold(): v for k, v in terms.items()}
        if isinstance(terms, dict)
        else {t.strip().casefold(): "" for t in terms if t}
    )
    pattern = _pattern(terms.keys() if isinstance(terms, dict) else meanings.keys())
    if pattern is None or not text:
        return [Segment(text)] if text else []
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        found = match.group(0)
        key = found.casefold()
        term = next((t for t in meanings if t == key), key)
        segments.append(Segment(found, term=term, meaning=meanings.get(term, "")))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def jargon_terms(text: str, terms: dict[str, str] | Iterable[str]) -> list[str]:
    """Return the distinct glossary terms found in ``text``, in order of first appearance."""
    seen: list[str] = []
    for segment in highlight_jargon(text, terms):
        if segment.is_jargon and segment.text.casefold() not in {s.casefold() for s in seen}:
            seen.append(segment.text)
    return seen
