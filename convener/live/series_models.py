"""A training series: one cohort's sessions in order (a full day, then follow-ups and peer
coaching), with each participant recognised from session to session without an account.

A ``SeriesMember`` is an anonymous identity within one series: no name, only the SHA-256 digest
of a 256-bit secret the person's device keeps (a cookie) and that also forms their personal
link; a signed-in team member is recognised by account instead. ``SeriesAttendance`` ties each
session's ``Participant`` to the member, so that self-ratings given in different sessions can
be read as one person's before and after (``convener.live.series_selectors``).

Imported by ``convener.live.models`` so that Django finds these models in the live app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel


class TrainingSeries(TimeStampedModel):
    """A cohort's run of sessions of one initiative, read together for growth."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", on_delete=models.CASCADE, related_name="training_series"
    )
    title = models.CharField(_("title"), max_length=200)
    # The team's words in other languages: {"es": {"title": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SeriesSession(models.Model):
    """One live session's place in a series (a session belongs to one series at most)."""

    series = models.ForeignKey(
        TrainingSeries, on_delete=models.CASCADE, related_name="series_sessions"
    )
    session = models.OneToOneField(
        "live.LiveSession", on_delete=models.CASCADE, related_name="series_link"
    )
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["series", "position"]
        constraints = [
            models.UniqueConstraint(fields=["series", "position"], name="live_series_position")
        ]

    def __str__(self) -> str:
        return f"{self.series_id} #{self.position}"


class SeriesMember(models.Model):
    """One person across a series' sessions: anonymous, known by a device secret or account."""

    series = models.ForeignKey(TrainingSeries, on_delete=models.CASCADE, related_name="members")
    # SHA-256 digest of the 256-bit secret kept in the device's cookie and the personal link.
    token_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "user"],
                condition=models.Q(user__isnull=False),
                name="live_series_member_user",
            )
        ]

    def __str__(self) -> str:
        return f"member {self.pk} of series {self.series_id}"


class SeriesAttendance(models.Model):
    """A session's participant recognised as a member of the session's series."""

    member = models.ForeignKey(SeriesMember, on_delete=models.CASCADE, related_name="attendances")
    participant = models.OneToOneField(
        "live.Participant", on_delete=models.CASCADE, related_name="series_attendance"
    )

    def __str__(self) -> str:
        return f"{self.participant_id} as {self.member_id}"
