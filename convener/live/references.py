"""Ids that other apps keep inside a live item's ``config``, checked against the initiative.

An item's settings are JSON, so a foreign key the database would check is, there, just a
number. An app that stores an id in the settings of one kind of item registers a checker here
(consensus does it for ``proposal_id``); :func:`config_problems` runs it whenever an item of
that kind is added or changed, so an id of another initiative is refused before it is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from convener.initiatives.models import Initiative

# kind → checker(initiative, config) returning what is wrong (empty when every id is ours)
Checker = Callable[[Initiative, Mapping[str, Any]], list[str]]
_checkers: dict[str, Checker] = {}


def register(kind: str, checker: Checker) -> None:
    """Check the ids inside the settings of every item of ``kind`` with ``checker``."""
    _checkers[kind] = checker


def config_problems(kind: str, config: Mapping[str, Any], initiative: Initiative) -> list[str]:
    """Return what is wrong with the ids inside ``config`` for an item of ``initiative``."""
    checker = _checkers.get(kind)
    return checker(initiative, config) if checker is not None else []


def checked_kinds() -> frozenset[str]:
    """Return the kinds whose settings carry ids (for the tests that try foreign ones)."""
    return frozenset(_checkers)
