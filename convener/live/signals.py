"""Hooks other apps may listen to (consensus counts proposal votes, for instance).

``vote_recorded`` is sent after a vote is committed (sender=Item; kwargs ``item``,
``participant``, ``value``, ``text``). ``state_changed`` is sent after a facilitator action
is committed (sender=LiveSession; kwarg ``session``).
"""

from django.dispatch import Signal

vote_recorded = Signal()
state_changed = Signal()
