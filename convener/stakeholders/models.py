"""The stakeholder registry: people and organizations around an initiative.

A stakeholder is filed under one of the initiative's perspectives, sits in at most one of the
four circles of Engaging Everybody, and carries the landscape attributes the participation
analytics read: levels of concern, internal or external, power, stance and level of scale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from convener.core.models import BackgroundWork, TimeStampedModel
from convener.initiatives.models import Initiative, Perspective


class Kind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization or group")


class Circle(models.TextChoices):
    """The four circles of Engaging Everybody, from the centre outwards."""

    CORE = "core", _("Core Team — the Doers")
    KEY = "key", _("Key Participants / Key Advisors — the Champions")
    EXTENDED = "extended", _("Extended Participants / Feedback Networks — the Intended Audiences")
    DISSEMINATION = "dissemination", _("Dissemination / Communication Networks — the Promoters")


CIRCLE_ORDER: tuple[str, ...] = tuple(c.value for c in Circle)  # centre first


class Side(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class Power(models.TextChoices):
    AUTHORITY = "authority", _("Authority")
    INFLUENCE = "influence", _("Influence")
    BOTH = "both", _("Authority and influence")


class Stance(models.TextChoices):
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    CRITIC = "critic", _("Critic")


class Scale(models.TextChoices):
    STATE = "state", _("State")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")
    PRACTICE = "practice", _("Practice")


class Tag(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "name"], name="tag_unique")]

    def __str__(self) -> str:
        return self.name


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def active(self) -> StakeholderQuerySet:
        """Leave out records whose personal data has been erased."""
        return self.filter(erased_at__isnull=True)

    def people(self) -> StakeholderQuerySet:
        return self.filter(kind=Kind.PERSON)

    def organizations(self) -> StakeholderQuerySet:
        return self.filter(kind=Kind.ORGANIZATION)


# Fields that hold personal contact data: hidden from viewers, blanked on erasure.
CONTACT_FIELDS: tuple[str, ...] = ("email", "phone")
PERSONAL_FIELDS: tuple[str, ...] = (
    "name",
    "position",
    "email",
    "phone",
    "accessibility_needs",
    "notes",
    "what_they_might_do",
    "consent_source",
)


class Stakeholder(TimeStampedModel):
    """A person or an organization/group in an initiative's registry."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="stakeholders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind": Kind.ORGANIZATION},
        verbose_name=_("organization"),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    perspective = models.ForeignKey(
        Perspective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders",
        verbose_name=_("perspective"),
    )
    # Levels of concern: any of the three may apply.
    concern_interest = models.BooleanField(_("has an interest in the issue"), default=False)
    concern_affected = models.BooleanField(_("is affected by the issue"), default=False)
    concern_can_affect = models.BooleanField(_("can affect the issue"), default=False)
    side = models.CharField(
        _("internal or external"), max_length=10, choices=Side.choices, blank=True
    )
    power = models.CharField(_("power"), max_length=10, choices=Power.choices, blank=True)
    stance = models.CharField(_("stance"), max_length=10, choices=Stance.choices, blank=True)
    scale = models.CharField(_("level of scale"), max_length=10, choices=Scale.choices, blank=True)
    circle = models.CharField(_("circle"), max_length=20, choices=Circle.choices, blank=True)
    what_they_might_do = models.TextField(_("what they might do"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_permitted = models.BooleanField(_("may be contacted"), default=False)
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="stakeholders")
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # One registry entry per e-mail address within an initiative.
            models.UniqueConstraint(
                fields=["initiative", "email"],
                condition=~models.Q(email=""),
                name="stakeholder_email_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["initiative", "name"]),
            models.Index(fields=["initiative", "perspective"]),
            models.Index(fields=["initiative", "circle"]),
            models.Index(fields=["initiative", "kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class CircleMove(models.Model):
    """A dated move of a stakeholder from one circle to another (blank: not placed)."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="circle_moves"
    )
    from_circle = models.CharField(max_length=20, choices=Circle.choices, blank=True)
    to_circle = models.CharField(max_length=20, choices=Circle.choices, blank=True)
    moved_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("what they might do"), blank=True)

    class Meta:
        ordering = ["-moved_at", "-id"]

    def __str__(self) -> str:
        return f"{self.stakeholder_id}: {self.from_circle or '-'} → {self.to_circle or '-'}"


# --- Import (part B) ---


class ImportMapping(models.Model):
    """The column mapping an initiative used last, offered again for the next import.

    ``mapping`` maps a normalised column header to a field key of ``tabular.FIELDS``.
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="import_mapping"
    )
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Import mapping for {self.initiative_id}"


# How long a queued or running import may take before it counts as lost (see ImportBatch).
IMPORT_LEASE = BackgroundWork.LEASE


class ImportStatus(models.TextChoices):
    """Where a batch is: staged for review → queued → running → committed (done) or failed."""

    STAGED = "staged", _("Waiting for review")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatch(BackgroundWork):
    """An uploaded spreadsheet (or API import) between preview and import, and its outcome.

    The parsed rows are kept only until the batch is imported (then they are cleared) or
    discarded (then the batch is deleted); staged batches older than a week are removed.
    ``rows`` holds ``[row number, [cell, ...]]`` pairs so that row numbers stay those of the
    file after rows are left out; ``mapping`` lists one field key (or "") per column.

    Committing queues a background job: ``status`` moves staged → queued → running →
    committed, or → failed with a plain-language ``error`` (rows kept, so it can be fixed and
    queued again). Every move is a conditional UPDATE, so a batch is imported at most once
    (the protocol of ``convener.core.models.BackgroundWork``).
    ``options`` holds the duplicate choices the job applies: ``{"default": "skip",
    "rows": {"<row number>": "merge"}}``; ``run_token`` names the job run that owns the batch.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=200, blank=True)
    format = models.CharField(max_length=10)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.STAGED
    )
    summary = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)

    DONE = ImportStatus.COMMITTED

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename or 'import'} ({self.get_status_display()})"
