"""Convenings as they really happen: an online forum already over, and one still to come.

The "Regional family forum" met online on a Thursday evening (New York time). Its attendance
came from the meeting tool's own files, imported through the same service a convener uses: a
Zoom participant report (one person rejoined, one joined from "… (iPhone)", one from a phone
that only shows its model) and the saved chat, where people signed in with "name, location,
role" as the training deck asks. Someone nobody knew signed in too and was added to the registry.

The next forum is ten or more days ahead, with a time, a time zone and a meeting link; its
invitations have been sent (``convener load_demo`` counts them rather than printing each: the
addresses are made up) and a few people have replied through their reply links.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from convener.activities import attendance_match as matching
from convener.activities.models import (
    Activity,
    ActivityInvitation,
    LadderSummary,
    MeetingReportUpload,
)
from convener.activities.services import attendance_import, invitations
from convener.activities.services.events import create_activity, invite
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Kind, Stakeholder

FORUM_TITLE = "Regional family forum"
NEXT_TITLE = "Regional family forum: planning next year's sessions"
FORUM_DAY = dt.date(2026, 10, 22)  # a Thursday
ZONE = "America/New_York"
FORUM_LINK = "https://zoom.example.org/j/81234567890"
UNKNOWN_VISITOR = "Pat Quinlan"


def _people(initiative: Initiative) -> list[Stakeholder]:
    """The families and their community partners the forum is for, regulars first."""
    order = ("family_youth", "community_organization", "advocacy_organization")
    people = (
        Stakeholder.objects.active()
        .filter(initiative=initiative, kind=Kind.PERSON, perspective__key__in=order)
        .exclude(email="")
        .select_related("perspective")
        .order_by("id")
    )
    return sorted(people, key=lambda p: order.index(p.perspective.key if p.perspective else ""))


def _line(name: str, email: str, start: str, end: str, minutes: int, guest: bool) -> str:
    day = FORUM_DAY.strftime("%m/%d/%Y")
    quoted = f'"{name}"' if "," in name else name
    return f"{quoted},{email},{day} {start},{day} {end},{minutes},{'Yes' if guest else 'No'},Y"


def zoom_files(people: list[Stakeholder], host: str) -> tuple[bytes, bytes]:
    """Return (participant report, saved chat) as Zoom writes them, naming ``people``.

    ``people[0]`` rejoins, ``people[1]`` joins from an iPhone, ``people[2]`` from a phone that
    shows only its model (and signs in in the chat), ``people[3:]`` join once; an unknown
    visitor signs in too.
    """
    rejoin, iphone, galaxy, *others = people
    first = iphone.name.split()[0]
    day = FORUM_DAY.strftime("%m/%d/%Y")
    rows = [
        _line(host, "convener@example.org", "06:00:05 PM", "07:31:40 PM", 92, False),
        _line(rejoin.name, rejoin.email, "06:02:00 PM", "06:41:00 PM", 39, False),
        _line(rejoin.name, rejoin.email, "06:44:00 PM", "07:30:00 PM", 46, False),
        _line(f"{iphone.name} ({first}'s iPhone)", "", "06:03:00 PM", "07:29:00 PM", 86, True),
        _line("Galaxy A52", "", "06:08:00 PM", "07:15:00 PM", 67, True),
        _line(UNKNOWN_VISITOR, "", "06:12:00 PM", "07:00:00 PM", 48, True),
    ]
    for index, person in enumerate(others[:9]):
        rows.append(
            _line(person.name, person.email, f"06:0{index}:00 PM", "07:30:00 PM", 90 - index, False)
        )
    report = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        f"812 3456 7890,{FORUM_TITLE},{day} 06:00:05 PM,{day} 07:31:40 PM,"
        f"convener@example.org,92,{len(rows)}\n\n"
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
        "Recording Consent\n" + "\n".join(rows) + "\n"
    )
    chat = (
        f"18:00:40 From {host} to Everyone:\n"
        "\tWelcome! In the chat, please sign in: your name, location and role.\n"
        f"18:03:20 From {iphone.name} to Everyone:\n"
        f"\t{iphone.name}, Riverside County, parent\n"
        "18:08:30 From Galaxy A52 to Everyone:\n"
        f"\t{galaxy.name}, Mesa County, family partner\n"
        f"18:12:40 From {UNKNOWN_VISITOR} to Everyone:\n"
        f"\t{UNKNOWN_VISITOR}, Lakeview, school psychologist\n"
        f"18:14:00 From {rejoin.name} to Everyone:\n"
        "\tThanks, glad to be here\n"
    )
    return report.encode(), chat.encode()


def _forum(initiative: Initiative, people: list[Stakeholder]) -> Activity:
    owner = initiative.created_by
    forum = create_activity(
        initiative=initiative,
        actor=owner,
        fields={
            "title": FORUM_TITLE,
            "kind": "family_event",
            "starts_on": FORUM_DAY,
            "start_time": dt.time(18, 0),
            "end_time": dt.time(19, 30),
            "time_zone": ZONE,
            "link": FORUM_LINK,
            "description": "Families and their community partners, online, in the evening.",
            "formality": "informal",
            "learning": "with",
            "direction": "two_way",
        },
    )
    came = people[:8]
    invite(activity=forum, actor=owner, stakeholder_ids=[p.pk for p in people[:12]])
    # The invitations went out a week before (this demo does not e-mail the past).
    invitations.reachable(forum).update(
        sent_at=timezone.make_aware(dt.datetime.combine(FORUM_DAY, dt.time(9))) - dt.timedelta(7),
        sent_sequence=forum.calendar_sequence,
    )
    report, chat = zoom_files(came, host=owner.display_name if owner else "Host")
    upload = MeetingReportUpload.objects.create(
        activity=forum, report=report, chat=chat, created_by=owner
    )
    review = attendance_import.review_upload(upload)
    # The convener looked at each one the matcher could not place and chose the first candidate.
    decisions = {
        p.key: str(p.match.candidates[0].id)
        for p in review.people
        if p.status == matching.AMBIGUOUS and p.match.candidates
    }
    attendance_import.record_upload(upload=upload, actor=owner, decisions=decisions)
    return forum


def next_forum_day(today: dt.date) -> dt.date:
    """The first Thursday at least ten days after ``today``."""
    day = today + dt.timedelta(days=10)
    return day + dt.timedelta(days=(3 - day.weekday()) % 7)


def _next_forum(initiative: Initiative, people: list[Stakeholder]) -> Activity:
    owner = initiative.created_by
    forum = create_activity(
        initiative=initiative,
        actor=owner,
        fields={
            "title": NEXT_TITLE,
            "kind": "family_event",
            "starts_on": next_forum_day(timezone.localdate()),
            "start_time": dt.time(18, 0),
            "end_time": dt.time(19, 30),
            "time_zone": ZONE,
            "link": "https://zoom.example.org/j/81234567891",
            "description": "What should next year's family sessions cover, and who leads them?",
            "formality": "informal",
            "learning": "with",
            "direction": "two_way",
        },
    )
    invite(activity=forum, actor=owner, stakeholder_ids=[p.pk for p in people])
    invitations.send_invitations(activity_id=forum.pk)
    sent = list(
        ActivityInvitation.objects.filter(activity=forum, sent_at__isnull=False).order_by(
            "stakeholder_id"
        )
    )
    for invitation, answer in zip(sent, ("yes", "yes", "maybe", "no", "yes"), strict=False):
        invitations.reply_secret(invitation)  # the link each e-mail carried
        invitations.record_reply(invitation=invitation, answer=answer)
    return forum


@transaction.atomic
def load_convenings(initiative: Initiative) -> None:
    """Add the two forums; do nothing if they are there already (or there is nobody to ask)."""
    if Activity.objects.filter(initiative=initiative, title=FORUM_TITLE).exists():
        return
    people = _people(initiative)
    if len(people) < 8:
        return
    _forum(initiative, people)
    _next_forum(initiative, people)
    # The services above stored ladder summaries for the people they touched only; the rest of
    # the demo was written in bulk. With no stored rows the first ladder read rebuilds the
    # whole initiative, as it does for any loaded demo or import (services.ladder_summaries).
    LadderSummary.objects.filter(initiative=initiative).delete()
