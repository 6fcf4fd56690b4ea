"""The registry of worksheet feeds: what a worksheet section writes elsewhere.

A section of a worksheet definition may name a `feed:` key. The engine shows a button on that
section; pressing it calls the registered function inside a transaction, records an audit entry
and shows the messages the function returns. Feeds are registered from
`convener.toolkit.feeds` (imported by the app's `ready()`).

Contract: `func(worksheet=<Worksheet>, section_key=<str>, actor=<User>) -> FeedResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FeedResult:
    """What a feed did: rows created, rows linked to existing ones, and messages for people."""

    created: int = 0
    linked: int = 0
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Feed:
    """One registered feed."""

    key: str
    func: Callable[..., FeedResult]
    label: Any  # a lazy translated string


_FEEDS: dict[str, Feed] = {}


def register_feed(key: str, func: Callable[..., FeedResult], label: Any) -> None:
    """Register `func` as the feed named `key`, shown on its button as `label`."""
    _FEEDS[key] = Feed(key=key, func=func, label=label)


def get_feed(key: str) -> Feed | None:
    """Return the feed named `key`, or None when no app registered it."""
    return _FEEDS.get(key)


def feed_keys() -> list[str]:
    """Return the keys of every registered feed, sorted."""
    return sorted(_FEEDS)
