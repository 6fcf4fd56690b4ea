"""An answer in words, shown as a word cloud of the meaningful words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    DEFAULT_TEXT_LENGTH,
    MAX_TEXT_LENGTH,
    Add,
    Answer,
    InvalidAnswer,
    InvalidVote,
    Kind,
    PostedForm,
    Tallies,
    is_int,
)

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


def normalise_words(text: str) -> list[str]:
    """Return the distinct meaningful words of ``text``, lower-cased, in order of appearance."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    seen: list[str] = []
    for word in re.findall(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*", folded):
        word = word.replace("\u2019", "'")
        if len(word) > 1 and word not in STOP_WORDS and word not in seen:
            seen.append(word[:60])
    return seen


def word_cloud(counts: Mapping[str, int], *, limit: int = WORDS_SHOWN) -> list[dict[str, Any]]:
    """Return the ``limit`` most used words with a weight from 0 to 1 (the top word is 1)."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top = ranked[0][1] if ranked else 1
    return [{"word": w, "count": c, "weight": round(c / top, 3)} for w, c in ranked]


class OpenText(Kind):
    key = "open_text"
    form = "open_text"
    chart = "cloud"
    written = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        length = config.get("max_length", DEFAULT_TEXT_LENGTH)
        if not is_int(length) or not 1 <= length <= MAX_TEXT_LENGTH:
            problems.append(
                _("The longest answer must be between 1 and %(n)d characters.")
                % {"n": MAX_TEXT_LENGTH}
            )

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        if not text:
            raise InvalidAnswer(_("Write an answer first."))
        return text, text

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        if not isinstance(value, str) or not value.strip():
            raise InvalidVote(_("Write an answer first."))
        most = config.get("max_length", DEFAULT_TEXT_LENGTH)
        if len(value.strip()) > most:
            raise InvalidVote(_("Keep it to %(n)d characters.") % {"n": most})
        return value.strip()

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        for word in normalise_words(str(value)):
            add(f"w:{word}")

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        out["words"] = word_cloud(
            {k[2:]: c for k, (c, _t) in tallies.items() if k.startswith("w:") and c > 0}
        )


OPEN_TEXT = OpenText()
