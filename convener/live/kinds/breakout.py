"""Breakout groups: the room split into groups (at random, by perspective or by hand)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import Kind, is_int

BREAKOUT_MODES = ("random", "perspective", "manual")


class Breakout(Kind):
    key = "breakout"
    votes = False
    groups = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        if config.get("mode", "random") not in BREAKOUT_MODES:
            problems.append(_("Split groups at random, by perspective or by hand."))
        count = config.get("group_count", 2)
        if not is_int(count) or not 1 <= count <= 100:
            problems.append(_("The number of groups must be between 1 and 100."))
        section = config.get("worksheet_section", "")
        if section and (not isinstance(section, str) or section.count(":") != 1):
            problems.append(_("A worksheet section looks like tool_key:section_key."))


BREAKOUT = Breakout()


def breakout_groups(
    members: Iterable[tuple[int, str]], group_count: int, *, by_perspective: bool, seed: int
) -> list[list[int]]:
    """Split (participant id, perspective key) pairs into ``group_count`` groups.

    At random: shuffled, then dealt like cards. By perspective: each perspective is dealt in
    turn, so every group gets a mix of perspectives (convening brings them together).
    """
    rng = random.Random(seed)  # noqa: S311 -- fair shuffling, not a secret
    people = list(members)
    rng.shuffle(people)
    if by_perspective:
        people.sort(key=lambda p: p[1])
    groups: list[list[int]] = [[] for _ in range(max(1, group_count))]
    for index, (pid, _perspective) in enumerate(people):
        groups[index % len(groups)].append(pid)
    return groups
