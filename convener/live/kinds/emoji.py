"""A feeling in emoji: one emoji, or several when the item's ``max`` is above 1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import Add, Answer, PostedForm, check_most, check_options, is_int
from convener.live.kinds.multi import MULTI
from convener.live.kinds.single import OneChoice


def several(config: Mapping[str, Any]) -> bool:
    """Return whether the item takes several emoji (its ``max`` is above 1)."""
    most = config.get("max", 1)
    return is_int(most) and most > 1


class Emoji(OneChoice):
    key = "emoji"
    max_optional = True  # one emoji unless the facilitator allows more

    def typed_label(self, line: str) -> str:
        """Return the words of "🙂 | words" (the emoji stays the English one)."""
        return line.split("|")[1].strip() if "|" in line else line

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        keys = check_options(config, problems)
        for option in config.get("options") or []:
            if isinstance(option, dict) and not str(option.get("emoji", "")).strip():
                problems.append(_("Every emoji option needs its emoji."))
                break
        check_most(config, keys, 1, problems)

    def answer_form(self, config: Mapping[str, Any]) -> str:
        return MULTI.form if several(config) else self.form

    def sends_on_change(self, config: Mapping[str, Any]) -> bool:
        return not several(config)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        return (
            MULTI.read(config, post, text) if several(config) else super().read(config, post, text)
        )

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        if several(config):  # a list of keys, at most ``max``; one key alone is a list of one
            return MULTI.clean(config, [value] if isinstance(value, str) else value, text)
        return super().clean(config, value, text)

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        if isinstance(value, list):
            MULTI.contribute(config, value, add)
        else:
            super().contribute(config, value, add)

    def option_row(
        self, option: Mapping[str, Any], row: dict[str, Any], total: float, n: int
    ) -> dict[str, Any]:
        return {**row, "emoji": option.get("emoji", "")}


EMOJI = Emoji()
