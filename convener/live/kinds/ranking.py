"""Options put in order; each scores Borda points (first of n gets n, last gets 1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    Add,
    Answer,
    InvalidVote,
    PostedForm,
    Tallies,
    check_options,
    option_keys,
)
from convener.live.kinds.single import Options


class Ranking(Options):
    key = "ranking"
    form = "ranking"
    bar_value = "points"
    ranked = True
    teaching = "ranking"

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        check_options(config, problems)

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        positions = []
        for number, option in enumerate(config.get("options", [])):
            try:
                place = int(post.get(f"rank:{option['key']}") or 0)
            except ValueError:
                place = 0
            # Unranked options follow the ranked ones, in the order they are listed.
            positions.append((place or 1000 + number, number, option["key"]))
        return [key for _place, _n, key in sorted(positions)], ""

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        keys = option_keys(config)
        if not isinstance(value, list) or sorted(map(str, value)) != sorted(keys):
            raise InvalidVote(_("Put every option in order, each once."))
        return list(value)

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        n = len(value)
        for position, key in enumerate(value):
            add(key, 1, float(n - position))

    def option_row(
        self, option: Mapping[str, Any], row: dict[str, Any], total: float, n: int
    ) -> dict[str, Any]:
        return {**row, "points": total, "mean_points": round(total / n, 2) if n else 0.0}

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        super().shape(config, tallies, language, out)
        out["options"].sort(key=lambda r: -r["points"])


RANKING = Ranking()
