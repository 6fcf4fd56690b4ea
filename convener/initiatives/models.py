from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from convener.core.models import TimeStampedModel
from convener.initiatives.purposes import plan_list
from convener.initiatives.roles import ROLE_CAPABILITIES, Capability, Role

DEFAULT_PERSPECTIVES: list[tuple[str, str, bool]] = [
    # (key, label, represents families or youth)
    ("family_youth", "Family/Youth", True),
    ("state_agency", "State agency", False),
    ("county_agency", "County agency", False),
    ("project_staff", "Project staff", False),
    ("justice", "Justice", False),
    ("advocacy_organization", "Advocacy organization", False),
    ("community_organization", "Community organization", False),
    ("school_district", "School district", False),
    ("university", "University", False),
    ("health_provider", "Health provider", False),
    ("other", "Other", False),
]


def default_time_zone() -> str:
    return settings.TIME_ZONE


@cache
def time_zone_names() -> tuple[str, ...]:
    """Return the IANA time zone names, sorted (read once: the list is on disk)."""
    return tuple(sorted(available_timezones()))


def validate_time_zone(value: str) -> None:
    """Refuse a name that is not an IANA time zone ("America/New_York")."""
    if value not in time_zone_names():
        raise ValidationError(_("Choose a time zone from the list."))


def target_total_problem(values: list[int | None]) -> str:
    """Return why these targets cannot make a mix of 100 %, or "" when they can.

    Targets left empty share what the others leave, so the set ones may add up to less than
    100 % only when at least one is left empty; never to more.
    """
    chosen = [v for v in values if v is not None]
    total = sum(chosen)
    if total > 100:
        return gettext(
            "The targets add up to %(total)s%%, more than 100%%. Lower some of them so the "
            "mix adds up to 100%%."
        ) % {"total": total}
    if chosen and len(chosen) == len(values) and total != 100:
        return gettext(
            "The targets add up to %(total)s%%, not 100%%. Change them so they add up to "
            "100%%, or leave some empty to share what is left."
        ) % {"total": total}
    return ""


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def active(self) -> InitiativeQuerySet:
        return self.filter(archived_at__isnull=True)


class Initiative(TimeStampedModel):
    """A convening effort: a team coalescing around one issue."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    issue = models.TextField(
        _("the issue"),
        help_text=_("The shared issue people coalesce around, in a sentence or two."),
    )
    practice_problem = models.TextField(
        _("practice problem"),
        blank=True,
        help_text=_("What is not working in practice today, as people on the ground see it."),
    )
    start_date = models.DateField(_("start date"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Where the team works: activity times are shown in it unless set otherwise."),
    )
    plans = models.TextField(
        _("indicators and plans"),
        blank=True,
        help_text=_(
            "One per line, for example “SPP/APR Indicator 17 (SSIP)”: offered when tagging "
            "activities, rounds and proposals."
        ),
    )
    pack_key = models.CharField(max_length=50, default="lbc", editable=False)
    pack_version = models.CharField(max_length=20, default="", editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    @property
    def plan_list(self) -> list[str]:
        """The indicators and plans the initiative keeps, one per line of ``plans``."""
        return plan_list(self.plans)

    def __str__(self) -> str:
        return self.title

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Perspective(models.Model):
    """One entry in an initiative's perspective taxonomy (who a stakeholder speaks for)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="perspectives"
    )
    key = models.SlugField(max_length=60)
    label = models.CharField(_("label"), max_length=100)
    # The team's words in other languages: {"es": {"<field>": "…"}} (convener.core.translated).
    translations = models.JSONField(default=dict, blank=True)
    is_family_youth = models.BooleanField(
        _("families or youth"),
        default=False,
        help_text=_("Marks the perspectives of the people most affected: families and youth."),
    )
    target_percent = models.PositiveSmallIntegerField(
        _("target share (%)"),
        null=True,
        blank=True,
        help_text=_("The share of participants the initiative aims to have from this perspective."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "key"], name="perspective_key_unique"),
            models.UniqueConstraint(
                fields=["initiative", "label"], name="perspective_label_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Membership(TimeStampedModel):
    """A person's role on an initiative's team."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["initiative", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_membership_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.initiative}"

    def can(self, capability: Capability) -> bool:
        return capability in ROLE_CAPABILITIES[self.role]


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Withdrawn")


def _default_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS)


class Invitation(models.Model):
    """A single-use, expiring invitation to join a team. Only the token's digest is kept."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.initiative} ({self.role})"

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return str(self.status.label)


class AuditEntry(models.Model):
    """Who did what to which record, and when. Field names only, never values."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)  # create, update, delete, export, erase, ...
    target_type = models.CharField(max_length=40)  # "stakeholder", "membership", ...
    target_id = models.BigIntegerField(null=True, blank=True)
    fields = models.JSONField(default=list, blank=True)  # names of the fields touched
    detail = models.CharField(
        max_length=200, blank=True
    )  # e.g. "CSV, 120 rows"; never personal data
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["initiative", "target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.target_type}#{self.target_id}"
