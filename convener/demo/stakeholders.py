"""The demo initiative's stakeholder registry: about 150 people and groups, with real gaps.

The registry looks like many first-year registries: mostly agency staff, few families and
youth, almost no one beyond the second circle, and a single critic, so that the participation
dashboard has something true to say. Names are invented; e-mail addresses use example.org.
A fixed random seed keeps the data the same on every load.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import CircleMove, Kind, Stakeholder, Tag

SEED = 20260901

# Target mix in percent; perspectives left out share nothing (the targets add up to 100).
TARGETS: dict[str, int] = {
    "family_youth": 25,
    "state_agency": 15,
    "county_agency": 15,
    "health_provider": 10,
    "school_district": 10,
    "community_organization": 10,
    "advocacy_organization": 5,
    "project_staff": 5,
    "justice": 5,
}


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    perspective: str
    circle: str
    side: str
    scale: str
    tags: tuple[str, ...] = ()


ORGANIZATIONS: tuple[Org, ...] = (
    Org("dbh", "State Department of Behavioral Health", "state_agency", "key", "internal", "state"),
    Org("doe", "State Department of Education", "state_agency", "", "internal", "state"),
    Org("medicaid", "State Medicaid Office", "state_agency", "", "internal", "state"),
    Org(
        "riverside",
        "Riverside County Behavioral Health",
        "county_agency",
        "key",
        "internal",
        "local",
        ("regional workgroup",),
    ),
    Org(
        "lakeview",
        "Lakeview County Human Services",
        "county_agency",
        "",
        "internal",
        "local",
        ("regional workgroup",),
    ),
    Org(
        "mesa",
        "Mesa County Children's Services",
        "county_agency",
        "",
        "internal",
        "regional",
        ("regional workgroup",),
    ),
    Org("project", "Teletherapy Project Team", "project_staff", "core", "internal", "state"),
    Org("court", "Juvenile Court Services", "justice", "", "internal", "regional"),
    Org(
        "families",
        "Families Together Coalition",
        "advocacy_organization",
        "key",
        "external",
        "state",
        ("parent network",),
    ),
    Org(
        "youth",
        "Youth Voices United",
        "advocacy_organization",
        "",
        "external",
        "state",
        ("parent network",),
    ),
    Org(
        "northside", "Northside Community Center", "community_organization", "", "external", "local"
    ),
    Org(
        "centro",
        "Centro Familiar Latino",
        "community_organization",
        "",
        "external",
        "local",
        ("parent network",),
    ),
    Org("rusd", "Riverside Unified School District", "school_district", "", "internal", "local"),
    Org(
        "university",
        "State University School of Social Work",
        "university",
        "",
        "external",
        "state",
    ),
    Org("clinic", "Valley Children's Health Clinic", "health_provider", "", "external", "practice"),
    Org(
        "telecare",
        "TeleCare Connect",
        "health_provider",
        "dissemination",
        "external",
        "practice",
        ("telehealth vendors",),
    ),
)

# (perspective, how many people, organization keys to spread them over, positions)
PEOPLE_PLAN: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "state_agency",
        50,
        ("dbh", "doe", "medicaid"),
        (
            "Program manager",
            "Policy analyst",
            "Deputy director",
            "Clinical consultant",
            "Data analyst",
            "Licensing specialist",
        ),
    ),
    (
        "county_agency",
        42,
        ("riverside", "lakeview", "mesa"),
        (
            "Children's services supervisor",
            "Care coordinator",
            "Clinic director",
            "Case manager",
            "Quality improvement lead",
        ),
    ),
    (
        "project_staff",
        8,
        ("project",),
        ("Project director", "Project coordinator", "Evaluator", "Training lead"),
    ),
    (
        "health_provider",
        8,
        ("clinic", "telecare"),
        (
            "Child psychologist",
            "Licensed clinical social worker",
            "Family therapist",
            "Telehealth account manager",
        ),
    ),
    (
        "school_district",
        6,
        ("rusd",),
        ("School counselor", "Director of student services", "School psychologist"),
    ),
    (
        "family_youth",
        5,
        ("families", "centro", "youth"),
        ("Parent", "Youth advocate", "Parent partner"),
    ),
    ("justice", 4, ("court",), ("Probation officer", "Juvenile court liaison")),
    (
        "community_organization",
        4,
        ("northside", "centro"),
        ("Program director", "Family outreach worker"),
    ),
    ("advocacy_organization", 3, ("families",), ("Policy director", "Family organizer")),
    ("university", 3, ("university",), ("Associate professor", "Research fellow")),
    ("other", 2, (), ("Foundation program officer", "Retired pediatrician")),
)

FIRST_NAMES = (
    "Aaliyah",
    "Andre",
    "Beatriz",
    "Brian",
    "Carmen",
    "Chen",
    "Darnell",
    "Deborah",
    "Elena",
    "Emeka",
    "Fatima",
    "Gregory",
    "Hana",
    "Isaiah",
    "Jamal",
    "Jennifer",
    "Joaquín",
    "Karen",
    "Keisha",
    "Kevin",
    "Lakshmi",
    "Laura",
    "Luis",
    "Malik",
    "Mei",
    "Michael",
    "Nadia",
    "Naomi",
    "Omar",
    "Patricia",
    "Priya",
    "Rafael",
    "Rebecca",
    "Samuel",
    "Sandra",
    "Sergei",
    "Tamika",
    "Thomas",
    "Tuan",
    "Valeria",
    "Wei",
    "Winona",
    "Yusuf",
    "Zoe",
)
LAST_NAMES = (
    "Abernathy",
    "Adeyemi",
    "Begay",
    "Brooks",
    "Castillo",
    "Chang",
    "Cohen",
    "Delgado",
    "Ellis",
    "Fitzgerald",
    "Haddad",
    "Hernández",
    "Ibrahim",
    "Jackson",
    "Kim",
    "Kowalski",
    "Le",
    "McAllister",
    "Morales",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olson",
    "Patel",
    "Quintero",
    "Ramírez",
    "Robinson",
    "Schmidt",
    "Singh",
    "Sullivan",
    "Tanaka",
    "Thompson",
    "Torres",
    "Vasquez",
    "Washington",
    "Williams",
    "Yazzie",
    "Zhang",
)
# Spanish-speaking families and outreach workers.
SPANISH_NAMES = (
    ("Guadalupe", "Reyes"),
    ("Maricela", "Fuentes"),
    ("Héctor", "Ochoa"),
    ("Rosa", "Villanueva"),
    ("Esperanza", "Cárdenas"),
)

SPANISH_SLOTS = {
    ("family_youth", 0),
    ("family_youth", 2),
    ("family_youth", 4),
    ("community_organization", 1),
}

WHAT_THEY_MIGHT_DO = {
    "project_staff": "Organize the workgroup, keep the timeline and share notes.",
    "state_agency": "Clarify which teletherapy rules continue and bring policy questions back.",
    "county_agency": "Test the new practices in county clinics and report what families say.",
    "family_youth": "Tell the group what teletherapy feels like at home and invite other families.",
    "advocacy_organization": "Invite families through the parent network; co-host listening.",
    "health_provider": "Share what works with children on screen and what does not.",
    "school_district": "Connect school-based services with community providers.",
    "community_organization": "Host a family café and translate materials.",
    "justice": "Bring the court's view on remote sessions for youth on probation.",
    "university": "Help design the evaluation.",
    "other": "Offer advice from outside the system.",
}


def _email(first: str, last: str, n: int) -> str:
    plain = unicodedata.normalize("NFKD", f"{first}.{last}").encode("ascii", "ignore").decode()
    return f"{plain.lower().replace(' ', '')}.{n}@example.org"


def _circle_for(perspective: str, index: int, rng: random.Random) -> str:
    """Place people with realistic gaps: a busy centre and nearly empty outer circles."""
    if perspective == "project_staff":
        return "core"
    if perspective == "state_agency":
        return "core" if index < 4 else "key" if index < 20 else ""
    if perspective == "county_agency":
        return "key" if index < 10 else "extended" if index == 10 else ""
    if perspective == "family_youth":
        return "key" if index < 2 else ""
    if perspective == "health_provider":
        return "extended" if index == 0 else "key" if index < 3 else ""
    if perspective == "school_district":
        return "extended" if index == 0 else ""
    return "key" if rng.random() < 0.3 else ""


@transaction.atomic
def load_stakeholders(initiative: Initiative) -> None:
    """Fill the demo initiative's registry; do nothing if it already has stakeholders."""
    if Stakeholder.objects.filter(initiative=initiative).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    perspectives = {p.key: p for p in Perspective.objects.filter(initiative=initiative)}
    for key, percent in TARGETS.items():
        if key in perspectives:
            perspectives[key].target_percent = percent
            perspectives[key].save(update_fields=["target_percent"])
    tags = {
        name: Tag.objects.get_or_create(initiative=initiative, name=name)[0]
        for name in (
            "regional workgroup",
            "parent network",
            "telehealth vendors",
            "steering committee",
        )
    }
    orgs: dict[str, Stakeholder] = {}
    for org in ORGANIZATIONS:
        record = Stakeholder.objects.create(
            initiative=initiative,
            kind=Kind.ORGANIZATION,
            name=org.name,
            perspective=perspectives.get(org.perspective),
            circle=org.circle,
            side=org.side,
            scale=org.scale,
            concern_interest=True,
            concern_can_affect=org.side == "internal",
            power="authority" if org.side == "internal" else "influence",
            stance="supporter",
            created_by=initiative.created_by,
        )
        record.tags.set([tags[t] for t in org.tags])
        orgs[org.key] = record
    org_tags = {org.key: org.tags for org in ORGANIZATIONS}
    spanish = list(SPANISH_NAMES)
    people: list[Stakeholder] = []
    serial = 0
    for perspective, count, org_keys, positions in PEOPLE_PLAN:
        for index in range(count):
            serial += 1
            speaks_spanish = (perspective, index) in SPANISH_SLOTS
            first, last = (
                spanish.pop(0)
                if speaks_spanish
                else (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            )
            org_key = org_keys[index % len(org_keys)] if org_keys else ""
            circle = _circle_for(perspective, index, rng)
            internal = perspective in (
                "state_agency",
                "county_agency",
                "project_staff",
                "justice",
                "school_district",
            )
            leader = index % 6 == 0
            person = Stakeholder.objects.create(
                initiative=initiative,
                name=f"{first} {last}",
                organization=orgs.get(org_key),
                position=rng.choice(positions),
                perspective=perspectives.get(perspective),
                concern_interest=True,
                concern_affected=perspective in ("family_youth", "health_provider"),
                concern_can_affect=internal or perspective == "health_provider",
                side="internal" if internal else "external",
                power=("both" if leader else "authority") if internal else "influence",
                # One critic: a provider worried about children's privacy on shared devices.
                stance="critic"
                if (perspective, index) == ("health_provider", 1)
                else "neutral"
                if index % 5 == 4
                else "supporter",
                scale=(
                    "practice"
                    if perspective in ("health_provider", "family_youth")
                    else "state"
                    if perspective in ("state_agency", "project_staff", "advocacy_organization")
                    else "regional"
                    if perspective == "justice" or index % 4 == 3
                    else "local"
                ),
                circle=circle,
                what_they_might_do=WHAT_THEY_MIGHT_DO[perspective] if circle else "",
                preferred_language="es" if speaks_spanish else "en",
                email=_email(first, last, serial),
                phone=f"(555) 555-{serial:04d}",
                contact_permitted=perspective != "family_youth" or index < 3,
                consent_date=dt.date(2025, 9, 15) if perspective == "family_youth" else None,
                consent_source="Sign-in sheet, kickoff meeting"
                if perspective == "family_youth"
                else "",
                created_by=initiative.created_by,
            )
            person_tags = [tags[t] for t in org_tags.get(org_key, ())]
            if perspective == "project_staff" or (perspective == "state_agency" and index < 4):
                person_tags.append(tags["steering committee"])
            if person_tags:
                person.tags.set(person_tags)
            people.append(person)
    _record_moves(initiative, people)


def _record_moves(initiative: Initiative, people: list[Stakeholder]) -> None:
    """Give a few people a dated history of moves over the past months."""
    now = timezone.now()
    moved = [p for p in people if p.circle][:60:10]
    for months_ago, person in zip((6, 5, 4, 3, 2, 1), moved, strict=False):
        earlier = {"core": "key", "key": "", "extended": "key", "dissemination": "extended"}
        move = CircleMove.objects.create(
            stakeholder=person,
            from_circle=earlier[person.circle],
            to_circle=person.circle,
            moved_by=initiative.created_by,
            note=person.what_they_might_do,
        )
        CircleMove.objects.filter(pk=move.pk).update(
            moved_at=now - dt.timedelta(days=30 * months_ago)
        )
