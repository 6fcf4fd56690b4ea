"""The demo initiative's first year of work: activities, who came, and who became a partner.

September 2025 to October 2026. The year starts as most do, with webinars, e-mail updates and
a conference session (formal, one-way), and moves towards regional workgroups, family
listening sessions and guidance designed together (two-way); a few webinars lead straight into
a workgroup. Most people stay at "attended"; a few families move on to contributing and one
co-leads. A fixed random seed and fixed dates keep the data the same on every load; the plan of
the year is ``convener.demo.activity_plans``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    EngagementEvent,
    Milestone,
    Relationship,
)
from convener.demo.activity_plans import (
    FAMILY_STEPS,
    MILESTONES,
    PLANS,
    RELATIONSHIPS,
    TWO,
)
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Kind, Stakeholder

SEED = 20250910


def _pick(rng: random.Random, pool: list[Stakeholder], count: int) -> list[Stakeholder]:
    """Pick ``count`` people, favouring the first ones: the same regulars keep coming."""
    if count >= len(pool):
        return list(pool)
    regulars = pool[: max(count + 2, len(pool) // 3)]
    return rng.sample(regulars, min(count, len(regulars)))


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def load_activities(initiative: Initiative) -> None:
    """Fill the demo initiative's year of activities; do nothing if it already has some."""
    if Activity.objects.filter(initiative=initiative).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    perspectives = {p.key: p for p in Perspective.objects.filter(initiative=initiative)}
    people = list(
        Stakeholder.objects.active()
        .filter(initiative=initiative, kind=Kind.PERSON)
        .select_related("perspective")
        .order_by("id")
    )
    by_perspective: dict[str, list[Stakeholder]] = {}
    for person in people:
        if person.perspective is not None:
            by_perspective.setdefault(person.perspective.key, []).append(person)
    owner = initiative.created_by

    activities = Activity.objects.bulk_create(
        Activity(
            initiative=initiative,
            title=plan.title,
            kind=plan.kind,
            starts_on=plan.day,
            place=plan.place,
            link=plan.link,
            description=plan.description,
            habit=plan.habit,
            intended_depth=plan.depth,
            audience_circles=list(plan.circles),
            formality=plan.formality,
            learning=plan.learning,
            direction=plan.direction,
            created_by=owner,
        )
        for plan in PLANS
    )
    by_key = dict(zip((p.key for p in PLANS), activities, strict=True))
    for plan in PLANS:
        if plan.next_key:
            by_key[plan.key].next_activity = by_key[plan.next_key]
    Activity.objects.bulk_update(activities, ["next_activity"])
    through = Activity.expected_perspectives.through
    through.objects.bulk_create(
        through(activity_id=by_key[plan.key].pk, perspective_id=perspectives[key].pk)
        for plan in PLANS
        for key in plan.came
        if key in perspectives
    )

    invitations: list[ActivityInvitation] = []
    attendance: list[Attendance] = []
    events: dict[tuple[int, int, str], EngagementEvent] = {}

    def event(person: Stakeholder, activity: Activity | None, kind: str, day: dt.date) -> None:
        key = (person.pk, activity.pk if activity else 0, kind)
        if key not in events:
            events[key] = EngagementEvent(
                initiative=initiative,
                stakeholder=person,
                activity=activity,
                kind=kind,
                occurred_on=day,
                recorded_by=owner,
            )

    attendees: dict[str, list[Stakeholder]] = {}
    for plan in PLANS:
        came: list[Stakeholder] = []
        for key, count in plan.came.items():
            came += _pick(rng, by_perspective.get(key, []), count)
        attendees[plan.key] = came
    families = by_perspective.get("family_youth", [])
    for index, key, _step in FAMILY_STEPS:
        if index < len(families) and families[index] not in attendees[key]:
            attendees[key].append(families[index])

    for plan in PLANS:
        activity = by_key[plan.key]
        came = attendees[plan.key]
        if not came:
            continue
        came_ids = {p.pk for p in came}
        # Most came with an invitation; about one in twelve walked in.
        walk_ins = {p.pk for p in came if rng.random() < 0.08}
        invited = [p for p in came if p.pk not in walk_ins]
        # Others were invited and did not come: agencies mostly accept, schools, justice and
        # the university often decline or never answer, and stay on the keep-inviting list.
        for key in (*plan.came, "justice", "school_district", "university"):
            pool = [p for p in by_perspective.get(key, []) if p.pk not in came_ids]
            invited += rng.sample(pool, min(len(pool), 2))
        seen: set[int] = set()
        for person in invited:
            if person.pk in seen:
                continue
            seen.add(person.pk)
            if person.pk in came_ids:
                status = "accepted"
            else:
                status = rng.choice(("declined", "no_reply", "no_reply", "accepted"))
            invitations.append(
                ActivityInvitation(
                    activity=activity,
                    stakeholder=person,
                    status=status,
                    responded_at=None
                    if status == "no_reply"
                    else _at(plan.day - dt.timedelta(days=rng.randint(2, 9))),
                )
            )
            if status == "accepted":
                event(person, activity, "accepted", plan.day - dt.timedelta(days=7))
        for person in came:
            attendance.append(
                Attendance(
                    activity=activity,
                    stakeholder=person,
                    walk_in=person.pk in walk_ins,
                    checked_in_by=owner,
                )
            )
            event(person, activity, "attended", plan.day)
            # In two-way activities some people speak up; in one-way ones a few ask questions.
            roll = rng.random()
            if person.perspective and person.perspective.key == "family_youth":
                continue  # families move only as FAMILY_STEPS says
            if plan.direction == TWO and roll < 0.25:
                event(person, activity, rng.choice(("interacted", "contributed")), plan.day)
            elif roll < 0.1:
                event(person, activity, rng.choice(("asked", "shared")), plan.day)

    _ladder_moves(by_perspective, by_key, attendees, event)
    ActivityInvitation.objects.bulk_create(invitations, batch_size=500)
    Attendance.objects.bulk_create(attendance, batch_size=500)
    EngagementEvent.objects.bulk_create(events.values(), batch_size=500)
    # auto_now_add stamps "now": date the rows by their activity instead.
    for plan in PLANS:
        activity = by_key[plan.key]
        Attendance.objects.filter(activity=activity).update(checked_in_at=_at(plan.day, 9))
        ActivityInvitation.objects.filter(activity=activity).update(
            invited_at=_at(plan.day - dt.timedelta(days=21))
        )
    _milestones(initiative, perspectives)
    _relationships(initiative, perspectives)


def _ladder_moves(
    by_perspective: dict[str, list[Stakeholder]],
    by_key: dict[str, Activity],
    attendees: dict[str, list[Stakeholder]],
    event: Callable[[Stakeholder, Activity | None, str, dt.date], None],
) -> None:
    """Move two families and a few agency regulars up the ladder; everyone else stays put."""
    families = by_perspective.get("family_youth", [])
    for index, key, step in FAMILY_STEPS:
        if index < len(families):
            event(families[index], by_key[key], step, by_key[key].starts_on)
    advocates = by_perspective.get("advocacy_organization", [])
    if advocates and advocates[0] in attendees["cafe"]:
        event(advocates[0], by_key["cafe"], "initiated", by_key["cafe"].starts_on)
    for person in by_perspective.get("county_agency", [])[:3]:
        for key in ("north2", "drafting", "practice"):
            if person in attendees[key]:
                event(person, by_key[key], "contributed", by_key[key].starts_on)
                event(person, by_key[key], "stayed_connected", by_key[key].starts_on)


def _milestones(initiative: Initiative, perspectives: dict[str, Perspective]) -> None:
    for day, title, changed, value, habit, keys in MILESTONES:
        milestone = Milestone.objects.create(
            initiative=initiative,
            occurred_on=day,
            title=title,
            what_changed=changed,
            value_produced=value,
            habit=habit,
            created_by=initiative.created_by,
        )
        milestone.perspectives.set([perspectives[k] for k in keys if k in perspectives])


def _relationships(initiative: Initiative, perspectives: dict[str, Perspective]) -> None:
    orgs = {
        o.name: o for o in Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION)
    }
    rows = []
    for source, target, view, ideas in RELATIONSHIPS:
        ends: dict[str, object] = {}
        for prefix, ref in (("from", source), ("to", target)):
            kind, _sep, name = ref.partition(":")
            if kind == "p" and name in perspectives:
                ends[f"{prefix}_perspective"] = perspectives[name]
            elif kind == "o" and name in orgs:
                ends[f"{prefix}_organization"] = orgs[name]
            else:
                ends[f"{prefix}_role"] = name.replace("_", " ").capitalize()
        rows.append(
            Relationship(
                initiative=initiative,
                issue_view=view,
                key_ideas=ideas,
                created_by=initiative.created_by,
                **ends,
            )
        )
    Relationship.objects.bulk_create(rows)
