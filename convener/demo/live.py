"""Demo live sessions: one finished run of the introduction session, and one in preparation.

The finished run took place on 12 March 2026 with 25 people from across the initiative's
perspectives; some are in the registry and were linked, so they appear in the activity's
attendance and keep their self-ratings. A fixed random seed keeps the answers the same on
every load; loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.live import kinds, services
from convener.live.models import Item, LiveSession, Participant
from convener.stakeholders.models import Kind, Stakeholder

SEED = 20260312
RUN_TITLE = "Introduction to Leading by Convening (March cohort)"
DRAFT_TITLE = "Learning targets check-in (April follow-up)"
RUN_DAY = dt.date(2026, 3, 12)
PEOPLE = 25
LINKED = 6
NAMES = (
    "Alicia Moreno", "Ben Carter", "Chen Wei", "Dana Brooks", "Elena Ruiz", "Farah Khan",
    "Gabe Wilson", "Hana Sato", "Isaac Green", "Jade Thomas", "Kofi Mensah", "Lucia Flores",
    "Marcus Reed", "Nadia Popescu", "Omar Haddad", "Priya Nair", "Quinn Walsh", "Rosa Lima",
    "Sam Ortiz", "Tara Singh", "Uma Patel", "Victor Hugo Diaz", "Wen Li", "Yusuf Ali",
    "Zoe Martin",
)  # fmt: skip
OPEN_ANSWERS = (
    "Ask families when and where they can meet before we set the date",
    "Invite the youth council to our next planning meeting",
    "Share what we learned from the listening sessions with everyone who came",
    "Map who cares about teletherapy in our county and why",
    "Call the school counsellors we never hear from",
    "Turn our webinar into a conversation with time for questions",
    "Keep inviting the groups who said no last time",
    "Meet families where they are, in the evening",
)
GROUP_NOTES = (
    "Families: they lost sessions when rules changed. Schools: counsellors see the gaps first.",
    "Providers care about billing rules; youth care about privacy and being heard.",
    "Courts and probation officers refer many children; faith groups reach families we miss.",
    "County agency holds the funding; parent advocates hold the trust of families.",
)


def _value(item: Item, rng: random.Random) -> Any:
    """Return a plausible answer to ``item`` (right answers more often than not)."""
    config = item.config
    options = kinds.option_keys(config)
    if item.kind in {"single", "emoji", "image", "quiz"}:
        return rng.choice(options)
    if item.kind == "multi":
        most = config.get("max", len(options))
        return rng.sample(options, rng.randint(1, min(most, 4)))
    if item.kind == "true_false":
        return config["answer"] if rng.random() < 0.8 else not config["answer"]
    if item.kind == "classify":
        categories = [c["key"] for c in config["categories"]]
        return {
            s["key"]: s["answer"] if rng.random() < 0.7 else rng.choice(categories)
            for s in config["statements"]
        }
    if item.kind == "quadrant":
        return {
            s["key"]: {"x": round(rng.uniform(5, 95), 1), "y": round(rng.uniform(5, 95), 1)}
            for s in config["statements"]
        }
    if item.kind == "open_text":
        return rng.choice(OPEN_ANSWERS)
    if item.kind == "ranking":
        order = list(options)
        rng.shuffle(order)
        return order
    if item.kind == "rating":
        return {
            s["key"]: rng.randint(config.get("min", 1) + 2, config.get("max", 10))
            for s in config["statements"]
        }
    return None


def _people(session: LiveSession, initiative: Initiative, rng: random.Random) -> list[Participant]:
    perspectives = list(initiative.perspectives.all())
    registry = list(
        Stakeholder.objects.filter(
            initiative=initiative, kind=Kind.PERSON, erased_at__isnull=True
        ).order_by("pk")[:LINKED]
    )
    names = [s.name for s in registry] + list(NAMES[: PEOPLE - len(registry)])
    people = []
    for n, name in enumerate(names):
        perspective = perspectives[n % len(perspectives)] if perspectives else None
        if n < len(registry) and registry[n].perspective is not None:
            perspective = registry[n].perspective
        participant, _token = services.join(
            session=session,
            display_name=name,
            location=rng.choice(("Harrisburg", "Pittsburgh", "Erie", "Scranton", "online")),
            perspective=perspective,
            language="es" if n % 7 == 3 else "en",
        )
        if n < len(registry):
            services.confirm_link(participant=participant, stakeholder=registry[n], actor=None)
        people.append(participant)
    return people


def _run_item(item: Item, people: list[Participant], rng: random.Random) -> None:
    services.open_item(item=item, actor=None)
    item.refresh_from_db()
    if item.kind == "breakout":
        groups = services.form_breakouts(item=item, mode="perspective", group_count=4, actor=None)
        for group, notes in zip(groups, GROUP_NOTES, strict=False):
            services.save_notes(group=group, notes=notes, base_version=0, actor=None)
            services.report_back(group=group, text=notes.split(".")[0] + ".", actor=None)
    elif item.kind in kinds.VOTING_KINDS:
        answering = [p for p in people if rng.random() < 0.92]
        services.cast_votes(
            [
                services.VoteIn(item_id=item.pk, participant_id=p.pk, value=_value(item, rng))
                for p in answering
            ]
        )
    services.close_item(item=item, actor=None)
    if item.kind in kinds.QUIZ_KINDS:
        services.reveal_key(item=item, actor=None)
    elif item.kind in kinds.VOTING_KINDS:
        services.reveal_results(item=item, actor=None)


@transaction.atomic
def load_sessions(initiative: Initiative) -> None:
    """Add the finished introduction run and a draft follow-up to ``initiative`` (once)."""
    if not initiative.live_sessions.filter(title=RUN_TITLE).exists():
        rng = random.Random(SEED)  # noqa: S311 -- repeatable demo data
        session = services.create_session(
            initiative=initiative, actor=None, title=RUN_TITLE, template_key="intro_lbc"
        )
        services.start_session(session=session, actor=None)
        session.refresh_from_db()
        assert session.activity is not None
        session.activity.starts_on = RUN_DAY
        session.activity.place = "Online (video call)"
        session.activity.save(update_fields=["starts_on", "place"])
        people = _people(session, initiative, rng)
        for item in session.items.order_by("position"):
            _run_item(item, people, rng)
        open_text = session.items.get(kind="open_text")
        first = open_text.votes.order_by("pk").first()
        if first is not None:  # the facilitator hid one answer from the projected list
            services.set_hidden(vote=first, hidden=True, actor=None)
        services.end_session(session=session, actor=None)
        started = timezone.make_aware(dt.datetime.combine(RUN_DAY, dt.time(9, 30)))
        LiveSession.objects.filter(pk=session.pk).update(
            started_at=started, ended_at=started + dt.timedelta(hours=3)
        )
    if not initiative.live_sessions.filter(title=DRAFT_TITLE).exists():
        services.create_session(
            initiative=initiative, actor=None, title=DRAFT_TITLE, template_key="learning_targets"
        )
