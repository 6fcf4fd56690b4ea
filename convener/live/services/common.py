"""Shared by the live use cases: their error, the audit target, and the state bump."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import F

from convener.initiatives.models import Initiative
from convener.live import kinds, realtime, references
from convener.live.models import (
    Item,
    LiveSession,
)

TARGET = "live_session"


class LiveError(ValueError):
    """A request about a live session that is refused, with a message fit to show."""


def _bump(session: LiveSession) -> None:
    LiveSession.objects.filter(pk=session.pk).update(state_version=F("state_version") + 1)
    session.refresh_from_db(fields=["state_version"])
    realtime.push_state(session)


def _check_config(kind: str, config: Mapping[str, Any], initiative: Initiative) -> None:
    problems = kinds.validate_config(kind, config)
    if not problems and isinstance(config, Mapping):
        problems = references.config_problems(kind, config, initiative)
    if problems:
        raise LiveError(" ".join(problems))


def answer_shown(item: Item) -> bool:
    """Return whether the room has seen ``item``'s results or key (a quiz then takes no answers)."""
    return kinds.get(item.kind).quiz and (item.revealed or item.key_revealed)
