"""One choice among options: the single-choice item, and the base of the other choice kinds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    Add,
    Answer,
    InvalidAnswer,
    InvalidVote,
    Kind,
    PostedForm,
    Tallies,
    check_options,
    counter,
    label,
    option_keys,
    share,
)


class Options(Kind):
    """A kind whose results are one row per option (count and share of those who answered)."""

    def option_row(
        self, option: Mapping[str, Any], row: dict[str, Any], total: float, n: int
    ) -> dict[str, Any]:
        """Return the results row of one option (kinds add their own figures)."""
        return row

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        count, total = counter(tallies)
        n = out["n"]
        out["options"] = [
            self.option_row(
                option,
                {
                    "key": option["key"],
                    "label": label(option, language, config),
                    "count": count(option["key"]),
                    "share": share(count(option["key"]), n),
                },
                total(option["key"]),
                n,
            )
            for option in config.get("options") or []
        ]


class OneChoice(Options):
    key = "single"
    form = "choice"
    instant = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        check_options(config, problems)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        choice = post.get("choice")
        if not choice:
            raise InvalidAnswer(_("Choose one of the options."))
        return choice, ""

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        if not isinstance(value, str) or value not in option_keys(config):
            raise InvalidVote(_("Choose one of the options."))
        return value

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        add(str(value))


SINGLE = OneChoice()
