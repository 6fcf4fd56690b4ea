"""Small builders for the consensus tests."""

from __future__ import annotations

from typing import Any

from convener.consensus import services
from convener.consensus.models import Proposal
from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders.models import Stakeholder
from tests.factories import StakeholderFactory


def perspective(initiative: Initiative, key: str) -> Perspective:
    return initiative.perspectives.get(key=key)


def stakeholder(
    initiative: Initiative, name: str, key: str = "family_youth", **extra: Any
) -> Stakeholder:
    """Return a stakeholder in the key circle with the ``key`` perspective (see the factory)."""
    return StakeholderFactory(  # type: ignore[return-value]
        initiative=initiative, name=name, perspective_key=key, **{"circle": "key", **extra}
    )


def proposal(initiative: Initiative, *, open: bool = True, **extra: Any) -> Proposal:
    values: dict[str, Any] = {
        "initiative": initiative,
        "actor": None,
        "title": "Focus year one on confidentiality and language access",
        "text": "In year one we work on confidentiality and language access in teletherapy.",
        "process": "gradients",
        "audience_circles": ["key"],
        "suppression_threshold": 3,
    }
    values.update(extra)
    made = services.create_proposal(**values)
    if open:
        services.open_proposal(proposal=made, actor=None)
    return made
