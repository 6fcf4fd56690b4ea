"""Decisions through consensus: proposals, their revisions, positions and decision records.

A proposal's text lives in numbered revisions; a position belongs to one revision, so a new
revision starts the positions afresh while the earlier ones stay on record. The decision
record freezes the final distribution and participation as they were when it was recorded.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.consensus.processes import DEFAULT_PROCESS, PROCESSES
from convener.core.models import TimeStampedModel
from convener.core.personal_links import PersonalLink
from convener.initiatives.models import Initiative, Perspective
from convener.initiatives.purposes import concerns_field, purposes_field
from convener.stakeholders.models import Stakeholder


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    DECIDED = "decided", _("Decided")


class ServesKind(models.TextChoices):
    NONE = "", _("Nothing in particular")
    RUBRIC_ROW = "rubric_row", _("A rubric row")
    WORKSHEET = "worksheet", _("A worksheet")
    OTHER = "other", _("Something else")


class Proposal(TimeStampedModel):
    """A proposal put to the team and stakeholders, with a decision process and an audience."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    process = models.CharField(
        _("decision process"),
        max_length=30,
        choices=[(k, p.name()) for k, p in PROCESSES.items()],
        default=DEFAULT_PROCESS,
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1)  # the current revision's number
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous positions"),
        default=False,
        help_text=_("Show positions without names. Perspectives are still counted."),
    )
    audience_team = models.BooleanField(_("the core team"), default=True)
    audience_circles = models.JSONField(default=list, blank=True)  # Circle values
    audience_perspectives = models.ManyToManyField(Perspective, blank=True, related_name="+")
    audience_stakeholders = models.ManyToManyField(Stakeholder, blank=True, related_name="+")
    serves_kind = models.CharField(
        _("serves"), max_length=20, choices=ServesKind.choices, blank=True, default=""
    )
    serves_ref = models.CharField(max_length=120, blank=True)  # e.g. a rubric row key
    serves_label = models.CharField(_("what it serves"), max_length=200, blank=True)
    purposes = purposes_field()
    concerns = concerns_field()
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=5,
        help_text=_(
            "Perspectives with fewer positions are not shown on their own (never below 3)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=3),
                name="proposal_suppression_at_least_3",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="proposal_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One version of a proposal's text. Revision 1 is the text it was created with."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField(_("proposal"))
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    change_note = models.TextField(_("what changed and why"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} r{self.number}"


class ProposalLink(PersonalLink):
    """A stakeholder's personal link to a proposal. Only the token's digest is kept."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="links")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="proposal_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "stakeholder"], name="one_proposal_link_per_stakeholder"
            )
        ]

    def __str__(self) -> str:
        return f"link {self.pk} for proposal {self.proposal_id}"


class Channel(models.TextChoices):
    TEAM = "team", _("Team member, on the proposal page")
    LINK = "link", _("Personal link")
    LIVE = "live", _("Live session")


class Position(models.Model):
    """Where one person places themselves on one revision of a proposal, and why.

    Exactly one of ``user`` (a team member), ``stakeholder`` (a registry entry) or
    ``live_ref`` (an anonymous live participant) says whose position it is.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    revision = models.PositiveIntegerField()
    option = models.CharField(max_length=40)
    reason = models.TextField(_("reason"), blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    live_ref = models.CharField(max_length=80, blank=True)
    perspective = models.ForeignKey(
        Perspective, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposal", "revision", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "revision", "user"],
                condition=models.Q(user__isnull=False),
                name="one_position_per_member",
            ),
            models.UniqueConstraint(
                fields=["proposal", "revision", "stakeholder"],
                condition=models.Q(stakeholder__isnull=False),
                name="one_position_per_stakeholder",
            ),
            models.UniqueConstraint(
                fields=["proposal", "revision", "live_ref"],
                condition=~models.Q(live_ref=""),
                name="one_position_per_live_participant",
            ),
        ]
        indexes = [models.Index(fields=["proposal", "revision"], name="position_revision")]

    def __str__(self) -> str:
        return f"{self.option} on {self.proposal_id} r{self.revision}"

    @property
    def visible_reason(self) -> str:
        """Return the reason, or nothing once the stakeholder's personal data is erased."""
        if self.stakeholder is not None and self.stakeholder.is_erased:
            return ""
        return self.reason


class Comment(models.Model):
    """A contribution to a proposal's discussion thread (team members)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    revision = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.proposal_id}"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    ADOPTED_AMENDED = "adopted_amended", _("Adopted with changes")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    DEFERRED = "deferred", _("Deferred")


class Decision(models.Model):
    """The record of what was decided on a proposal, with a frozen picture of the positions.

    ``distribution`` is [{"key", "label", "count"}] for the decided revision; ``participation``
    is [{"key", "label", "audience", "count", "suppressed"}] per perspective, as shown then.
    ``serves_*`` and ``title`` are copied so the record stands on its own.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="decision")
    title = models.CharField(max_length=200)
    revision = models.PositiveIntegerField()
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    statement = models.TextField(_("outcome statement"))
    # The team's words in other languages: {"es": {"statement": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(
        _("who decided"),
        max_length=300,
        help_text=_("For example: the core team and key participants, by consensus."),
    )
    participants = models.PositiveIntegerField(default=0)
    distribution = models.JSONField(default=list)
    participation = models.JSONField(default=list)
    threshold = models.PositiveSmallIntegerField(default=5)
    serves_kind = models.CharField(max_length=20, blank=True)
    serves_ref = models.CharField(max_length=120, blank=True)
    serves_label = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["initiative", "decided_on"], name="decision_log")]

    def __str__(self) -> str:
        return f"{self.title}: {self.get_outcome_display()}"
