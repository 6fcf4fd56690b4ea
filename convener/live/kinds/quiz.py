"""A quiz question: one choice, one of them right."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import check_options
from convener.live.kinds.single import OneChoice


class Quiz(OneChoice):
    key = "quiz"
    quiz = True

    def typed_label(self, line: str) -> str:
        return line.lstrip("*").strip()  # the asterisk marks the answer in English only

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        if config.get("answer") not in check_options(config, problems):
            problems.append(_("Choose which option is the right answer."))

    def score(self, config: Mapping[str, Any], value: Any) -> float | None:
        return 1.0 if value == config.get("answer") else 0.0

    def answer_key(self, config: Mapping[str, Any]) -> Any:
        return config.get("answer")

    def right_option(self, config: Mapping[str, Any]) -> str | None:
        return config.get("answer")


QUIZ = Quiz()
