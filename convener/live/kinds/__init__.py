"""What each kind of live item accepts, how it scores, and how its tallies turn into results.

Pure functions over plain data (dicts, lists, numbers): no database, so every rule here is
tested fast and exhaustively. ``services`` stores votes and applies the tally deltas computed
here; ``selectors`` turns the stored tallies back into results with :func:`results`.

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

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

Delta = dict[tuple[str, str], tuple[int, float]]
"""(bucket, key) → (change of count, change of total)."""

Tallies = Mapping[str, tuple[int, float]]
"""key → (count, total) within one bucket."""

CHOICE_KINDS = frozenset({"single", "emoji", "image", "quiz", "proposal"})
QUIZ_KINDS = frozenset({"true_false", "quiz", "classify"})
NO_VOTE_KINDS = frozenset({"prompt", "slide", "breakout"})
VOTING_KINDS = frozenset(
    {"single", "multi", "emoji", "rating", "true_false", "quiz", "classify", "image"}
    | {"quadrant", "open_text", "ranking", "proposal"}
)
ALL_KINDS = VOTING_KINDS | NO_VOTE_KINDS
BREAKOUT_MODES = ("random", "perspective", "manual")
EVERYONE = "*"
NO_PERSPECTIVE = "-"
ONE_DOT = "_"  # the statement key when a rating or 2x2 item has no statements
DEFAULT_TEXT_LENGTH = 280
MAX_TEXT_LENGTH = 2000
WORDS_SHOWN = 60

# Words too common to say anything in a word cloud (English and Spanish).
STOP_WORDS = frozenset(
    """
    a about after all also am an and any are as at be because been but by can could do does
    for from had has have he her him his how i if in into is it its just me more most my no
    not of on or our out so some than that the their them then there these they this to too up
    us very was we were what when which who why will with would you your yours al algo como
    con de del el ella ellas ellos en entre era es esa ese eso esta este esto fue ha hay la
    las le les lo los mas me mi muy ni no nos o para pero por porque que se sin sobre son su
    sus te tu un una uno unos unas y ya yo
    """.split()  # noqa: SIM905 -- a word list reads best as text
)


class InvalidVote(ValueError):
    """An answer that is refused, with a code and a message fit to show the participant."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code
        self.message = message


# --- Configuration ---


def _options(config: Mapping[str, Any], problems: list[str], *, minimum: int = 2) -> list[str]:
    options = config.get("options")
    if not isinstance(options, list) or len(options) < minimum:
        problems.append(_("Give at least %(n)d options.") % {"n": minimum})
        return []
    return _keyed(options, _("option"), problems)


def _keyed(entries: list[Any], what: str, problems: list[str]) -> list[str]:
    keys: list[str] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(_("Each %(what)s needs a key and a label.") % {"what": what})
            continue
        key, label = entry.get("key"), entry.get("label")
        if not isinstance(key, str) or not key.strip():
            problems.append(
                _("%(what)s %(n)d has no key.") % {"what": what.capitalize(), "n": number}
            )
        elif key in keys:
            problems.append(_("The key %(key)s is used twice.") % {"key": key})
        else:
            keys.append(key)
        if not isinstance(label, str) or not label.strip():
            problems.append(
                _("%(what)s %(n)d has no label.") % {"what": what.capitalize(), "n": number}
            )
    return keys


def _statements(config: Mapping[str, Any], problems: list[str], *, required: bool) -> list[str]:
    statements = config.get("statements")
    if statements is None and not required:
        return []
    if not isinstance(statements, list) or not statements:
        problems.append(_("Give at least one statement."))
        return []
    return _keyed(statements, _("statement"), problems)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate_config(kind: str, config: Mapping[str, Any]) -> list[str]:
    """Return what is wrong with ``config`` for an item of ``kind`` (empty when it is valid)."""
    problems: list[str] = []
    if kind not in ALL_KINDS:
        return [_("Unknown kind of item: %(kind)s") % {"kind": kind}]
    if not isinstance(config, Mapping):
        return [_("The settings must be a mapping.")]
    if kind in {"single", "quiz", "ranking", "proposal"}:
        keys = _options(config, problems)
        if kind == "quiz" and config.get("answer") not in keys:
            problems.append(_("Choose which option is the right answer."))
        if kind == "proposal":
            for option in config.get("options") or []:
                if isinstance(option, dict) and not isinstance(
                    option.get("needs_reason", False), bool
                ):
                    problems.append(_("needs_reason must be true or false."))
    elif kind == "multi":
        keys = _options(config, problems)
        most = config.get("max", len(keys))
        if not _is_int(most) or not 1 <= most <= max(1, len(keys)):
            problems.append(_("The maximum must be between 1 and the number of options."))
    elif kind == "emoji":
        keys = _options(config, problems)
        for option in config.get("options") or []:
            if isinstance(option, dict) and not str(option.get("emoji", "")).strip():
                problems.append(_("Every emoji option needs its emoji."))
                break
        most = config.get("max", 1)
        if not _is_int(most) or not 1 <= most <= max(1, len(keys)):
            problems.append(_("The maximum must be between 1 and the number of options."))
    elif kind == "image":
        _options(config, problems)
        for option in config.get("options") or []:
            if not isinstance(option, dict):
                continue
            if not str(option.get("image", "")).strip():
                problems.append(_("Every image option needs an image."))
            if not str(option.get("alt", "")).strip():
                problems.append(
                    _("Describe every image in words (alt text): %(label)s")
                    % {"label": option.get("label") or option.get("key") or "?"}
                )
    elif kind == "rating":
        low, high = config.get("min", 1), config.get("max", 10)
        if not (_is_int(low) and _is_int(high) and -100 <= low < high <= 100):
            problems.append(_("The scale needs whole numbers with min below max."))
        _statements(config, problems, required=False)
    elif kind == "true_false":
        if not isinstance(config.get("answer"), bool):
            problems.append(_("Say whether the statement is true or false."))
    elif kind == "classify":
        categories = config.get("categories")
        if not isinstance(categories, list) or len(categories) < 2:
            problems.append(_("Give at least two categories."))
            category_keys: list[str] = []
        else:
            category_keys = _keyed(categories, _("category"), problems)
        _statements(config, problems, required=True)
        for statement in config.get("statements") or []:
            if isinstance(statement, dict) and statement.get("answer") not in category_keys:
                problems.append(
                    _("Give the right category of every statement: %(label)s")
                    % {"label": statement.get("label") or statement.get("key") or "?"}
                )
    elif kind == "quadrant":
        for axis in ("x_low", "x_high", "y_low", "y_high"):
            if not str(config.get(axis, "")).strip():
                problems.append(_("Name both ends of both axes."))
                break
        labels = config.get("quadrant_labels")
        if labels is not None and (
            not isinstance(labels, list)
            or len(labels) != 4
            or not all(isinstance(x, str) for x in labels)
        ):
            problems.append(_("Give four quadrant labels, or none."))
        _statements(config, problems, required=False)
    elif kind == "open_text":
        length = config.get("max_length", DEFAULT_TEXT_LENGTH)
        if not _is_int(length) or not 1 <= length <= MAX_TEXT_LENGTH:
            problems.append(
                _("The longest answer must be between 1 and %(n)d characters.")
                % {"n": MAX_TEXT_LENGTH}
            )
    elif kind == "breakout":
        if config.get("mode", "random") not in BREAKOUT_MODES:
            problems.append(_("Split groups at random, by perspective or by hand."))
        count = config.get("group_count", 2)
        if not _is_int(count) or not 1 <= count <= 100:
            problems.append(_("The number of groups must be between 1 and 100."))
        section = config.get("worksheet_section", "")
        if section and (not isinstance(section, str) or section.count(":") != 1):
            problems.append(_("A worksheet section looks like tool_key:section_key."))
    translations = config.get("translations", {})
    if not isinstance(translations, Mapping) or not all(
        isinstance(v, Mapping) for v in translations.values()
    ):
        problems.append(_("Translations must map a language to its texts."))
    return problems


# --- Values ---


def option_keys(config: Mapping[str, Any]) -> list[str]:
    return [o["key"] for o in config.get("options") or [] if isinstance(o, dict) and "key" in o]


def statement_keys(config: Mapping[str, Any]) -> list[str]:
    keys = [s["key"] for s in config.get("statements") or [] if isinstance(s, dict)]
    return keys or [ONE_DOT]


def several_emoji(kind: str, config: Mapping[str, Any]) -> bool:
    """Return whether an emoji item takes several emoji (its ``max`` is above 1)."""
    most = config.get("max", 1)
    return kind == "emoji" and _is_int(most) and most > 1


def clean_value(kind: str, config: Mapping[str, Any], value: Any, text: str = "") -> Any:
    """Return ``value`` in its stored form, or raise InvalidVote saying what is wrong."""
    if kind not in VOTING_KINDS:
        raise InvalidVote(_("This item does not take answers."), "no_answers")
    if several_emoji(kind, config):
        kind = "multi"  # a list of keys, at most ``max`` of them; one key alone is a list of one
        value = [value] if isinstance(value, str) else value
    if kind in CHOICE_KINDS:
        if not isinstance(value, str) or value not in option_keys(config):
            raise InvalidVote(_("Choose one of the options."))
        if kind == "proposal":
            option = next(o for o in config["options"] if o["key"] == value)
            if option.get("needs_reason") and not text.strip():
                raise InvalidVote(_("Say why: this choice needs a reason."), "reason_required")
        return value
    if kind == "multi":
        keys = option_keys(config)
        most = config.get("max", len(keys))
        if not isinstance(value, list) or not value:
            raise InvalidVote(_("Choose at least one option."))
        if len(set(map(str, value))) != len(value) or not all(v in keys for v in value):
            raise InvalidVote(_("Choose each option at most once, from the list."))
        if len(value) > most:
            raise InvalidVote(_("Choose at most %(n)d options.") % {"n": most})
        return list(value)
    if kind == "true_false":
        if not isinstance(value, bool):
            raise InvalidVote(_("Answer true or false."))
        return value
    if kind == "ranking":
        keys = option_keys(config)
        if not isinstance(value, list) or sorted(map(str, value)) != sorted(keys):
            raise InvalidVote(_("Put every option in order, each once."))
        return list(value)
    if kind == "open_text":
        if not isinstance(value, str) or not value.strip():
            raise InvalidVote(_("Write an answer first."))
        most = config.get("max_length", DEFAULT_TEXT_LENGTH)
        if len(value.strip()) > most:
            raise InvalidVote(_("Keep it to %(n)d characters.") % {"n": most})
        return value.strip()
    # rating, classify, quadrant: {statement: answer}, partial answers allowed.
    if not isinstance(value, dict) or not value:
        raise InvalidVote(_("Answer at least one statement."))
    allowed = set(statement_keys(config))
    if not set(value) <= allowed:
        raise InvalidVote(_("Answer only the statements shown."))
    if kind == "rating":
        low, high = config.get("min", 1), config.get("max", 10)
        if not all(_is_int(v) and low <= v <= high for v in value.values()):
            raise InvalidVote(_("Rate from %(low)d to %(high)d.") % {"low": low, "high": high})
        return dict(value)
    if kind == "classify":
        categories = {c["key"] for c in config.get("categories") or []}
        if not all(v in categories for v in value.values()):
            raise InvalidVote(_("Choose one of the categories for each statement."))
        return dict(value)
    # quadrant
    cleaned: dict[str, dict[str, float]] = {}
    for key, point in value.items():
        if not isinstance(point, dict) or not all(
            _is_number(point.get(axis)) and 0 <= point[axis] <= 100 for axis in ("x", "y")
        ):
            raise InvalidVote(_("Place each dot inside the grid."))
        cleaned[key] = {"x": float(point["x"]), "y": float(point["y"])}
    return cleaned


def score(kind: str, config: Mapping[str, Any], value: Any) -> float | None:
    """Return the share of right answers (0..1) for quiz kinds, None for the others."""
    if kind == "true_false":
        return 1.0 if value == config.get("answer") else 0.0
    if kind == "quiz":
        return 1.0 if value == config.get("answer") else 0.0
    if kind == "classify":
        statements = [s for s in config.get("statements") or [] if isinstance(s, dict)]
        if not statements:
            return None
        right = sum(1 for s in statements if value.get(s["key"]) == s.get("answer"))
        return right / len(statements)
    return None


def _right_count(config: Mapping[str, Any], value: Mapping[str, Any]) -> int:
    return sum(1 for s in config.get("statements") or [] if value.get(s["key"]) == s.get("answer"))


# --- Tallies ---


def normalise_words(text: str) -> list[str]:
    """Return the distinct meaningful words of ``text``, lower-cased, in order of appearance."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    seen: list[str] = []
    for word in re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", folded):
        word = word.replace("\u2019", "'")
        if len(word) > 1 and word not in STOP_WORDS and word not in seen:
            seen.append(word[:60])
    return seen


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

    if kind in CHOICE_KINDS and not isinstance(value, list):
        add(str(value))
    elif kind == "multi" or kind == "emoji":
        for key in value:
            add(key)
    elif kind == "true_false":
        add("true" if value else "false")
    elif kind == "rating":
        for key, rating in value.items():
            add(key, 1, float(rating))
            add(f"{key}={rating}")
    elif kind == "classify":
        for key, category in value.items():
            add(f"{key}={category}")
        add(f"score={_right_count(config, value)}")
    elif kind == "quadrant":
        for key, point in value.items():
            x, y = float(point["x"]), float(point["y"])
            add(key, 1, x)
            add(f"{key}.y", 1, y)
            add(f"{key}.xx", 1, x * x)
            add(f"{key}.yy", 1, y * y)
            add(f"{key}@q{quadrant_of(x, y)}")
    elif kind == "open_text":
        for word in normalise_words(str(value)):
            add(f"w:{word}")
    elif kind == "ranking":
        n = len(value)
        for position, key in enumerate(value):
            add(key, 1, float(n - position))
    points = score(kind, config, value)
    if points is not None:
        add("score", 1, points)
    return out


def quadrant_of(x: float, y: float) -> int:
    """Return 1 top-left, 2 top-right, 3 bottom-left, 4 bottom-right (y grows upwards)."""
    return (1 if y >= 50 else 3) + (1 if x >= 50 else 0)


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


def _label(entry: Mapping[str, Any], language: str, config: Mapping[str, Any]) -> str:
    labels = (config.get("translations", {}).get(language) or {}).get("labels") or {}
    return str(labels.get(entry["key"], entry.get("label", entry["key"])))


def _share(count: int, n: int) -> float:
    return round(count / n, 4) if n else 0.0


def results(
    kind: str, config: Mapping[str, Any], tallies: Tallies, *, language: str = "en"
) -> dict[str, Any]:
    """Return the results of one bucket from its tallies (key → (count, total))."""

    def count(key: str) -> int:
        return tallies.get(key, (0, 0.0))[0]

    def total(key: str) -> float:
        return tallies.get(key, (0, 0.0))[1]

    n = count("_n")
    out: dict[str, Any] = {"n": n}
    if kind in CHOICE_KINDS or kind in {"multi", "ranking"}:
        options = []
        for option in config.get("options") or []:
            row = {
                "key": option["key"],
                "label": _label(option, language, config),
                "count": count(option["key"]),
                "share": _share(count(option["key"]), n),
            }
            if kind == "emoji":
                row["emoji"] = option.get("emoji", "")
            if kind == "ranking":
                row["points"] = total(option["key"])
                row["mean_points"] = round(total(option["key"]) / n, 2) if n else 0.0
            options.append(row)
        if kind == "ranking":
            options.sort(key=lambda r: -r["points"])
        out["options"] = options
    elif kind == "true_false":
        out["options"] = [
            {"key": key, "label": label, "count": count(key), "share": _share(count(key), n)}
            for key, label in (("true", _("True")), ("false", _("False")))
        ]
    elif kind == "rating":
        low, high = config.get("min", 1), config.get("max", 10)
        rows = []
        for statement in config.get("statements") or [{"key": ONE_DOT, "label": ""}]:
            key = statement["key"]
            answered = count(key)
            rows.append(
                {
                    "key": key,
                    "label": _label(statement, language, config),
                    "count": answered,
                    "mean": round(total(key) / answered, 2) if answered else None,
                    "distribution": [
                        {"value": v, "count": count(f"{key}={v}")} for v in range(low, high + 1)
                    ],
                }
            )
        out["statements"] = rows
    elif kind == "classify":
        categories = config.get("categories") or []
        rows = []
        for statement in config.get("statements") or []:
            key = statement["key"]
            per = [(c, count(f"{key}={c['key']}")) for c in categories]
            answered = sum(c for _cat, c in per)
            rows.append(
                {
                    "key": key,
                    "label": _label(statement, language, config),
                    "count": answered,
                    "categories": [
                        {
                            "key": c["key"],
                            "label": _label(c, language, config),
                            "count": k,
                            "share": _share(k, answered),
                        }
                        for c, k in per
                    ],
                }
            )
        out["statements"] = rows
        statements = len(config.get("statements") or [])
        out["score_distribution"] = [
            {"right": k, "count": count(f"score={k}")} for k in range(statements + 1)
        ]
    elif kind == "quadrant":
        rows = []
        for statement in config.get("statements") or [{"key": ONE_DOT, "label": ""}]:
            key = statement["key"]
            dots = count(key)
            spot: dict[str, Any] = {
                "key": key,
                "label": _label(statement, language, config),
                "count": dots,
                "quadrants": [count(f"{key}@q{q}") for q in (1, 2, 3, 4)],
                "centroid": None,
                "spread": None,
            }
            if dots:
                mx, my = total(key) / dots, total(f"{key}.y") / dots
                spot["centroid"] = {"x": round(mx, 1), "y": round(my, 1)}
                spot["spread"] = {
                    "x": round(math.sqrt(max(0.0, total(f"{key}.xx") / dots - mx * mx)), 1),
                    "y": round(math.sqrt(max(0.0, total(f"{key}.yy") / dots - my * my)), 1),
                }
            rows.append(spot)
        out["statements"] = rows
    elif kind == "open_text":
        out["words"] = word_cloud(
            {k[2:]: c for k, (c, _t) in tallies.items() if k.startswith("w:") and c > 0}
        )
    if kind in QUIZ_KINDS:
        scored = count("score")
        out["mean_score"] = round(total("score") / scored, 4) if scored else None
    return out


def word_cloud(counts: Mapping[str, int], *, limit: int = WORDS_SHOWN) -> list[dict[str, Any]]:
    """Return the ``limit`` most used words with a weight from 0 to 1 (the top word is 1)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = ranked[0][1] if ranked else 1
    return [{"word": w, "count": c, "weight": round(c / top, 3)} for w, c in ranked]


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
    out = {k: v for k, v in config.items() if k not in {"answer", "explanation", "notes"}}
    if kind == "classify":
        out["statements"] = [
            {k: v for k, v in s.items() if k != "answer"} for s in config.get("statements") or []
        ]
    return out


def breakout_groups(
    members: Iterable[tuple[int, str]], group_count: int, *, by_perspective: bool, seed: int
) -> list[list[int]]:
    """Split (participant id, perspective key) pairs into ``group_count`` groups.

    At random: shuffled, then dealt like cards. By perspective: each perspective is dealt in
    turn, so every group gets a mix of perspectives (convening brings them together).
    """
    import random

    rng = random.Random(seed)  # noqa: S311 -- fair shuffling, not a secret
    people = list(members)
    rng.shuffle(people)
    if by_perspective:
        people.sort(key=lambda p: p[1])
    groups: list[list[int]] = [[] for _ in range(max(1, group_count))]
    for index, (pid, _perspective) in enumerate(people):
        groups[index % len(groups)].append(pid)
    return groups
