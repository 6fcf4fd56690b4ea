"""Feeds: what each worksheet writes into the registry, activities, glossary and rubric.

Importing this package (the app's ready() does) registers every feed with the feed registry.
Each feed is a plain function ``apply_<x>(*, initiative, actor, values)`` over a worksheet's
answers, wrapped by ``common.register`` into the engine's feed contract.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

import convener.toolkit.models  # noqa: F401  (the tools' own models load with the app)
from convener.toolkit.feeds import (
    bringing_together,
    coalescing,
    erasure,
    participation,
    timeline,
    work_together,
)
from convener.toolkit.feeds.common import register

FEEDS = (
    # Coalescing
    ("registry_people", coalescing.apply_registry_people, _("Add them to the registry")),
    ("related_work", coalescing.apply_related_work, _("List as related work")),
    ("planned_activities", coalescing.apply_planned_activities, _("Plan these activities")),
    ("deepen_connections", coalescing.apply_deepen_connections, _("Save plans and invitations")),
    ("reaction_plans", coalescing.apply_reaction_plans, _("Save the response plans")),
    ("trust_changes", coalescing.apply_trust_changes, _("Save the trust-building changes")),
    ("stakeholder_profile", coalescing.apply_stakeholder_profile, _("Save to the registry")),
    # Relevant participation
    ("value_propositions", participation.apply_value_propositions, _("Save on each group")),
    ("circles", participation.apply_circles, _("Place them in their circles")),
    ("initiative_alignment", participation.apply_alignment, _("Save the alignment")),
    ("connected_initiatives", participation.apply_connected_initiatives, _("List as related work")),
    ("glossary", participation.apply_glossary, _("Add to the glossary")),
    ("network_connections", participation.apply_network, _("Draw on the web of connections")),
    # Doing the work together
    ("rubric_rows", work_together.apply_rubric_rows, _("Add to the rubric")),
    (
        "engagement_activities",
        work_together.apply_engagement_activities,
        _("Plan these activities"),
    ),
    ("purpose_statement", work_together.apply_purpose, _("Save the statement of purpose")),
    ("activity_placements", work_together.apply_placements, _("Place on the quadrants")),
    # Bringing it all together
    ("chronology_milestones", bringing_together.apply_milestones, _("Add to the chronology")),
    ("value_offers", bringing_together.apply_value_offers, _("Save on each partner")),
    ("brand_perception", bringing_together.apply_brand_perception, _("Save on each group")),
    ("brand_pulse", bringing_together.apply_brand_pulse, _("Save the pulse")),
    ("open_round", bringing_together.apply_open_round, _("Open the survey round")),
)

for _key, _apply, _label in FEEDS:
    register(_key, _apply, _label)

timeline.register()
erasure.connect()
