"""The demo initiative: continuing teletherapy for children's mental health.

Built from the practice scenario used in Leading by Convening trainings: mental-health
leaders discuss the rapid switch to teletherapy during the stay-at-home period and what it
means for practice afterwards. Every function here is idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from convener.accounts.models import User
from convener.demo.activities import load_activities
from convener.demo.consensus import load_decisions
from convener.demo.convenings import ZONE, load_convenings
from convener.demo.live import load_sessions
from convener.demo.measuring import load_rounds
from convener.demo.public_page import load_public_page
from convener.demo.purposes import load_purposes
from convener.demo.spanish import add_spanish
from convener.demo.stakeholders import load_stakeholders
from convener.demo.toolkit import load_worksheets
from convener.initiatives import services
from convener.initiatives.models import Initiative, Membership, default_time_zone
from convener.initiatives.roles import Role

DEMO_SLUG = "teletherapy-childrens-mental-health"
DEMO_PASSWORD = "convene-together-2026"  # noqa: S105 - printed on purpose: local demo only

DEMO_TEAM: list[tuple[str, str, str]] = [
    # (e-mail, name, role)
    ("demo@convener.localhost", "Dana Whitfield (demo convener)", Role.OWNER),
    ("maria.lopez@convener.localhost", "María López", Role.CONVENER),
    ("james.carter@convener.localhost", "James Carter", Role.MEMBER),
    ("aisha.rahman@convener.localhost", "Aisha Rahman", Role.MEMBER),
    ("tom.nguyen@convener.localhost", "Tom Nguyen", Role.VIEWER),
]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    initiative: Initiative


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
    return user


@transaction.atomic
def load_demo() -> DemoLogin:
    """Create (or leave as is) the demo team and initiative; return the demo login."""
    people = {email: _user(email, name) for email, name, _role in DEMO_TEAM}
    owner = people[DEMO_TEAM[0][0]]
    initiative = Initiative.objects.filter(slug=DEMO_SLUG).first()
    if initiative is None:
        initiative = services.create_initiative(
            owner=owner,
            slug=DEMO_SLUG,
            title="Continuing teletherapy for children's mental health",
            issue=(
                "During the statewide stay-at-home order, mental-health agencies and providers "
                "moved quickly to teletherapy. Some practitioners saw better participation from "
                "children and youth; many families were uneasy with the platforms. What should "
                "teletherapy look like for children once the order ends, and who needs to be "
                "in that conversation?"
            ),
            practice_problem=(
                "Providers, schools and telehealth services each use different platforms and "
                "rules. Families raise confidentiality, privacy, language and cultural concerns "
                "that no one group can answer alone, and nobody knows who is doing what."
            ),
            start_date=dt.date(2025, 9, 1),
            time_zone=ZONE,  # its convenings are planned in New York time: so are its pages
        )
    elif initiative.time_zone == default_time_zone():
        # A demo loaded before it had a zone of its own.
        initiative.time_zone = ZONE
        initiative.save(update_fields=["time_zone"])
    for email, _name, role in DEMO_TEAM:
        Membership.objects.get_or_create(
            initiative=initiative, user=people[email], defaults={"role": role}
        )
    # Each step leaves existing data alone, so running the demo again changes nothing.
    load_stakeholders(initiative)
    load_activities(initiative)
    load_rounds(initiative)
    load_worksheets(initiative)
    load_sessions(initiative)
    load_decisions(initiative)
    load_convenings(initiative)
    load_public_page(initiative)
    add_spanish(initiative)
    load_purposes(initiative)
    return DemoLogin(email=owner.email, password=DEMO_PASSWORD, initiative=initiative)
