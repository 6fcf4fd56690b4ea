"""Small helpers the report's section builders share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.framework.packs.content import localize
from convener.framework.services import active_pack
from convener.reports import summaries as s
from convener.reports.figures import (
    Tally,
)


def in_period(field: str, period: s.Period) -> dict[str, object]:
    return {f"{field}__gte": period.since, f"{field}__lte": period.until}


def tallies(values: Iterable[str], choices: Sequence[tuple[str, Any]]) -> tuple[Tally, ...]:
    counts = Counter(values)
    rows = [Tally(key, str(label), counts.get(key, 0)) for key, label in choices]
    rows.append(
        Tally("", _("Not recorded"), sum(n for k, n in counts.items() if k not in dict(choices)))
    )
    return tuple(rows)


def depth_level_names() -> list[tuple[str, str]]:
    language = get_language()
    return [(d.key, localize(d.name, language)) for d in active_pack().depth_levels]
