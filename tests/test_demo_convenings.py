"""The demo's convenings: an online forum whose attendance came from Zoom, and one to come."""

import datetime as dt

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convener.accounts.models import User
from convener.activities import meeting_reports as reports
from convener.activities.models import (
    Activity,
    ActivityInvitation,
    Attendance,
    LadderSummary,
    MeetingReportUpload,
)
from convener.activities.selectors.ladder_overview import ladder_overview
from convener.demo.convenings import (
    FORUM_TITLE,
    NEXT_TITLE,
    UNKNOWN_VISITOR,
    _people,
    next_forum_day,
    zoom_files,
)
from convener.demo.data import load_demo
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Stakeholder


def test_the_demo_files_are_real_shaped_zoom_files_with_a_rejoin_a_phone_and_sign_ins(db):
    initiative = load_demo().initiative
    people = _people(initiative)[:8]
    report_bytes, chat_bytes = zoom_files(people, host="Dana Whitfield")
    report = reports.read_report(report_bytes)
    chat = reports.read_report(chat_bytes)
    assert report.source == "zoom"
    assert chat.source == "zoom_chat"
    seen = {p.name: p for p in reports.people_seen(report)}
    rejoined = seen[people[0].name]
    assert len(rejoined.rows) == 2
    assert rejoined.minutes == 39 + 46
    assert any("iPhone" in line for line in report_bytes.decode().splitlines())
    signed_in = {s.name: s for s in chat.sign_ins}
    assert signed_in[people[2].name].sender == "Galaxy A52"
    assert signed_in[UNKNOWN_VISITOR].role == "school psychologist"


def test_the_past_forum_has_its_attendance_imported_from_the_report_and_chat(db):
    initiative = load_demo().initiative
    forum = Activity.objects.get(initiative=initiative, title=FORUM_TITLE)
    assert forum.starts_at is not None
    assert forum.starts_at < timezone.now()
    assert forum.zone_name == "America/New_York"
    assert forum.link
    people = _people(initiative)[:8]
    rows = {a.stakeholder_id: a for a in Attendance.objects.filter(activity=forum, source="zoom")}
    # The rejoin counts once with its total minutes; the iPhone name is matched to its owner;
    # the phone that showed only its model is the person who signed in from it.
    assert rows[people[0].pk].minutes == 85
    assert rows[people[1].pk].minutes == 86
    assert rows[people[2].pk].minutes == 67
    assert all(p.pk in rows for p in people)
    visitor = Stakeholder.objects.get(initiative=initiative, name=UNKNOWN_VISITOR)
    assert rows[visitor.pk].walk_in
    assert "Lakeview, school psychologist" in visitor.notes
    assert not MeetingReportUpload.objects.filter(activity=forum).exists()
    assert AuditEntry.objects.filter(
        initiative=initiative, action="import_attendance", target_id=forum.pk
    ).exists()


def test_the_next_forum_has_a_time_a_link_sent_invitations_and_replies(db):
    initiative = load_demo().initiative
    forum = Activity.objects.get(initiative=initiative, title=NEXT_TITLE)
    assert forum.starts_on > timezone.localdate()
    assert forum.starts_on.weekday() == 3
    assert forum.start_time == dt.time(18)
    assert forum.end_time == dt.time(19, 30)
    assert forum.zone_name == "America/New_York"
    assert forum.link.startswith("https://")
    invited = ActivityInvitation.objects.filter(activity=forum)
    sent = invited.filter(sent_at__isnull=False)
    assert sent.count() >= 5
    assert sent.count() < invited.count()
    assert len(mail.outbox) == sent.count()
    assert all(m.attachments for m in mail.outbox)
    statuses = set(sent.values_list("status", flat=True))
    assert statuses >= {"accepted", "maybe", "declined", "invited"}
    assert all(i.reply_token_hash for i in sent.exclude(status="invited")[:3])
    assert AuditEntry.objects.filter(initiative=initiative, action="reply").count() == 5

    # The activity page shows the replies to the demo convener.
    client = Client()
    client.force_login(User.objects.get(email="demo@convener.localhost"))
    page = client.get(reverse("activities:detail", args=[initiative.slug, forum.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    replied = sent.select_related("stakeholder").exclude(status="invited").first()
    assert replied is not None
    assert replied.stakeholder.name in text


def test_the_next_forum_is_on_a_thursday_at_least_ten_days_ahead():
    for offset in range(7):
        today = dt.date(2026, 12, 1) + dt.timedelta(days=offset)
        day = next_forum_day(today)
        assert day.weekday() == 3
        assert 10 <= (day - today).days < 17


def test_the_past_forum_s_invitations_went_out_before_it(db):
    initiative = load_demo().initiative
    forum = Activity.objects.get(initiative=initiative, title=FORUM_TITLE)
    sent = ActivityInvitation.objects.filter(activity=forum, sent_at__isnull=False)
    assert sent.exists()
    assert all(i.sent_at.date() < forum.starts_on for i in sent)


def test_the_whole_demo_ladder_is_rebuilt_on_first_read_not_only_the_forum_s_people(db):
    initiative = load_demo().initiative
    assert not LadderSummary.objects.filter(initiative=initiative).exists()
    overview = ladder_overview(initiative=initiative, on=timezone.localdate())
    summaries = set(
        LadderSummary.objects.filter(initiative=initiative).values_list("stakeholder_id", flat=True)
    )
    assert overview.everyone.size == len(summaries)
    attended = set(
        Attendance.objects.filter(activity__initiative=initiative).values_list(
            "stakeholder_id", flat=True
        )
    )
    assert attended <= summaries
