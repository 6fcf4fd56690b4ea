"""One stored ladder summary per person (``LadderSummary``), so today's ladder is one read.

The services that write engagement events and invitations call ``refresh_people`` for the
people they touched, in the same transaction. The nightly task (``convener daily``) calls
``rebuild_all``, which moves everyone to the new day; a ladder read on a day the task has not
reached yet, or of an initiative with no rows yet (an import, the demo), rebuilds that
initiative first (``make_current``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from convener.activities import ladder_figures
from convener.activities.models import ActivityInvitation, EngagementEvent, LadderSummary
from convener.activities.selectors.ladder import load_summaries, people
from convener.initiatives.models import Initiative

LEVEL_FIELDS = [f"level_{i}" for i in range(len(ladder_figures.page_days(dt.date(2000, 1, 1))))]
FIELDS = [*LEVEL_FIELDS, "ever", "times_attended", "last_attended", "last_engaged"]


def _row(initiative: Initiative, on: dt.date, summary: ladder_figures.Summary) -> LadderSummary:
    return LadderSummary(
        stakeholder_id=summary.person_id,
        initiative=initiative,
        computed_on=on,
        ever=summary.ever,
        times_attended=summary.times_attended,
        last_attended=summary.last_attended,
        last_engaged=summary.last_engaged,
        **dict(zip(LEVEL_FIELDS, summary.levels, strict=True)),
    )


def _save(initiative: Initiative, on: dt.date, summaries: Iterable[ladder_figures.Summary]) -> None:
    LadderSummary.objects.bulk_create(
        [_row(initiative, on, s) for s in summaries],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["stakeholder"],
        update_fields=["initiative", "computed_on", *FIELDS],
    )


def refresh_people(*, initiative: Initiative, stakeholder_ids: Iterable[int]) -> None:
    """Recompute the stored summaries of these people (after their steps changed)."""
    ids = set(stakeholder_ids)
    if not ids:
        return
    on = timezone.localdate()
    with transaction.atomic():
        fresh = load_summaries(
            initiative=initiative,
            days=ladder_figures.page_days(on),
            counted=people(initiative=initiative, only=ids),
            only=ids,
        )
        LadderSummary.objects.filter(stakeholder_id__in=ids).exclude(
            stakeholder_id__in=[s.person_id for s in fresh]
        ).delete()
        _save(initiative, on, fresh)


def rebuild(*, initiative: Initiative, on: dt.date | None = None) -> int:
    """Recompute every stored summary of ``initiative``; return how many people have one."""
    on = on or timezone.localdate()
    summaries = load_summaries(
        initiative=initiative,
        days=ladder_figures.page_days(on),
        counted=people(initiative=initiative),
    )
    with transaction.atomic():
        LadderSummary.objects.filter(initiative=initiative).delete()
        _save(initiative, on, summaries)
    return len(summaries)


def rebuild_all() -> int:
    """Rebuild the summaries of every initiative with a step recorded; return how many."""
    done = 0
    for initiative in Initiative.objects.filter(
        Q(pk__in=EngagementEvent.objects.values("initiative_id"))
        | Q(pk__in=ActivityInvitation.objects.values("activity__initiative_id"))
    ):
        rebuild(initiative=initiative)
        done += 1
    return done


def _has_steps(initiative: Initiative) -> bool:
    return (
        EngagementEvent.objects.filter(initiative=initiative).exists()
        or ActivityInvitation.objects.filter(activity__initiative=initiative).exists()
    )


def make_current(*, initiative: Initiative, on: dt.date) -> None:
    """Make the stored rows of ``initiative`` those of ``on`` (today), in one cheap query.

    Rebuild when a row is from another day, or when there are none but steps exist.
    """
    rows = LadderSummary.objects.filter(initiative=initiative).aggregate(
        total=Count("pk"), stale=Count("pk", filter=~Q(computed_on=on))
    )
    if rows["stale"] or (not rows["total"] and _has_steps(initiative)):
        rebuild(initiative=initiative, on=on)
