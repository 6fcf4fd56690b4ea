"""The demo initiative's first year of work: activities, who came, and who became a partner.

September 2025 to October 2026. The year starts as most do, with webinars, e-mail updates and
a conference session (formal, one-way), and moves towards regional workgroups, family
listening sessions and guidance designed together (two-way); a few webinars lead straight into
a workgroup. Most people stay at "attended"; a few families move on to contributing and one
co-leads. A fixed random seed and fixed dates keep the data the same on every load.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

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
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Kind, Stakeholder

SEED = 20250910
FORMAL, INFORMAL = "formal", "informal"
FROM, WITH = "from", "with"
ONE, TWO = "one_way", "two_way"


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    kind: str
    day: dt.date
    formality: str
    learning: str
    direction: str
    depth: str
    habit: str
    # How many people came, by perspective key; empty for e-mail and social media.
    came: dict[str, int] = field(default_factory=dict)
    place: str = ""
    link: str = ""
    circles: tuple[str, ...] = ("core", "key")
    next_key: str = ""
    description: str = ""


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


AGENCIES = {"state_agency": 12, "county_agency": 10, "project_staff": 5, "health_provider": 3}
WORKGROUP = {
    "state_agency": 6,
    "county_agency": 10,
    "project_staff": 3,
    "health_provider": 2,
    "school_district": 1,
    "family_youth": 1,
}
FAMILY_SESSION = {
    "family_youth": 5,
    "community_organization": 3,
    "advocacy_organization": 2,
    "project_staff": 2,
}

PLANS: tuple[Plan, ...] = (
    Plan(
        "kickoff",
        "Kickoff webinar: what changed with teletherapy",
        "webinar",
        d(2025, 9, 10),
        FORMAL,
        FROM,
        ONE,
        "informing",
        "coalescing",
        {**AGENCIES, "school_district": 2, "family_youth": 1, "advocacy_organization": 1},
        link="https://example.org/webinars/kickoff",
        circles=("core", "key", "extended"),
        next_key="north1",
    ),
    Plan("email1", "E-mail update: why this initiative", "email_list", d(2025, 9, 17),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("north1", "Regional workgroup: North", "regional_workgroup", d(2025, 9, 30),
         INFORMAL, WITH, TWO, "networking", "work_together", WORKGROUP,
         place="Riverside County Behavioral Health, room 2"),
    Plan("privacy", "Webinar: privacy and platforms", "webinar", d(2025, 10, 8),
         FORMAL, FROM, ONE, "informing", "participation",
         {**AGENCIES, "school_district": 2, "justice": 1, "university": 1},
         link="https://example.org/webinars/privacy", next_key="south1"),
    Plan("social1", "Social-media post: share your teletherapy story", "social_media",
         d(2025, 10, 15), INFORMAL, FROM, ONE, "informing", "participation",
         circles=("dissemination",)),
    Plan("south1", "Regional workgroup: South", "regional_workgroup", d(2025, 10, 28),
         INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 11, "community_organization": 1},
         place="Mesa County Children's Services"),
    Plan("conference", "State behavioral health conference: teletherapy after the order",
         "conference", d(2025, 11, 5), FORMAL, FROM, ONE, "informing", "coalescing",
         {"state_agency": 16, "county_agency": 12, "project_staff": 4, "health_provider": 4,
          "school_district": 2, "university": 2},
         place="State Convention Center, hall B", circles=("key", "extended")),
    Plan("survey", "Online survey of providers", "online_survey", d(2025, 11, 12),
         FORMAL, FROM, ONE, "informing", "participation", circles=("extended",)),
    Plan("email2", "E-mail update: what the workgroups heard", "email_list", d(2025, 11, 20),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("listen1", "Family listening session (English and Spanish)", "family_event",
         d(2025, 12, 3), INFORMAL, WITH, TWO, "networking", "participation", FAMILY_SESSION,
         place="Centro Familiar Latino", circles=("key", "extended")),
    Plan("steering1", "Steering committee", "meeting", d(2025, 12, 10), FORMAL, WITH, TWO,
         "collaborating", "bringing_together",
         {"state_agency": 4, "project_staff": 5, "county_agency": 3,
          "advocacy_organization": 1, "family_youth": 1},
         place="Teletherapy Project office", circles=("core",)),
    Plan("families_webinar", "Webinar: what families told us", "webinar", d(2026, 1, 14),
         FORMAL, FROM, ONE, "informing", "participation",
         {**AGENCIES, "school_district": 2, "family_youth": 1, "community_organization": 1},
         link="https://example.org/webinars/families", next_key="north2"),
    Plan("north2", "Regional workgroup: North, second meeting", "regional_workgroup",
         d(2026, 1, 27), INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 12, "family_youth": 2},
         place="Riverside County Behavioral Health, room 2"),
    Plan("interviews", "Interviews with school counselors", "interview", d(2026, 2, 11),
         INFORMAL, FROM, ONE, "networking", "participation",
         {"school_district": 4, "project_staff": 1}, place="Riverside Unified, by phone"),
    Plan("south2", "Regional workgroup: South, second meeting", "regional_workgroup",
         d(2026, 2, 24), INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 11, "justice": 1},
         place="Mesa County Children's Services"),
    Plan("cafe", "Family café at Northside Community Center", "family_event", d(2026, 3, 10),
         INFORMAL, WITH, TWO, "networking", "participation",
         {"family_youth": 4, "community_organization": 4, "advocacy_organization": 2,
          "project_staff": 2, "county_agency": 2},
         place="Northside Community Center", circles=("key", "extended")),
    Plan("email3", "E-mail update: guidance in the making", "email_list", d(2026, 3, 18),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("drafting", "Joint workgroup: drafting the guidance", "regional_workgroup",
         d(2026, 4, 8), INFORMAL, WITH, TWO, "collaborating", "work_together",
         {"state_agency": 8, "county_agency": 12, "project_staff": 4, "health_provider": 3,
          "school_district": 1, "family_youth": 2},
         place="Lakeview County Human Services"),
    Plan("comment_webinar", "Webinar: the draft guidance, open for comment", "webinar",
         d(2026, 4, 22), FORMAL, FROM, ONE, "informing", "work_together",
         {**AGENCIES, "state_agency": 15, "school_district": 3, "family_youth": 2,
          "advocacy_organization": 1},
         link="https://example.org/webinars/draft-guidance", next_key="codesign",
         circles=("core", "key", "extended")),
    Plan("codesign", "Co-design session: guidance for families", "meeting", d(2026, 5, 6),
         INFORMAL, WITH, TWO, "collaborating", "work_together",
         {"family_youth": 4, "advocacy_organization": 2, "community_organization": 2,
          "project_staff": 3, "state_agency": 4, "county_agency": 5, "health_provider": 3,
          "school_district": 1},
         place="Centro Familiar Latino"),
    Plan("steering2", "Steering committee: adopting the guidance", "meeting", d(2026, 6, 3),
         FORMAL, WITH, TWO, "collaborating", "bringing_together",
         {"state_agency": 5, "project_staff": 5, "county_agency": 4,
          "advocacy_organization": 1, "family_youth": 1},
         place="State Department of Behavioral Health", circles=("core",)),
    Plan("social2", "Social-media post: the guidance is published", "social_media",
         d(2026, 7, 15), INFORMAL, FROM, ONE, "informing", "bringing_together",
         circles=("dissemination",)),
    Plan("practice", "Regional workgroups together: putting the guidance into practice",
         "regional_workgroup", d(2026, 8, 19), INFORMAL, WITH, TWO, "collaborating",
         "work_together",
         {"state_agency": 8, "county_agency": 15, "project_staff": 4, "health_provider": 3,
          "school_district": 2, "family_youth": 1},
         place="Riverside County Behavioral Health, main hall"),
    Plan("listen2", "Family listening session: one year on", "family_event", d(2026, 9, 16),
         INFORMAL, WITH, TWO, "collaborating", "participation",
         {**FAMILY_SESSION, "advocacy_organization": 3, "health_provider": 2},
         place="Centro Familiar Latino", circles=("key", "extended")),
    Plan("copresent", "Conference session co-presented with families", "conference",
         d(2026, 10, 7), FORMAL, WITH, TWO, "transforming", "bringing_together",
         {"state_agency": 14, "county_agency": 12, "project_staff": 4, "health_provider": 3,
          "school_district": 3, "family_youth": 3, "advocacy_organization": 1},
         place="State Convention Center, room 4", circles=("key", "extended")),
)  # fmt: skip

MILESTONES: tuple[tuple[dt.date, str, str, str, str, tuple[str, ...]], ...] = (
    (
        d(2025, 10, 28),
        "Regional workgroups meet in the north and the south",
        "County clinics and state staff now meet every two months instead of trading e-mails.",
        "A shared list of the teletherapy questions counties cannot answer alone.",
        "work_together",
        ("county_agency", "state_agency"),
    ),
    (
        d(2025, 12, 3),
        "Families are heard first-hand",
        "Families told the group, in English and Spanish, what teletherapy feels like at home.",
        "Privacy on shared devices and Spanish-language consent became the top two topics.",
        "participation",
        ("family_youth", "community_organization"),
    ),
    (
        d(2026, 6, 3),
        "The steering committee adopts shared teletherapy guidance",
        "Guidance co-designed with families replaces three different county rule sets.",
        "One plain-language guide for providers and families, with a privacy checklist.",
        "work_together",
        ("state_agency", "county_agency", "family_youth"),
    ),
    (
        d(2026, 10, 7),
        "Families co-present at the state conference",
        "A parent who came to the first listening session co-led the session with the state.",
        "Family partners now sit on the steering committee and plan next year's sessions.",
        "bringing_together",
        ("family_youth", "state_agency"),
    ),
)

# (from, to, how the issue looks from there, key ideas); "p:key" perspective, "o:name" org.
RELATIONSHIPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "p:family_youth",
        "p:health_provider",
        "Sessions happen on a shared phone in a crowded home; children do not feel private.",
        "Privacy at home; consent forms in Spanish; a phone fallback when video fails.",
    ),
    (
        "p:health_provider",
        "p:family_youth",
        "Some children open up more on screen, but therapists lose body language.",
        "Short check-ins with parents; agree on a quiet place before the session.",
    ),
    (
        "p:state_agency",
        "p:county_agency",
        "Which temporary billing and platform rules continue once the order ends?",
        "One list of approved platforms; clear dates for each rule.",
    ),
    (
        "p:county_agency",
        "p:state_agency",
        "Clinics cannot plan staffing until the rules are settled.",
        "Guidance before the budget cycle; a named state contact for counties.",
    ),
    (
        "p:school_district",
        "p:health_provider",
        "Students need a private room at school to join a session.",
        "School-based telehealth rooms; shared scheduling with providers.",
    ),
    (
        "o:Families Together Coalition",
        "o:Teletherapy Project Team",
        "Families are asked late and unpaid; the same few parents are asked every time.",
        "Invite families early; pay for their time; reach beyond the parent network.",
    ),
    (
        "p:project_staff",
        "p:justice",
        "Youth on probation miss sessions when they have no private device.",
        "Loaner devices; probation officers as a link to families.",
    ),
    (
        "o:Centro Familiar Latino",
        "o:State Department of Behavioral Health",
        "Spanish-speaking families hear about changes last.",
        "Materials in Spanish from the start; community health workers as messengers.",
    ),
)


# Two families climb the ladder: (family index, activity key, step). The others stay at
# "attended", as most participants do in a first year.
FAMILY_STEPS: tuple[tuple[int, str, str], ...] = (
    (0, "listen1", "shared"),
    (0, "listen1", "contributed"),
    (0, "north2", "interacted"),
    (0, "codesign", "led"),
    (0, "steering2", "leadership_role"),
    (0, "copresent", "led"),
    (1, "listen1", "asked"),
    (1, "cafe", "contributed"),
    (1, "codesign", "contributed"),
    (1, "listen2", "stayed_connected"),
)


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
