"""Staff screens lose their feed when their person loses access (issue 15, class "live").

A staff socket is authorised when it connects; what happens afterwards happens elsewhere: an
owner removes the person or changes their role (``initiatives``), or ends their sign-ins
(``accounts.sessions``). These receivers tell that person's open staff screens to check again
(``realtime.recheck_access``), after the change is committed.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from convener.accounts.sessions import sessions_ended
from convener.initiatives.models import Membership
from convener.live import realtime


def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    realtime.recheck_access(instance.user_id)


def _sessions_ended(sender: Any, user: Any, **kwargs: Any) -> None:
    realtime.recheck_access(user.pk)


def connect() -> None:
    """Connect the receivers (called from LiveConfig.ready; idempotent)."""
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="live.access.save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="live.access.del")
    sessions_ended.connect(_sessions_ended, dispatch_uid="live.access.sessions")
