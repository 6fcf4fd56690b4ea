"""Live sessions running now, for the initiative's home page."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from convener.core.home import HAPPENING, HomeFigure, HomeItem
from convener.initiatives.models import Initiative
from convener.live.models import LiveSession, SessionStatus


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield one figure for the sessions that are live now, if any."""
    live = LiveSession.objects.filter(initiative=initiative, status=SessionStatus.LIVE)
    titles = list(live.values_list("title", flat=True)[:3])
    if titles:
        yield HomeFigure(
            section=HAPPENING,
            label=_("Live sessions now"),
            value=str(live.count()),
            url=reverse("live:sessions", args=[initiative.slug]),
            note=", ".join(titles),
            order=5,
        )
