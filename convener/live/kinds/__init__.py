"""What each kind of live item accepts, how it scores, and how its tallies turn into results.

One module per kind (``single``, ``multi``, ``emoji``, ``image``, ``quiz``, ``proposal``,
``true_false``, ``rating``, ``classify``, ``quadrant``, ``open_text``, ``ranking``, ``prompt``,
``slide``, ``breakout``) holds all of that kind's rules, registered in :data:`KINDS`; the
functions here look the kind up and ask it. Pure functions over plain data (dicts, lists,
numbers): no database, so every rule is tested fast and exhaustively. ``services`` stores
votes and applies the tally deltas computed here; ``selectors`` turns the stored tallies back
into results with :func:`results`; ``views`` ask :func:`get` which form and chart to show.

Tally keys per kind (within one perspective bucket, ``"*"`` being everyone):

- every vote: ``_n`` (one per participant who answered)
- single, emoji, image, quiz, proposal: the option key; multi (and an emoji item whose
  ``max`` is above 1, answered with a list): each chosen key
- rating: ``<statement>`` (count, total → mean) and ``<statement>=<value>`` (distribution)
- true_false: ``true`` / ``false``
- classify: ``<statement>=<category>``, and ``score=<number right>``
- quadrant: ``<statement>`` (count, Σx), ``<statement>.y`` (Σy), ``<statement>.xx`` (Σx²),
  ``<statement>.yy`` (Σy²) and ``<statement>@q1..4`` (top-left, top-right, bottom-left,
  bottom-right)
- open_text: ``w:<word>`` for each distinct word that is not a stop word
- ranking: the option key, with total = Borda points (first of n gets n, last gets 1)
- quiz kinds also ``score`` (count, Σscore) for the mean score
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    DEFAULT_TEXT_LENGTH,
    EVERYONE,
    MAX_TEXT_LENGTH,
    NO_PERSPECTIVE,
    ONE_DOT,
    Delta,
    InvalidAnswer,
    InvalidVote,
    Kind,
    PostedForm,
    Tallies,
    option_keys,
    statement_keys,
)
from convener.live.kinds.breakout import BREAKOUT, BREAKOUT_MODES, breakout_groups
from convener.live.kinds.classify import CLASSIFY
from convener.live.kinds.emoji import EMOJI
from convener.live.kinds.emoji import several as _several
from convener.live.kinds.image import IMAGE
from convener.live.kinds.multi import MULTI
from convener.live.kinds.open_text import OPEN_TEXT, WORDS_SHOWN, normalise_words, word_cloud
from convener.live.kinds.prompt import PROMPT
from convener.live.kinds.proposal import PROPOSAL
from convener.live.kinds.quadrant import QUADRANT, quadrant_of
from convener.live.kinds.quiz import QUIZ
from convener.live.kinds.ranking import RANKING
from convener.live.kinds.rating import RATING
from convener.live.kinds.single import SINGLE
from convener.live.kinds.slide import SLIDE
from convener.live.kinds.true_false import TRUE_FALSE

__all__ = [
    "ALL_KINDS",
    "BREAKOUT_MODES",
    "CHOICE_KINDS",
    "DEFAULT_TEXT_LENGTH",
    "EVERYONE",
    "KINDS",
    "MAX_TEXT_LENGTH",
    "NO_PERSPECTIVE",
    "NO_VOTE_KINDS",
    "ONE_DOT",
    "QUIZ_KINDS",
    "VOTING_KINDS",
    "WORDS_SHOWN",
    "Delta",
    "InvalidAnswer",
    "InvalidVote",
    "Kind",
    "Tallies",
    "breakout_groups",
    "clean_value",
    "contributions",
    "get",
    "localise",
    "merge",
    "normalise_words",
    "option_keys",
    "quadrant_of",
    "read_answer",
    "results",
    "score",
    "several_emoji",
    "statement_keys",
    "suppressed_buckets",
    "validate_config",
    "vote_delta",
    "without_key",
    "word_cloud",
]

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        SINGLE, MULTI, EMOJI, RATING, TRUE_FALSE, QUIZ, CLASSIFY, IMAGE,
        QUADRANT, OPEN_TEXT, RANKING, PROPOSAL, PROMPT, SLIDE, BREAKOUT,
    )
}  # fmt: skip
"""Every kind of live item, by its key (``Item.kind``): the one table of their rules."""

ALL_KINDS = frozenset(KINDS)
VOTING_KINDS = frozenset(key for key, kind in KINDS.items() if kind.votes)
NO_VOTE_KINDS = ALL_KINDS - VOTING_KINDS
QUIZ_KINDS = frozenset(key for key, kind in KINDS.items() if kind.quiz)
CHOICE_KINDS = frozenset(key for key, kind in KINDS.items() if kind.form == "choice")

_UNKNOWN = Kind()  # takes no answers and has no results: what an unknown kind gets


def get(kind: str) -> Kind:
    """Return the rules of ``kind`` (an unknown kind takes no answers and shows nothing)."""
    return KINDS.get(kind, _UNKNOWN)


# --- Configuration ---


def validate_config(kind: str, config: Mapping[str, Any]) -> list[str]:
    """Return what is wrong with ``config`` for an item of ``kind`` (empty when it is valid)."""
    problems: list[str] = []
    if kind not in KINDS:
        return [_("Unknown kind of item: %(kind)s") % {"kind": kind}]
    if not isinstance(config, Mapping):
        return [_("The settings must be a mapping.")]
    KINDS[kind].check(config, problems)
    translations = config.get("translations", {})
    if not isinstance(translations, Mapping) or not all(
        isinstance(v, Mapping) for v in translations.values()
    ):
        problems.append(_("Translations must map a language to its texts."))
    return problems


# --- Values ---


def several_emoji(kind: str, config: Mapping[str, Any]) -> bool:
    """Return whether an emoji item takes several emoji (its ``max`` is above 1)."""
    return kind == EMOJI.key and _several(config)


def read_answer(kind: str, config: Mapping[str, Any], post: PostedForm) -> tuple[Any, str]:
    """Return (value, text) from a participant's plain HTML form, or raise InvalidAnswer."""
    return get(kind).read(config, post, (post.get("text") or "").strip())


def clean_value(kind: str, config: Mapping[str, Any], value: Any, text: str = "") -> Any:
    """Return ``value`` in its stored form, or raise InvalidVote saying what is wrong."""
    return get(kind).clean(config, value, text)


def score(kind: str, config: Mapping[str, Any], value: Any) -> float | None:
    """Return the share of right answers (0..1) for quiz kinds, None for the others."""
    return get(kind).score(config, value)


# --- Tallies ---


def contributions(
    kind: str, config: Mapping[str, Any], value: Any, *, hidden: bool = False
) -> dict[str, tuple[int, float]]:
    """Return what one stored answer adds to its bucket: key → (count, total)."""
    out: dict[str, tuple[int, float]] = {"_n": (1, 0.0)}
    if hidden:  # a hidden open-text answer still counts as answered, but not in the cloud
        return out

    def add(key: str, count: int = 1, total: float = 0.0) -> None:
        c, t = out.get(key, (0, 0.0))
        out[key] = (c + count, t + total)

    rules = get(kind)
    rules.contribute(config, value, add)
    points = rules.score(config, value)
    if points is not None:
        add("score", 1, points)
    return out


def vote_delta(
    kind: str,
    config: Mapping[str, Any],
    *,
    old: Any = None,
    new: Any = None,
    bucket: str,
    old_hidden: bool = False,
    new_hidden: bool = False,
) -> Delta:
    """Return the tally changes for storing ``new`` in place of ``old`` (either may be None).

    A first answer has ``old=None``; changing an answer subtracts the old one and adds the new
    one, so each participant is counted once. Zero changes are left out.
    """
    delta: dict[tuple[str, str], tuple[float, float]] = {}
    for sign, value, hidden in ((-1, old, old_hidden), (1, new, new_hidden)):
        if value is None:
            continue
        for key, (count, total) in contributions(kind, config, value, hidden=hidden).items():
            for b in {EVERYONE, bucket}:
                c, t = delta.get((b, key), (0, 0.0))
                delta[(b, key)] = (c + sign * count, t + sign * total)
    return {k: (int(c), float(t)) for k, (c, t) in delta.items() if c != 0 or abs(t) > 1e-9}


def merge(into: Delta, more: Mapping[tuple[str, str], tuple[int, float]]) -> Delta:
    """Add ``more`` into ``into`` (in place) and return it."""
    for key, (count, total) in more.items():
        c, t = into.get(key, (0, 0.0))
        into[key] = (c + count, t + total)
    return into


# --- Results ---


def results(
    kind: str, config: Mapping[str, Any], tallies: Tallies, *, language: str = "en"
) -> dict[str, Any]:
    """Return the results of one bucket from its tallies (key → (count, total))."""
    rules = get(kind)
    out: dict[str, Any] = {"n": tallies.get("_n", (0, 0.0))[0]}
    rules.shape(config, tallies, language, out)
    if rules.quiz:
        scored, total = tallies.get("score", (0, 0.0))
        out["mean_score"] = round(total / scored, 4) if scored else None
    return out


def suppressed_buckets(sizes: Mapping[str, int], threshold: int) -> set[str]:
    """Return the perspective buckets to hide because they are smaller than ``threshold``.

    When only one group would be hidden, its figures could be worked out by subtracting the
    others from the total, so the next smallest group is hidden with it.
    """
    small = {key for key, size in sizes.items() if 0 < size < threshold}
    if len(small) == 1:
        others = sorted((size, key) for key, size in sizes.items() if key not in small and size > 0)
        if others:
            small.add(others[0][1])
    return small


def localise(kind: str, config: Mapping[str, Any], prompt: str, language: str) -> tuple[str, Any]:
    """Return the prompt and config texts in ``language`` when the item has them."""
    texts = (config.get("translations") or {}).get(language)
    if not texts:
        return prompt, dict(config)
    labels = texts.get("labels") or {}
    out = {k: v for k, v in config.items() if k != "translations"}
    for field in ("options", "statements", "categories"):
        if isinstance(out.get(field), list):
            out[field] = [
                {**e, "label": labels.get(e.get("key"), e.get("label"))}
                if isinstance(e, dict)
                else e
                for e in out[field]
            ]
    for field in ("explanation", "body", "notes", "low_label", "high_label"):
        if texts.get(field):
            out[field] = texts[field]
    for field in ("x_low", "x_high", "y_low", "y_high", "quadrant_labels"):
        if texts.get(field):
            out[field] = texts[field]
    if texts.get("group_prompt"):
        out["prompt"] = texts["group_prompt"]
    if texts.get("alt") and isinstance(out.get("options"), list):
        out["options"] = [
            {**o, "alt": texts["alt"].get(o.get("key"), o.get("alt"))} for o in out["options"]
        ]
    return str(texts.get("prompt") or prompt), out


def without_key(kind: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``config`` without the answer key and explanation (before the reveal) or notes.

    Speaker notes are for the facilitator only; participants never receive them.
    """
    return get(kind).without_key(config)
