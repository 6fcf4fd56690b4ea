"""Questions a feed asks before it adds a typed name to the registry (issue 16).

A feed that meets a name it cannot find in the registry does not guess: when the name may be
someone already there ("this person?"), or when the section cannot tell a person from a group,
the name is set aside as a :class:`NewName`. ``services.run_feed`` then rolls the whole run back
and raises :class:`FeedQuestions`; the page asks, and the feed runs again with the ``answers``
(by ``matching.name_key``: a registry id, ``"person"`` or ``"organization"``).

The answers travel in a context variable so that the feed functions keep their one contract
(``apply(initiative=, actor=, values=)``); only :func:`answering` sets it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from convener.stakeholders.matching import name_key
from convener.stakeholders.models import Stakeholder


@dataclass
class NewName:
    """A name typed into a worksheet that the registry does not clearly hold."""

    name: str
    matches: list[Stakeholder] = field(default_factory=list)
    ask_kind: bool = False

    @property
    def key(self) -> str:
        return name_key(self.name)


class FeedQuestions(Exception):
    """The feed needs answers about ``names`` before it writes anything."""

    def __init__(self, names: list[NewName]) -> None:
        super().__init__(", ".join(n.name for n in names))
        self.names = names


@dataclass
class _Run:
    answers: Mapping[str, str]
    asked: dict[str, NewName] = field(default_factory=dict)


_run: ContextVar[_Run | None] = ContextVar("feed_run", default=None)


@contextmanager
def answering(answers: Mapping[str, str]) -> Iterator[list[NewName]]:
    """Run a feed with ``answers``; yield the list the names still to ask about fill."""
    run = _Run(answers=answers)
    token = _run.set(run)
    names: list[NewName] = []
    try:
        yield names
    finally:
        _run.reset(token)
        names.extend(run.asked.values())


def answer_for(name: str) -> str | None:
    """Return the answer given for ``name`` in this run, or None."""
    run = _run.get()
    return run.answers.get(name_key(name)) if run is not None else None


def ask(new: NewName) -> None:
    """Set ``new`` aside to be asked about (once per name and run)."""
    run = _run.get()
    if run is not None:
        run.asked.setdefault(new.key, new)


def asking() -> bool:
    """Return whether this feed run asks about new names (the page does; the demo does not)."""
    return _run.get() is not None
