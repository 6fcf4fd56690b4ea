"""The toolkit's worksheets, their answers, history, comments and breakouts.

A worksheet is one run of a tool for an initiative. Its answers are stored one row per field
(`FieldValue`), each with a version number that goes up on every change, so that two people
saving the same field at once are told about it instead of overwriting each other. Every change
is kept in `FieldRevision`. A breakout splits sections among sub-teams: each team fills its own
copy (a child `Worksheet`), and merging brings the copies' answers back into the main one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel
from convener.initiatives.models import Initiative


class Worksheet(TimeStampedModel):
    """One run of a tool for an initiative (or a breakout team's copy of one)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="worksheets")
    tool_key = models.SlugField(_("tool"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completion = models.PositiveSmallIntegerField(
        _("completion"), default=0, help_text=_("Share of complete sections, in percent.")
    )
    team = models.OneToOneField(
        "BreakoutTeam",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="copy",
        help_text=_("Set on a breakout team's copy; empty on a main worksheet."),
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["initiative", "tool_key"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_team_copy(self) -> bool:
        return self.team_id is not None

    @property
    def is_complete(self) -> bool:
        return self.completion >= 100


class FieldValue(models.Model):
    """The current answer to one field of a worksheet, with its version."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="values")
    section_key = models.SlugField(max_length=64)
    field_key = models.SlugField(max_length=64)
    value = models.JSONField(null=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worksheet", "section_key", "field_key"], name="toolkit_one_value_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_key}.{self.field_key} v{self.version}"


class FieldRevision(models.Model):
    """One change of a field's answer: who, when, from what to what."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="revisions")
    section_key = models.SlugField(max_length=64)
    field_key = models.SlugField(max_length=64)
    version = models.PositiveIntegerField()
    old_value = models.JSONField(null=True)
    new_value = models.JSONField(null=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["worksheet", "section_key", "field_key"])]

    def __str__(self) -> str:
        return f"{self.section_key}.{self.field_key} → v{self.version}"


class SectionComment(models.Model):
    """A comment on one section of a worksheet."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="comments")
    section_key = models.SlugField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]


class Breakout(models.Model):
    """A split of a worksheet's sections among sub-teams; open until merged."""

    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="breakouts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    merged_at = models.DateTimeField(null=True, blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worksheet"],
                condition=Q(merged_at__isnull=True),
                name="toolkit_one_open_breakout",
            )
        ]

    def __str__(self) -> str:
        return f"breakout of {self.worksheet_id}"

    @property
    def is_open(self) -> bool:
        return self.merged_at is None


class BreakoutTeam(models.Model):
    """A named sub-team of a breakout, with its sections and the answers they started from."""

    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    section_keys = models.JSONField(default=list)
    base_values = models.JSONField(
        default=dict, help_text=_("The main worksheet's answers when the breakout started.")
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
