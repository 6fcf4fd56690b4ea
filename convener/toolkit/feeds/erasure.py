"""Erasing a registry record also erases what the tools kept about it.

The registry cannot know the toolkit's models (it sits to their left), so the toolkit listens
for saves of erased records: their plans, invitation log and brand pulses are deleted, and
related work keeps only the record's erased name.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from convener.stakeholders.models import Stakeholder
from convener.toolkit.models import BrandPulse, GroupPlan, InvitationLogEntry, RelatedWork


def forget_erased(sender: type[Stakeholder], instance: Stakeholder, **kwargs: Any) -> None:
    """Delete the toolkit's data about ``instance`` once its personal data is erased."""
    if instance.erased_at is None:
        return
    GroupPlan.objects.filter(stakeholder=instance).delete()
    InvitationLogEntry.objects.filter(stakeholder=instance).delete()
    BrandPulse.objects.filter(stakeholder=instance).delete()
    RelatedWork.objects.filter(organization=instance).update(organization_name=instance.name)


def connect() -> None:
    post_save.connect(forget_erased, sender=Stakeholder, dispatch_uid="toolkit_forget_erased")
