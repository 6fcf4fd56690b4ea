"""Measuring's figures and first step for the initiative's home page."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from convener.core.home import HAPPENING, FirstStep, HomeFigure, HomeItem
from convener.initiatives.models import Initiative
from convener.measuring.home_shift import shift_figures
from convener.measuring.models import Round, RoundStatus


def response_rate(responded: int, invited: int) -> tuple[str, str]:
    """Return ("30 %", "12 of 40 responded"), or the count alone when nobody was invited."""
    if not invited:
        return str(responded), _("responses so far")
    rate = _("%(rate)d %%") % {"rate": round(100 * responded / invited)}
    return rate, _("%(responded)d of %(invited)d responded") % {
        "responded": responded,
        "invited": invited,
    }


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield the baseline-round step and each open round with its response rate."""
    slug = initiative.slug
    rounds = Round.objects.filter(initiative=initiative)
    yield FirstStep(
        label=_("Open a baseline round"),
        description=_("Ask stakeholders where the group stands today, before the work changes it."),
        url=reverse("measuring:round_create", args=[slug]),
        done=rounds.exists(),
        order=40,
    )
    open_rounds = rounds.filter(status=RoundStatus.OPEN).annotate(
        invited=Count("links", distinct=True),
        responded=Count(
            "responses", filter=Q(responses__submitted_at__isnull=False), distinct=True
        ),
    )
    for rnd in open_rounds[:3]:
        value, note = response_rate(rnd.responded, rnd.invited)
        yield HomeFigure(
            section=HAPPENING,
            label=_("Open round: %(name)s") % {"name": rnd.name},
            value=value,
            url=reverse("measuring:round_detail", args=[slug, rnd.pk]),
            note=note,
            order=20,
        )
    yield from shift_figures(initiative)
