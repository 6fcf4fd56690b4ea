"""Several choices among options, at most ``max`` of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    Add,
    Answer,
    InvalidAnswer,
    InvalidVote,
    PostedForm,
    check_most,
    check_options,
    option_keys,
)
from convener.live.kinds.single import Options


class Multi(Options):
    key = "multi"
    form = "choices"
    suggested_max = 3

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        keys = check_options(config, problems)
        check_most(config, keys, len(keys), problems)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        chosen = post.getlist("choice")
        if not chosen:
            raise InvalidAnswer(_("Choose at least one option."))
        return chosen, ""

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        keys = option_keys(config)
        most = config.get("max", len(keys))
        if not isinstance(value, list) or not value:
            raise InvalidVote(_("Choose at least one option."))
        if len(set(map(str, value))) != len(value) or not all(v in keys for v in value):
            raise InvalidVote(_("Choose each option at most once, from the list."))
        if len(value) > most:
            raise InvalidVote(_("Choose at most %(n)d options.") % {"n": most})
        return list(value)

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        for key in value:
            add(key)


MULTI = Multi()
