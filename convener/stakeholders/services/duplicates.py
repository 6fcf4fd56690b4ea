"""Ask "this person?" before creating a record the registry may already hold (issue 16).

Every path that creates a registry record from a typed name (walk-in, worksheet feed, API
create) calls :func:`check_not_duplicate` first. It raises :class:`PossibleDuplicate` with the
records that may be the same one; the caller offers them as "this person?", and creates a new
record only when the person says it is someone else (``confirmed_new``).
"""

from __future__ import annotations

from convener.initiatives.models import Initiative
from convener.stakeholders.models import Kind, Stakeholder
from convener.stakeholders.selectors import possible_duplicates


class PossibleDuplicate(Exception):
    """The registry may already hold this record: offer ``matches`` before creating it."""

    def __init__(self, name: str, matches: list[Stakeholder]) -> None:
        super().__init__(name)
        self.name = name
        self.matches = matches


def check_not_duplicate(
    *,
    initiative: Initiative,
    name: str,
    email: str = "",
    phone: str = "",
    kind: str | None = Kind.PERSON,
    confirmed_new: bool = False,
) -> None:
    """Raise :class:`PossibleDuplicate` unless nobody matches or ``confirmed_new`` is set."""
    if confirmed_new:
        return
    matches = possible_duplicates(initiative, name=name, email=email, phone=phone, kind=kind)
    if matches:
        raise PossibleDuplicate(name, matches)
