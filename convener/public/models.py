"""An initiative's public page: what the team chose to show, and when it was shown.

The page is off until a convener publishes it. Everything on it is either the team's own
words (``about_*``, ``changing_*``) or figures read through the other apps' suppression, so
nothing here stores a person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from convener.activities.models import Activity
from convener.core.models import TimeStampedModel
from convener.initiatives.models import Initiative
from convener.measuring.models import Round

SECTIONS = ("about", "convenings", "heard", "decided", "changing")


class PublicPage(TimeStampedModel):
    """The public page of one initiative and the team's choices for it."""

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="public_page"
    )
    is_published = models.BooleanField(_("publish the public page"), default=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    show_about = models.BooleanField(_("what the initiative is about"), default=True)
    show_convenings = models.BooleanField(_("upcoming convenings open to the public"), default=True)
    show_heard = models.BooleanField(_("what we heard"), default=True)
    show_decided = models.BooleanField(_("what we decided and why"), default=True)
    show_changing = models.BooleanField(_("what is changing"), default=True)
    about_en = models.TextField(_("about the initiative (English)"), blank=True)
    about_es = models.TextField(_("about the initiative (Spanish)"), blank=True)
    changing_en = models.TextField(_("what is changing (English)"), blank=True)
    changing_es = models.TextField(_("what is changing (Spanish)"), blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="+", verbose_name=_("convenings open to the public")
    )
    rounds = models.ManyToManyField(
        Round, blank=True, related_name="+", verbose_name=_("rubric rounds to share")
    )

    def __str__(self) -> str:
        return f"Public page of {self.initiative}"

    def shows(self, section: str) -> bool:
        """Return whether ``section`` (one of ``SECTIONS``) is switched on."""
        return bool(getattr(self, f"show_{section}"))


class PublicationKind(models.TextChoices):
    PUBLISHED = "published", _("Published")
    UPDATED = "updated", _("Updated")
    UNPUBLISHED = "unpublished", _("Taken down")


class PublicationEvent(models.Model):
    """One change the public could see: the page going up, changing, or coming down.

    ``changes`` names what changed (``SECTIONS`` keys, ``"convenings_list"``, ``"rounds"``).
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=PublicationKind.choices)
    changes = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["initiative", "occurred_at"], name="publication_log")]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.kind} {self.occurred_at:%Y-%m-%d}"
