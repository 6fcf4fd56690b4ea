"""Measuring progress: rubric instruments, survey rounds, personal links, responses, answers.

An answer records where one respondent places the group on one rubric row: one of the four
depth keys of the content pack (informing … transforming) or "not_sure". Answers carry copies
of the round, perspective and circle of their response so that a round's results are a single
GROUP BY over one table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel
from convener.core.personal_links import PersonalLink
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.purposes import concerns_field, purposes_field
from convener.stakeholders.models import Circle, Stakeholder

NOT_SURE = "not_sure"


class CustomRow(TimeStampedModel):
    """An operational decision a team adds to a habit's rubric, with its four descriptors.

    Before the descriptors are written the team answers the four "pay attention to" questions.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="custom_rows")
    key = models.CharField(max_length=80)  # "custom.<slug>", stable once created
    habit = models.CharField(max_length=40)  # a content-pack habit key
    title = models.CharField(_("operational decision"), max_length=200)
    descriptors = models.JSONField(default=list)  # four texts, informing … transforming
    makes_difference = models.TextField(_("Does it make a difference?"), blank=True)
    observable = models.TextField(_("Can it be observed?"), blank=True)
    beneficiaries_view = models.TextField(_("Is it seen from the beneficiaries' side?"), blank=True)
    can_change = models.TextField(_("Can it change?"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["habit", "title"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "key"], name="custom_row_key_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Instrument(models.Model):
    """A frozen, versioned set of rubric rows as respondents saw them.

    ``rows`` is a list of {"key", "habit", "title": {lang: text}, "descriptors": [{lang: text}
    four times], "custom": bool}. A new version is made whenever the rows or their wording change.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="instruments")
    version = models.PositiveIntegerField()
    rows = models.JSONField()
    pack_key = models.CharField(max_length=50)
    pack_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "version"], name="instrument_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} instrument v{self.version}"

    @property
    def row_keys(self) -> list[str]:
        return [row["key"] for row in self.rows]


class RoundKind(models.TextChoices):
    STAKEHOLDERS = "stakeholders", _("Stakeholders' view")
    SELF_ASSESSMENT = "self_assessment", _("Team self-assessment")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(TimeStampedModel):
    """One survey round on one instrument, for one audience, over a date window."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="rounds")
    instrument = models.ForeignKey(Instrument, on_delete=models.RESTRICT, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=RoundKind.choices, default=RoundKind.STAKEHOLDERS
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    languages = models.JSONField(default=list)  # language codes offered to respondents
    audience_circles = models.JSONField(default=list, blank=True)  # Circle values
    audience_perspectives = models.ManyToManyField(Perspective, blank=True, related_name="+")
    audience_stakeholders = models.ManyToManyField(Stakeholder, blank=True, related_name="+")
    allow_not_sure = models.BooleanField(_("offer “not sure”"), default=True)
    allow_comments = models.BooleanField(_("allow a comment per item"), default=True)
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        help_text=_("Groups with fewer respondents are not shown on their own (never below 3)."),
    )
    room_token_hash = models.CharField(max_length=64, blank=True)
    purposes = purposes_field()
    concerns = concerns_field()  # the in-the-room QR link
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=3),
                name="round_suppression_at_least_3",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundLink(PersonalLink):
    """A personal link for one invited stakeholder. Only the token's digest is kept."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="round_links"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "stakeholder"], name="one_link_per_stakeholder"
            )
        ]

    def __str__(self) -> str:
        return f"link {self.pk} for round {self.round_id}"


class CollectionMode(models.TextChoices):
    ONLINE = "online", _("Online, personal link")
    ROOM = "room", _("In the room, QR code")
    PAPER = "paper", _("Paper form, entered by a facilitator")


class Response(models.Model):
    """One respondent's answers to a round; kept while in progress, counted once submitted."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    link = models.OneToOneField(
        RoundLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # identified rounds only
    perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    circle = models.CharField(max_length=20, choices=Circle.choices, blank=True)
    language = models.CharField(max_length=10, default="en")
    mode = models.CharField(max_length=10, choices=CollectionMode.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "started_at"]

    def __str__(self) -> str:
        return f"response {self.pk} to round {self.round_id}"


class Answer(models.Model):
    """Where one respondent places the group on one rubric row.

    ``round``, ``perspective`` and ``circle`` are copies from the response, and ``counted``
    is set when the response is submitted, so results are one GROUP BY on this table.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    row_key = models.CharField(max_length=80)
    level = models.CharField(max_length=20)  # a depth key, or NOT_SURE
    comment = models.TextField(blank=True)
    perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    circle = models.CharField(max_length=20, blank=True)
    counted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "row_key"], name="one_answer_per_row")
        ]
        indexes = [
            models.Index(fields=["round", "counted", "row_key", "level"], name="answer_totals"),
            models.Index(
                fields=["round", "counted", "perspective", "row_key", "level"],
                name="answer_by_perspective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row_key}={self.level}"


# --- Results (part 2) ---


class PracticeIndicator(models.Model):
    """One dated value of a practice-change indicator a team tracks (say, families served).

    Uploaded as CSV lines of date, name, value; plotted beside the engagement trend.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="practice_indicators"
    )
    name = models.CharField(_("indicator"), max_length=100)
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name", "date"], name="one_indicator_value_per_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.date}: {self.value}"
