"""Rate limits, counted by django-ratelimit in the shared cache (``CACHES["default"]``).

Every throttle of the site goes through :func:`over_limit`, so its count lives where every web
and worker process sees it: Redis when ``REDIS_URL`` is set, the database cache otherwise.
Limits hold across workers; with the database cache two attempts at the very same moment may
count once (its increment is a read and a write), with Redis every attempt counts.

Throttles are keyed by what is attacked (a personal link, a session, a participant) and, where
guessing is the threat, by the client's address (the same address the sign-in lockout uses).
Never by address alone where a room of people shares one network.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import get_usage

# Rates as django-ratelimit writes them: "<count>/<period>", period s, m, h or d.
LIVE_JOIN_FAILURES_PER_CLIENT = "30/m"  # unknown join codes tried from one address
LIVE_JOINS_PER_SESSION = "3000/m"  # people joining one session (a big room joins at once)
LIVE_ANSWERS_PER_PARTICIPANT = "60/m"  # answers and notes sent by form or API, per phone
SIGNUPS_PER_CLIENT = "10/h"  # accounts created from one address
WRONG_PASSWORDS_PER_ACCOUNT = "10/h"  # wrong current passwords on the account page, per person


def over_limit(group: str, key: str, rate: str, *, count: bool = True) -> bool:
    """Count one attempt at ``key`` within ``group``; return whether it is over ``rate``.

    With ``count=False`` only look: whether the next attempt would already be refused.
    """
    usage = get_usage(
        None, group=group, key=lambda _group, _request: key, rate=rate, increment=count
    )
    if usage is None:  # RATELIMIT_ENABLE is off
        return False
    if count:
        return bool(usage["should_limit"])
    return bool(usage["should_limit"] or usage["count"] >= usage["limit"])


def client_key(request: HttpRequest) -> str:
    """Return the client's address as the sign-in lockout sees it (behind trusted proxies)."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or "unknown"
