"""Demo decisions: a proposal revised after families' reservations, then decided; one still open.

Revision 1 ("focus year one on confidentiality") meets serious reservations from families,
who ask for language access; revision 2 adds it and is adopted with changes. Positions are
drawn with a fixed seed from the core and key circles, so the demo looks the same every time.
Idempotent: a proposal that exists already is left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from convener.consensus import services
from convener.consensus.models import Proposal
from convener.initiatives.models import Initiative, Membership
from convener.stakeholders.models import Kind, Stakeholder

SEED = 20260305
DECIDED_TITLE = "Focus year one on confidentiality and language access in teletherapy"
OPEN_TITLE = "Shared ground rules for teletherapy sessions with children"
FIRST_TEXT = (
    "In the first year, the group works on one thing: confidentiality in teletherapy for "
    "children and youth. Providers, schools and telehealth services agree on how sessions are "
    "kept private at home and at school, and explain it to families in plain words."
)
SECOND_TEXT = (
    "In the first year, the group works on confidentiality and language access in teletherapy "
    "for children and youth. Providers, schools and telehealth services agree on how sessions "
    "are kept private at home and at school, offer interpreters and Spanish-language platforms, "
    "and explain both to families in plain words, in the family's language."
)
CHANGE_NOTE = (
    "Families said confidentiality means little if the platform and the therapist do not speak "
    "their language. Language access is now part of the year-one focus."
)

# Positions per perspective on each revision: (option, reason) drawn in turn.
FIRST_ROUND = {
    "family_youth": [
        ("serious_reservations", "Privacy matters, but many of our families cannot use the "
         "platforms at all in English. Language access has to come first or at the same time."),
        ("serious_reservations", "Sin intérpretes, la confidencialidad no sirve de mucho."),
        ("disagree_go_along", "We will go along, but families were not asked what worries them."),
    ],
    "advocacy_organization": [
        ("serious_reservations", "Language and cultural concerns are missing from the focus."),
    ],
    "state_agency": [("endorse", ""), ("endorse_minor", "Include schools."), ("endorse", "")],
    "county_agency": [("endorse", ""), ("agree_reservations", "Mind the cost for small clinics.")],
    "project_staff": [("endorse", "")],
    "health_provider": [("endorse_minor", "Vendors must be at the table.")],
}  # fmt: skip
SECOND_ROUND = {
    "family_youth": [
        ("endorse_minor", "Good. Please keep families in the working group."),
        ("endorse", ""),
        ("agree_reservations", "We will watch that interpreters are really paid for."),
    ],
    "advocacy_organization": [("endorse", "")],
    "state_agency": [("endorse", ""), ("endorse", ""), ("endorse_minor", "Budget in year two.")],
    "county_agency": [("endorse", ""), ("agree_reservations", "Mind the cost for small clinics.")],
    "project_staff": [("endorse", "")],
    "health_provider": [("endorse", "")],
}  # fmt: skip


def _people(proposal: Proposal) -> dict[str, list[Stakeholder]]:
    """Return the people the proposal is put to, by perspective key, in a fixed order."""
    found: dict[str, list[Stakeholder]] = {}
    people = (
        services.audience(proposal)
        .filter(kind=Kind.PERSON)
        .select_related("perspective")
        .order_by("name", "id")
    )
    for person in people:
        if person.perspective is not None:
            found.setdefault(person.perspective.key, []).append(person)
    return found


def _take_positions(
    proposal: Proposal,
    people: dict[str, list[Stakeholder]],
    plan: dict[str, list[tuple[str, str]]],
    rng: random.Random,
) -> None:
    for key, choices in plan.items():
        group = people.get(key, [])
        for index, person in enumerate(group[: max(len(choices), 3)]):
            option, reason = choices[index % len(choices)]
            if rng.random() < 0.15 and not reason:  # a few stay silent
                continue
            # Nobody holds the demo's links: a person in two groups gets theirs replaced.
            secret = services.issue_link(
                proposal=proposal, stakeholder=person, actor=None, replace=True
            )
            link = services.find_link(secret)
            if link is not None:
                services.record_link_position(link=link, option=option, reason=reason)


@transaction.atomic
def load_decisions(initiative: Initiative) -> None:
    """Add the demo proposals and decision; leave existing ones alone."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    team = list(
        Membership.objects.filter(initiative=initiative, role__in=services.TEAM_ROLES)
        .select_related("user")
        .order_by("id")
    )
    owner = team[0].user if team else None
    # Families and advocates are asked wherever they sit in the circles.
    voices = Stakeholder.objects.active().filter(
        initiative=initiative,
        kind=Kind.PERSON,
        perspective__key__in=["family_youth", "advocacy_organization"],
    )
    if not Proposal.objects.filter(initiative=initiative, title=DECIDED_TITLE).exists():
        proposal = services.create_proposal(
            initiative=initiative,
            actor=owner,
            title=DECIDED_TITLE,
            text=FIRST_TEXT,
            process="gradients",
            audience_team=True,
            audience_circles=["core", "key"],
            audience_stakeholders=list(voices),
            serves_kind="rubric_row",
            serves_ref="coalescing.consensus",
            serves_label="Making decisions by consensus",
            suppression_threshold=3,
        )
        services.open_proposal(proposal=proposal, actor=owner)
        people = _people(proposal)
        _take_positions(proposal, people, FIRST_ROUND, rng)
        if owner is not None:
            services.add_comment(
                proposal=proposal,
                author=owner,
                text="Families and the advocacy group ask for language access. "
                "Shall we revise rather than decide now?",
            )
        services.revise_proposal(
            proposal=proposal, actor=owner, text=SECOND_TEXT, change_note=CHANGE_NOTE
        )
        proposal.refresh_from_db()
        _take_positions(proposal, people, SECOND_ROUND, rng)
        for membership in team:
            services.record_member_position(
                proposal=proposal, user=membership.user, option="endorse"
            )
        services.record_decision(
            proposal=proposal,
            actor=owner,
            outcome="adopted_amended",
            statement=(
                "Year one focuses on confidentiality and language access in teletherapy for "
                "children, with families in the working group."
            ),
            statement_es=(
                "El primer año se centra en la confidencialidad y el acceso lingüístico en la "
                "teleterapia infantil, con las familias en el grupo de trabajo."
            ),
            decided_on=dt.date(2026, 3, 5),
            decided_by="The core team and key participants, by consensus at the March convening",
        )
    if not Proposal.objects.filter(initiative=initiative, title=OPEN_TITLE).exists():
        proposal = services.create_proposal(
            initiative=initiative,
            actor=owner,
            title=OPEN_TITLE,
            text=(
                "Every teletherapy session with a child starts with the same three checks: who "
                "else is in the room, whether the child can speak freely, and how to reach the "
                "family if the call drops."
            ),
            process="consent",
            audience_team=True,
            audience_circles=["core"],
            serves_kind="other",
            serves_label="Grounding documents: ground rules",
        )
        services.open_proposal(proposal=proposal, actor=owner)
        for membership in team[:2]:
            services.record_member_position(
                proposal=proposal, user=membership.user, option="consent"
            )
