"""Hooks other apps may listen to (consensus counts proposal votes, for instance).

``vote_recorded`` is sent after a vote is committed, with ``kind_sender(item.kind)`` as sender
(kwargs ``item``, ``participant``, ``value``, ``text``): connect with
``sender=kind_sender("<kind>")`` to hear only the votes on that kind of item, so a burst on an
ordinary poll costs listeners nothing. ``state_changed`` is sent after a facilitator action is
committed (sender=LiveSession; kwarg ``session``).
"""

import sys

from django.dispatch import Signal

vote_recorded = Signal()
state_changed = Signal()


def kind_sender(kind: str) -> str:
    """Return the sender object for votes on items of ``kind``.

    Signals match senders by identity, and a kind read from the database is a new string each
    time: interning makes every equal kind the same object.
    """
    return sys.intern(kind)
