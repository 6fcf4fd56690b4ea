"""The toolkit's panels on a registry entry: what the tools wrote about that person or group."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.framework.packs import localize
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.panels import Panel, PanelEntry
from convener.toolkit.models import GroupPlan, PlanKind
from convener.toolkit.services import definition_for

VALUE_TOOL, VALUE_SECTION, VALUE_FIELD = "whats_in_it_for_me", "value", "groups"


def value_propositions(stakeholder: Stakeholder) -> Panel | None:
    """Return the "What's in it for me?" value propositions kept on ``stakeholder``."""
    plans = list(GroupPlan.objects.filter(stakeholder=stakeholder, kind=PlanKind.VALUE_PROPOSITION))
    if not plans:
        return None
    language = get_language()
    columns = definition_for(VALUE_TOOL).section(VALUE_SECTION).field(VALUE_FIELD).columns
    labels = {column.key: localize(column.label, language) for column in columns}
    source = _("Kept by the “What's in it for me?” worksheet.")
    entries = [
        PanelEntry(
            heading=plan.topic,
            lines=[(labels.get(key, key), text) for key, text in plan.details.items() if text],
            source=source,
        )
        for plan in plans
    ]
    return Panel(title=_("What's in it for them: the value proposition"), entries=entries)
