"""Use cases of the ladder and the chronology: record an engagement event, keep milestones.

The reads (people, their dated steps, the per-person summaries) are in
``convener.activities.selectors.ladder``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from convener.accounts.models import User
from convener.activities.models import (
    Activity,
    EngagementEvent,
    EventKind,
    Milestone,
)
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder


class LadderError(ValueError):
    """A request the ladder cannot record; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def record_event(
    *,
    initiative: Initiative,
    actor: User | None,
    stakeholder_id: int,
    kind: str,
    occurred_on: dt.date,
    activity_id: int | None = None,
    note: str = "",
) -> tuple[EngagementEvent, bool]:
    """Record one step by one stakeholder; return (event, created).

    The same kind of step at the same activity is one event: recording it again returns the
    existing one. Steps cannot be dated in the future.
    """
    if kind not in EventKind.values:
        raise LadderError("kind", "Unknown kind of event.")
    if occurred_on > timezone.localdate():
        raise LadderError("occurred_on", "An event cannot be dated in the future.")
    stakeholder = Stakeholder.objects.filter(initiative=initiative, pk=stakeholder_id).first()
    if stakeholder is None:
        raise LadderError("stakeholder_id", "No such stakeholder in this initiative.")
    activity = None
    if activity_id is not None:
        activity = Activity.objects.filter(initiative=initiative, pk=activity_id).first()
        if activity is None:
            raise LadderError("activity_id", "No such activity in this initiative.")
        existing = EngagementEvent.objects.filter(
            stakeholder=stakeholder, activity=activity, kind=kind
        ).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            event = EngagementEvent.objects.create(
                initiative=initiative,
                stakeholder=stakeholder,
                activity=activity,
                kind=kind,
                occurred_on=occurred_on,
                note=note[:300],
                recorded_by=actor,
            )
    except IntegrityError:  # recorded by someone else a moment ago
        return EngagementEvent.objects.get(
            stakeholder=stakeholder, activity=activity, kind=kind
        ), False
    from convener.activities.services.ladder_summaries import refresh_people

    refresh_people(initiative=initiative, stakeholder_ids=[stakeholder.pk])
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="engagement_event",
        target_id=event.pk,
        fields=["kind", "occurred_on", "activity", "note"],
    )
    return event, True


def save_milestone(
    *,
    initiative: Initiative,
    actor: User | None,
    occurred_on: dt.date,
    title: str,
    what_changed: str = "",
    value_produced: str = "",
    habit: str = "",
    perspective_keys: Sequence[str] = (),
    milestone: Milestone | None = None,
) -> Milestone:
    """Create a milestone, or update ``milestone``; perspectives are given by key."""
    created = milestone is None
    if milestone is None:
        milestone = Milestone(initiative=initiative, created_by=actor)
    milestone.occurred_on = occurred_on
    milestone.title = title
    milestone.what_changed = what_changed
    milestone.value_produced = value_produced
    milestone.habit = habit
    with transaction.atomic():
        milestone.save()
        milestone.perspectives.set(
            Perspective.objects.filter(initiative=initiative, key__in=list(perspective_keys))
        )
        record_audit(
            initiative=initiative,
            actor=actor,
            action="create" if created else "update",
            target_type="milestone",
            target_id=milestone.pk,
            fields=[
                "occurred_on",
                "title",
                "what_changed",
                "value_produced",
                "habit",
                "perspectives",
            ],
        )
    return milestone


def delete_milestone(*, milestone: Milestone, actor: User | None) -> None:
    initiative, pk = milestone.initiative, milestone.pk
    with transaction.atomic():
        milestone.delete()
        record_audit(
            initiative=initiative,
            actor=actor,
            action="delete",
            target_type="milestone",
            target_id=pk,
        )
