"""Doing the work together: activities, who was invited and came, and how they engaged.

An activity is anything the initiative does with stakeholders, from an e-mail list to a
regional workgroup. Invitations and attendance record who was asked and who came; engagement
events record what people did, from attending to co-leading, and feed the participation →
engagement ladder. Milestones and relationships feed the chronology and the Web of Connections.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.purposes import concerns_field, purposes_field
from convener.stakeholders.models import Stakeholder


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Meeting or convening")
    WEBINAR = "webinar", _("Webinar")
    CONFERENCE = "conference", _("Conference")
    FAMILY_EVENT = "family_event", _("Family event")
    REGIONAL_WORKGROUP = "regional_workgroup", _("Regional workgroup")
    INTERVIEW = "interview", _("Interview")
    ONLINE_SURVEY = "online_survey", _("Online survey")
    EMAIL_LIST = "email_list", _("E-mail list")
    SOCIAL_MEDIA = "social_media", _("Social-media announcement")
    CUSTOM = "custom", _("Other (name it)")


class Formality(models.TextChoices):
    FORMAL = "formal", _("Formal")
    INFORMAL = "informal", _("Informal")


class LearningMode(models.TextChoices):
    FROM = "from", _("Learning from")
    WITH = "with", _("Learning with")


class Direction(models.TextChoices):
    ONE_WAY = "one_way", _("One-way")
    TWO_WAY = "two_way", _("Two-way")


class Activity(TimeStampedModel):
    """Something the initiative does with stakeholders, placed on the One-Way/Two-Way quadrants."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=ActivityKind.choices)
    custom_kind = models.CharField(_("custom type"), max_length=80, blank=True)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    # Times of day in the activity's own time zone; an activity without them is all-day.
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, blank=True, help_text=_("Blank: the initiative's.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    # RFC 5545 SEQUENCE: raised whenever what a calendar shows changes, so that calendars
    # that already hold the event take the new version instead of keeping the old one.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    habit = models.CharField(_("habit served"), max_length=40, blank=True)  # content-pack habit key
    intended_depth = models.CharField(_("intended depth"), max_length=20, blank=True)  # depth key
    audience_circles = models.JSONField(default=list, blank=True)  # stakeholders.Circle values
    expected_perspectives = models.ManyToManyField(
        Perspective, blank=True, related_name="+", verbose_name=_("expected perspectives")
    )
    formality = models.CharField(
        _("formal or informal"), max_length=10, choices=Formality.choices, blank=True
    )
    learning = models.CharField(
        _("learning from or with"), max_length=10, choices=LearningMode.choices, blank=True
    )
    direction = models.CharField(
        _("one-way or two-way"), max_length=10, choices=Direction.choices, blank=True
    )
    purposes = purposes_field()
    concerns = concerns_field()
    next_activity = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="previous_activities",
        verbose_name=_("next activity in the chain"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["initiative", "starts_on"])]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return self.title

    @property
    def zone_name(self) -> str:
        return self.time_zone or self.initiative.time_zone or settings.TIME_ZONE

    @property
    def starts_at(self) -> dt.datetime | None:
        """The start as an aware date-time in the activity's time zone; None when all-day."""
        if self.start_time is None:
            return None
        return dt.datetime.combine(self.starts_on, self.start_time, ZoneInfo(self.zone_name))

    @property
    def ends_at(self) -> dt.datetime | None:
        """The end as an aware date-time; None when no end time is set."""
        if self.start_time is None or self.end_time is None:
            return None
        day = self.ends_on or self.starts_on
        return dt.datetime.combine(day, self.end_time, ZoneInfo(self.zone_name))


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    MAYBE = "maybe", _("Maybe")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")


class ActivityInvitation(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="activity_invitations"
    )
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # The reply link (services.invitations): its secret is derived from the server's key and
    # this salt, so every e-mail (invitation, update, reminder) carries the same link, and only
    # its SHA-256 digest is stored. A new salt (an explicit "replace") ends the old link.
    reply_salt = models.CharField(max_length=32, blank=True)
    reply_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "stakeholder"], name="one_invitation_per_activity"
            )
        ]
        indexes = [models.Index(fields=["stakeholder", "status"])]

    def __str__(self) -> str:
        return f"{self.stakeholder_id} → {self.activity_id}: {self.status}"


class Attendance(models.Model):
    """One stakeholder present at one activity. A walk-in came without an invitation."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="attendance"
    )
    checked_in_at = models.DateTimeField(auto_now_add=True)
    walk_in = models.BooleanField(default=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Filled when the attendance came from a meeting tool's report (zoom, teams, meet).
    source = models.CharField(max_length=20, blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "stakeholder"], name="one_attendance_per_activity"
            )
        ]
        indexes = [models.Index(fields=["stakeholder", "activity"])]

    def __str__(self) -> str:
        return f"{self.stakeholder_id} at {self.activity_id}"


class MeetingReportUpload(models.Model):
    """A meeting report uploaded for review, kept only until its attendance is recorded.

    The review page shows what the files say; the confirmation reads them again from here, so
    nothing the browser sends back can change what was uploaded. Binary and short-lived: the
    whole-initiative export leaves it out, and the daily purge removes rows older than a day.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    report = models.BinaryField()
    chat = models.BinaryField(blank=True, default=b"")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"report for {self.activity_id}"


class EventKind(models.TextChoices):
    """Steps on the participation → engagement ladder, lowest first within each side."""

    # Participation: taking part in what others organise.
    ACCEPTED = "accepted", _("Accepted an invitation")
    ATTENDED = "attended", _("Attended")
    SHARED = "shared", _("Shared information")
    ASKED = "asked", _("Asked a question")
    # Engagement: acting as a partner.
    INTERACTED = "interacted", _("Interacted with others")
    CONTRIBUTED = "contributed", _("Contributed")
    INITIATED = "initiated", _("Initiated something")
    STAYED_CONNECTED = "stayed_connected", _("Stayed connected")
    LED = "led", _("Led or co-led an activity")
    LEADERSHIP_ROLE = "leadership_role", _("Took on a leadership role")


PARTICIPATION_EVENTS: frozenset[str] = frozenset({"accepted", "attended", "shared", "asked"})
ENGAGEMENT_EVENTS: frozenset[str] = frozenset(
    {"interacted", "contributed", "initiated", "stayed_connected", "led", "leadership_role"}
)


class EngagementEvent(models.Model):
    """Something a stakeholder did, dated; the ladder level is derived from these."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="engagement_events"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="engagement_events"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="engagement_events"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["initiative", "stakeholder", "occurred_on"]),
            models.Index(fields=["initiative", "kind", "occurred_on"]),
        ]
        constraints = [
            # Recording the same step for the same activity twice is one event.
            models.UniqueConstraint(
                fields=["stakeholder", "activity", "kind"],
                condition=models.Q(activity__isnull=False),
                name="one_event_kind_per_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder_id} {self.kind} {self.occurred_on}"


class LadderSummary(models.Model):
    """One person's place on the engagement ladder, as the ladder page shows it on ``computed_on``.

    Kept by the services that write engagement events and invitations (``refresh_people``) and
    rebuilt for everyone by the nightly task (``convener.activities.tasks``), or by the first
    read of a day the task has not reached yet (``services.ladder_summaries``). A person with no
    event and no invitation has no row.
    """

    stakeholder = models.OneToOneField(
        Stakeholder, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    computed_on = models.DateField()
    # The level on each day of ``ladder_figures.page_days(computed_on)`` (today, then the ends
    # of the five earlier quarters; null: nothing yet), in columns so the overview counts them
    # in SQL.
    level_0 = models.PositiveSmallIntegerField(null=True)
    level_1 = models.PositiveSmallIntegerField(null=True)
    level_2 = models.PositiveSmallIntegerField(null=True)
    level_3 = models.PositiveSmallIntegerField(null=True)
    level_4 = models.PositiveSmallIntegerField(null=True)
    level_5 = models.PositiveSmallIntegerField(null=True)
    ever = models.PositiveSmallIntegerField(null=True)
    times_attended = models.PositiveIntegerField(default=0)
    last_attended = models.DateField(null=True)
    last_engaged = models.DateField(null=True)

    def __str__(self) -> str:
        return f"{self.stakeholder_id} on {self.computed_on}"


class Milestone(models.Model):
    """A moment the team adds to the chronology, with what changed and the value produced."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("milestone"), max_length=200)
    what_changed = models.TextField(_("what changed"), blank=True)
    value_produced = models.TextField(_("value produced"), blank=True)
    habit = models.CharField(_("habit"), max_length=40, blank=True)
    perspectives = models.ManyToManyField(Perspective, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Relationship(models.Model):
    """A directed relationship the team records between two groups or roles.

    A side is a perspective, an organization in the registry, or a free-text role when neither
    fits; exactly one of the three is set on each side.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="relationships"
    )
    from_perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_organization = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_role = models.CharField(_("from role"), max_length=120, blank=True)
    to_perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_organization = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    to_role = models.CharField(_("to role"), max_length=120, blank=True)
    issue_view = models.TextField(_("how the issue looks from there"), blank=True)
    key_ideas = models.TextField(_("key ideas"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"relationship {self.pk}"
