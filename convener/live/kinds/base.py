"""What every kind of live item shares: the ``Kind`` interface, refusals, and config helpers.

A kind is one object (a subclass of :class:`Kind`, one module per kind in this package,
registered in ``kinds.KINDS``) that owns every rule of that kind: what its settings must
hold, how a participant's form reads into an answer, what an answer counts for in the
tallies, how the tallies read back as results, which chart and which answer form show it.
Pure: plain data in, plain data out, no database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.utils.translation import gettext as _

Delta = dict[tuple[str, str], tuple[int, float]]
"""(bucket, key) → (change of count, change of total)."""

Tallies = Mapping[str, tuple[int, float]]
"""key → (count, total) within one bucket."""

Add = Callable[..., None]
"""``add(key, count=1, total=0.0)``: adds to one tally key of the answer's contribution."""

Answer = tuple[Any, str]
"""(vote value, text) read from a participant's form."""

EVERYONE = "*"
NO_PERSPECTIVE = "-"
ONE_DOT = "_"  # the statement key when a rating or 2x2 item has no statements
DEFAULT_TEXT_LENGTH = 280
MAX_TEXT_LENGTH = 2000


class InvalidVote(ValueError):
    """An answer that is refused, with a code and a message fit to show the participant."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.code = code
        self.message = message


class InvalidAnswer(ValueError):
    """The submitted form does not make an answer for this item."""


class PostedForm(Protocol):
    """What a kind reads from a participant's form (a Django ``QueryDict`` fits)."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list[Any]: ...


class Kind:
    """One kind of live item. Subclasses override what differs from these defaults."""

    key = ""
    votes = True
    """Whether participants answer it (prompts, slides and breakouts take no answers)."""
    quiz = False
    """Whether it has a right answer, scored and revealed."""
    form = ""
    """The answer form the participant fills (``live/_answer_form.html``, ``participant.js``)."""
    instant = False
    """Whether the form sends itself on every change (no "send" button needed)."""
    chart = "bars"
    """How its results are drawn (``views/charts.py``): bars, ratings, quadrants, scores, cloud."""
    bar_value = "count"
    """Which figure of a results row the bars show (``points`` for a ranking)."""
    ranked = False
    """Whether a participant's answer orders the options (shown in their chosen order)."""
    scale = False
    """Whether it is answered on a numeric scale (``min``..``max``)."""
    one_dot = False
    """Whether, without statements, it still takes one answer under the key ``_``."""
    pictures = False
    """Whether its options are pictures (shown as a grid of images)."""
    reason = False
    """Whether the participant may give a reason in words with the answer."""
    edited_here = True
    """Whether the agenda edits it (proposals are edited in the decisions app)."""
    groups = False
    """Whether it splits the participants into groups (each sees their own group)."""
    written = False
    """Whether its results list the answers as written (moderated by the facilitator)."""
    teaching = ""
    """Which teaching aid the presenter shows beside its results (``teaching.py``), if any."""
    drawn = False
    """Whether its statements may be drawn from the pack's leadership table (item form)."""
    suggested_max = 1
    """The ``max`` the item form suggests when the item has none yet."""
    max_optional = False
    """Whether the item form may leave ``max`` empty (then one choice)."""
    quadrant_labels = False
    """Whether its grid's four quadrants carry labels (``quadrant_labels``), in each language."""

    # --- Configuration ---

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        """Append to ``problems`` what is wrong with ``config`` for this kind."""

    def typed_label(self, line: str) -> str:
        """Return the option label in a line typed on the item form (a translation's line)."""
        return line

    def answer_form(self, config: Mapping[str, Any]) -> str:
        """Return the answer form for this item (an emoji item may take several emoji)."""
        return self.form

    def sends_on_change(self, config: Mapping[str, Any]) -> bool:
        """Return whether the answer form sends itself on every change."""
        return self.instant

    # --- Answers ---

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        """Return (value, text) from a participant's plain HTML form, or raise InvalidAnswer."""
        raise InvalidAnswer(_("This item takes no answers."))

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        """Return ``value`` in its stored form, or raise InvalidVote saying what is wrong."""
        raise InvalidVote(_("This item does not take answers."), "no_answers")

    def score(self, config: Mapping[str, Any], value: Any) -> float | None:
        """Return the share of right answers (0..1) for quiz kinds, None for the others."""
        return None

    def answer_key(self, config: Mapping[str, Any]) -> Any:
        """Return the right answer as results show it (None when the kind has none)."""
        return None

    def right_option(self, config: Mapping[str, Any]) -> str | None:
        """Return the key of the option row that is the right answer, if any."""
        return None

    def without_key(self, config: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``config`` without the answer key, explanation and speaker notes."""
        return {k: v for k, v in config.items() if k not in {"answer", "explanation", "notes"}}

    # --- Tallies and results ---

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        """Call ``add`` for each tally key one stored answer counts towards (``_n`` aside)."""

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        """Add this kind's results, read from one bucket's ``tallies``, into ``out``."""


# --- Helpers the kinds share ---


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def keyed(entries: list[Any], what: str, problems: list[str]) -> list[str]:
    """Return the keys of ``entries`` (each ``{"key", "label"}``), noting what is missing."""
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


def check_options(config: Mapping[str, Any], problems: list[str], *, minimum: int = 2) -> list[str]:
    options = config.get("options")
    if not isinstance(options, list) or len(options) < minimum:
        problems.append(_("Give at least %(n)d options.") % {"n": minimum})
        return []
    return keyed(options, _("option"), problems)


def check_statements(
    config: Mapping[str, Any], problems: list[str], *, required: bool
) -> list[str]:
    statements = config.get("statements")
    if statements is None and not required:
        return []
    if not isinstance(statements, list) or not statements:
        problems.append(_("Give at least one statement."))
        return []
    return keyed(statements, _("statement"), problems)


def check_most(
    config: Mapping[str, Any], keys: list[str], default: int, problems: list[str]
) -> None:
    most = config.get("max", default)
    if not is_int(most) or not 1 <= most <= max(1, len(keys)):
        problems.append(_("The maximum must be between 1 and the number of options."))


def option_keys(config: Mapping[str, Any]) -> list[str]:
    return [o["key"] for o in config.get("options") or [] if isinstance(o, dict) and "key" in o]


def statement_keys(config: Mapping[str, Any]) -> list[str]:
    keys = [s["key"] for s in config.get("statements") or [] if isinstance(s, dict)]
    return keys or [ONE_DOT]


def statement_answers(value: Any, config: Mapping[str, Any]) -> dict[str, Any]:
    """Check a {statement: answer} value's shape (partial answers allowed) and return it."""
    if not isinstance(value, dict) or not value:
        raise InvalidVote(_("Answer at least one statement."))
    if not set(value) <= set(statement_keys(config)):
        raise InvalidVote(_("Answer only the statements shown."))
    return value


def label(entry: Mapping[str, Any], language: str, config: Mapping[str, Any]) -> str:
    labels = (config.get("translations", {}).get(language) or {}).get("labels") or {}
    return str(labels.get(entry["key"], entry.get("label", entry["key"])))


def share(count: int, n: int) -> float:
    return round(count / n, 4) if n else 0.0


def counter(tallies: Tallies) -> tuple[Callable[[str], int], Callable[[str], float]]:
    """Return ``count(key)`` and ``total(key)`` readers over one bucket's tallies."""

    def count(key: str) -> int:
        return tallies.get(key, (0, 0.0))[0]

    def total(key: str) -> float:
        return tallies.get(key, (0, 0.0))[1]

    return count, total
