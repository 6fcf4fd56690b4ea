"""What the tools produce that has no home in another app.

A glossary of the words partners use, statements the team agrees (alignment, purpose), other
groups' related work, per-group plans and notes (two-way plans, value propositions, responses to
predictable reactions, trust-building changes, value offered first), the invitation log of Four
Simple Questions, and Your Brand's perception pulses. Each row names the tool that wrote it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Scale, Stakeholder

__all__ = [
    "BrandPulse",
    "GlossaryTerm",
    "GroupPlan",
    "InitiativeStatement",
    "InvitationLogEntry",
    "InvitationResponse",
    "PlanKind",
    "RelatedWork",
    "StatementKind",
]


class GlossaryTerm(TimeStampedModel):
    """A word or phrase one group uses for the shared work, with what it means."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="glossary_terms"
    )
    term = models.CharField(_("term"), max_length=120)
    meaning = models.TextField(_("meaning"), blank=True)
    used_by = models.CharField(_("used by"), max_length=200, blank=True)
    source_tool = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "toolkit"
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                "initiative", Lower("term"), name="glossary_term_unique_per_initiative"
            )
        ]

    def __str__(self) -> str:
        return self.term


class StatementKind(models.TextChoices):
    ALIGNMENT = "alignment", _("Alignment of goals")
    KEY_POINTS = "key_points", _("Key points to communicate")
    PURPOSE = "purpose", _("Statement of purpose")


class InitiativeStatement(TimeStampedModel):
    """One agreed statement of an initiative, at most one of each kind; ``variants`` holds
    audience-specific versions as {audience key: text}."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="toolkit_statements"
    )
    kind = models.CharField(max_length=20, choices=StatementKind.choices)
    text = models.TextField(_("statement"))
    variants = models.JSONField(default=dict, blank=True)
    source_tool = models.CharField(max_length=60, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "toolkit"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "kind"], name="one_statement_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class RelatedWork(TimeStampedModel):
    """Work another group already has under way on the issue, or an initiative it connects."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="related_work"
    )
    organization_name = models.CharField(_("organization or group"), max_length=200)
    organization = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("work or initiative"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    major_goal = models.TextField(_("major goal"), blank=True)
    funded_by = models.CharField(_("funded by"), max_length=200, blank=True)
    promoted_by = models.CharField(_("promoted by"), max_length=200, blank=True)
    scale = models.CharField(_("level of scale"), max_length=20, choices=Scale.choices, blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    source_tool = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "toolkit"
        ordering = ["organization_name", "title"]

    def __str__(self) -> str:
        return f"{self.organization_name}: {self.title}"


class PlanKind(models.TextChoices):
    TWO_WAY = "two_way", _("Two-way plan")
    VALUE_PROPOSITION = "value_proposition", _("What's in it for them")
    REACTION = "reaction", _("Predictable reaction and our response")
    TRUST = "trust", _("Small change that builds trust")
    VALUE_FIRST = "value_first", _("Value offered first")
    BRAND = "brand", _("How they see us")


class GroupPlan(TimeStampedModel):
    """A plan or note about one group (or the whole initiative when no group is named).

    ``topic`` tells plans of one kind for the same group apart (say, which reaction);
    ``details`` maps a label key to the text the team wrote, as the worksheet row had it.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="group_plans")
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.CASCADE, related_name="group_plans"
    )
    kind = models.CharField(max_length=30, choices=PlanKind.choices)
    topic = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    source_tool = models.CharField(max_length=60, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "toolkit"
        ordering = ["kind", "topic", "id"]
        indexes = [models.Index(fields=["initiative", "stakeholder", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic}"


class InvitationResponse(models.TextChoices):
    WAITING = "waiting", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_REPLY = "no_reply", _("No reply")


class InvitationLogEntry(models.Model):
    """One invitation sent to a group: when, how, and what came back. Keep inviting."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="toolkit_invitations"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="toolkit_invitations"
    )
    invited_on = models.DateField(_("invited on"))
    channel = models.CharField(_("channel"), max_length=120, blank=True)
    response = models.CharField(
        max_length=10, choices=InvitationResponse.choices, default=InvitationResponse.WAITING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "toolkit"
        ordering = ["-invited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.stakeholder_id} invited {self.invited_on}"


class BrandPulse(models.Model):
    """The words one group used to describe the initiative, on one day."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="brand_pulses"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group_name = models.CharField(_("group"), max_length=200)
    taken_on = models.DateField(_("date"))
    words = models.JSONField(default=list)  # lower-cased words, in the order given
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "toolkit"
        ordering = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.group_name} {self.taken_on}"
