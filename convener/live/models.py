"""Live sessions: an agenda of items run in the room or on a call, joined from phones by code.

A session *is* an activity of the initiative: participants' sign-ins become its attendance,
votes can be read by perspective, and quiz scores and self-ratings stay with each participant
(and with the registry stakeholder once the facilitator confirms the link).

Results are kept incrementally in ``Tally`` rows (one per item, perspective bucket and answer
key), adjusted in the same transaction that stores or changes a vote, so showing results never
re-reads every vote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.activities.models import Activity
from convener.core.models import TimeStampedModel
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Stakeholder

# Six characters from an alphabet without look-alikes (no 0/O, 1/I/L): easy to read off a
# projector and type on a phone; 32**6 ≈ 1.07 billion codes.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Not started")
    LIVE = "live", _("Live")
    ENDED = "ended", _("Ended")


class LiveSession(TimeStampedModel):
    """One run of an agenda with an audience. Rerunning a session copies it into a new one."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="live_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    # Built-in template this session was copied from ("" for one built from scratch).
    template_key = models.CharField(max_length=80, blank=True)
    # A session saved as a template of the initiative can be copied like the built-in ones.
    is_template = models.BooleanField(_("keep as a template"), default=False)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    current_item = models.ForeignKey(
        "Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Created when the session starts: sign-ins become its attendance.
    activity = models.OneToOneField(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="live_session"
    )
    # Breakdowns by perspective hide groups smaller than this (re-identification risk).
    suppression_threshold = models.PositiveSmallIntegerField(_("smallest group shown"), default=3)
    # Bumped on every facilitator action, so a reconnecting client can tell it is behind.
    state_version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ItemKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTI = "multi", _("Multiple choice (up to a maximum)")
    EMOJI = "emoji", _("How do you feel (emoji)")
    RATING = "rating", _("Rating scale")
    TRUE_FALSE = "true_false", _("True or false quiz")
    QUIZ = "quiz", _("Quiz with one right answer")
    CLASSIFY = "classify", _("Sorting quiz (statements into categories)")
    IMAGE = "image", _("Image choice")
    QUADRANT = "quadrant", _("Place a dot on a 2x2 grid")
    OPEN_TEXT = "open_text", _("Open text and word cloud")
    RANKING = "ranking", _("Ranking")
    PROMPT = "prompt", _("Discussion prompt")
    BREAKOUT = "breakout", _("Breakout groups")
    SLIDE = "slide", _("Content slide")
    PROPOSAL = "proposal", _("Proposal (agreement scale)")


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Not opened yet")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Item(models.Model):
    """One step of the agenda. ``config`` holds what the kind needs (see convener.live.kinds)."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    prompt = models.TextField(_("prompt"))
    # Options, statements, categories, answer key, scale, axis labels, alt texts, maximum…
    config = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    # Results stay hidden from participants and the projector until revealed (against groupthink).
    revealed = models.BooleanField(default=False)
    # Quiz answers are shown only once the facilitator reveals the key.
    key_revealed = models.BooleanField(default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Number of participants who have answered; kept with the tallies.
    answer_count = models.PositiveIntegerField(default=0)
    # Bumped whenever the tallies change, so cached or pushed results can tell they are stale.
    tally_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="live_item_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.prompt[:40]}"


class Participant(models.Model):
    """Someone who joined a session by code, without an account."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    # 256-bit secret held by the participant's browser (session and WebSocket); only the hash.
    token_hash = models.CharField(max_length=64, unique=True)
    display_name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("where you are joining from"), max_length=120, blank=True)
    perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=10, default="en")
    # Registry match proposed by name, and the link the facilitator confirmed.
    suggested_stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_participations",
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined_at"]
        indexes = [models.Index(fields=["session", "perspective"])]

    def __str__(self) -> str:
        return self.display_name


class Vote(models.Model):
    """A participant's answer to an item; changeable until the item closes, counted once."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    # Shape depends on the kind: an option key, a list of keys, a number, {statement: value},
    # {"x": 0-100, "y": 0-100}, an ordered list, or text.
    value = models.JSONField()
    text = models.TextField(blank=True)  # a reason (proposals) or the open-text answer
    # Quiz kinds: the share of right answers, 0..1, computed when the vote is stored.
    score = models.FloatField(null=True, blank=True)
    # Open text: the facilitator can hide an answer from the projected list and word cloud.
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="live_one_vote_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.item_id}"


class Tally(models.Model):
    """Running count for one answer key of an item within one perspective bucket.

    ``bucket`` is ``"*"`` for everyone, or a perspective key (``"-"`` when none was given).
    ``total`` carries sums for averages (rating scales, 2x2 coordinates, ranking points).
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="tallies")
    bucket = models.CharField(max_length=60)
    key = models.CharField(max_length=200)
    count = models.IntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "bucket", "key"], name="live_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.bucket} {self.key}: {self.count}"


class BreakoutGroup(models.Model):
    """A group formed for a breakout item, with its own prompt and shared notes."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=100)
    prompt = models.TextField(_("prompt"), blank=True)
    # A worksheet section the group works on, as "<tool_key>:<section_key>" (optional).
    worksheet_section = models.CharField(max_length=200, blank=True)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("shared notes"), blank=True)
    notes_version = models.PositiveIntegerField(default=0)
    report_back = models.TextField(_("report back"), blank=True)
    members = models.ManyToManyField(Participant, blank=True, related_name="breakout_groups")

    class Meta:
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return self.name


# The training series' models live in their own module (imported here so Django finds them).
from convener.live.series_models import (  # noqa: E402, F401
    SeriesAttendance,
    SeriesMember,
    SeriesSession,
    TrainingSeries,
)
