"""A position on a proposal: one choice, some of which need a reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import Answer, InvalidVote, PostedForm, check_options
from convener.live.kinds.single import OneChoice


class Proposal(OneChoice):
    key = "proposal"
    reason = True
    edited_here = False

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        check_options(config, problems)
        for option in config.get("options") or []:
            if isinstance(option, dict) and not isinstance(option.get("needs_reason", False), bool):
                problems.append(_("needs_reason must be true or false."))

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        return super().read(config, post, text)[0], text  # the text is the reason

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        value = super().clean(config, value, text)
        option = next(o for o in config["options"] if o["key"] == value)
        if option.get("needs_reason") and not text.strip():
            raise InvalidVote(_("Say why: this choice needs a reason."), "reason_required")
        return value


PROPOSAL = Proposal()
