"""A statement to call true or false; one of the two is right."""

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
    counter,
    share,
)


class TrueFalse(Kind):
    key = "true_false"
    form = "true_false"
    instant = True
    quiz = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        if not isinstance(config.get("answer"), bool):
            problems.append(_("Say whether the statement is true or false."))

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        if post.get("choice") not in ("true", "false"):
            raise InvalidAnswer(_("Choose true or false."))
        return post.get("choice") == "true", ""

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        if not isinstance(value, bool):
            raise InvalidVote(_("Answer true or false."))
        return value

    def score(self, config: Mapping[str, Any], value: Any) -> float | None:
        return 1.0 if value == config.get("answer") else 0.0

    def answer_key(self, config: Mapping[str, Any]) -> Any:
        return config.get("answer")

    def right_option(self, config: Mapping[str, Any]) -> str | None:
        return "true" if config.get("answer") is True else "false"

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        add("true" if value else "false")

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        count, _total = counter(tallies)
        n = out["n"]
        out["options"] = [
            {"key": key, "label": label, "count": count(key), "share": share(count(key), n)}
            for key, label in (("true", _("True")), ("false", _("False")))
        ]


TRUE_FALSE = TrueFalse()
