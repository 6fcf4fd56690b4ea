"""Instruments: the rubric rows a round asks about, including an initiative's own rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.measuring.models import (
    CustomRow,
    Instrument,
)
from convener.measuring.services.common import CollectionError

CUSTOM_PREFIX = "custom."


def row_choices(*, initiative: Initiative) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return (habit key, habit name, [(row key, title)]) for every habit with rows."""
    pack, language = active_pack(), translation.get_language() or "en"
    custom = list(initiative.custom_rows.all())
    groups = []
    for habit in pack.habits:
        rows = [(r.key, r.title.get_text(language)) for r in pack.rows_for_habit(habit.key)]
        rows += [(c.key, c.title) for c in custom if c.habit == habit.key]
        if rows:
            groups.append((habit.key, habit.name.get_text(language), rows))
    return groups


def instrument_rows(*, initiative: Initiative, row_keys: Sequence[str]) -> list[dict[str, Any]]:
    """Return the frozen rows for ``row_keys``: titles and descriptors in every pack language.

    Raise CollectionError naming ``rows`` when a key is unknown, repeated or none is given.
    """
    if not row_keys:
        raise CollectionError(_("Choose at least one rubric row."), {"rows": [_("Required.")]})
    pack = active_pack()
    custom = {c.key: c for c in initiative.custom_rows.filter(key__in=list(row_keys))}
    rows: list[dict[str, Any]] = []
    unknown: list[str] = []
    for key in row_keys:
        if key in custom:
            c = custom[key]
            rows.append(
                {
                    "key": c.key,
                    "habit": c.habit,
                    "title": {"en": c.title},
                    "descriptors": [{"en": text} for text in c.descriptors],
                    "custom": True,
                }
            )
            continue
        try:
            row = pack.rubric_row(key)
        except KeyError:
            unknown.append(key)
            continue
        rows.append(
            {
                "key": row.key,
                "habit": row.habit,
                "title": dict(row.title),
                "descriptors": [dict(text) for text in row.descriptors],
                "custom": False,
            }
        )
    if unknown:
        raise CollectionError(
            _("Unknown rubric rows: %(keys)s.") % {"keys": ", ".join(unknown)},
            {"rows": [_("Unknown row key: %(key)s") % {"key": k} for k in unknown]},
        )
    if len({r["key"] for r in rows}) != len(rows):
        raise CollectionError(_("A row is listed twice."), {"rows": [_("Repeated row key.")]})
    return rows


def current_instrument(*, initiative: Initiative, row_keys: Sequence[str]) -> Instrument:
    """Return the latest instrument when it has exactly these rows and texts, else version n+1."""
    rows = instrument_rows(initiative=initiative, row_keys=row_keys)
    pack = active_pack()
    with transaction.atomic():
        latest = initiative.instruments.order_by("-version").first()
        if (
            latest is not None
            and latest.rows == rows
            and latest.pack_key == pack.key
            and latest.pack_version == pack.version
        ):
            return latest
        return Instrument.objects.create(
            initiative=initiative,
            version=(latest.version + 1) if latest else 1,
            rows=rows,
            pack_key=pack.key,
            pack_version=pack.version,
        )


def create_custom_row(
    *,
    initiative: Initiative,
    actor: User | None,
    habit: str,
    title: str,
    descriptors: Sequence[str],
    makes_difference: str,
    observable: str,
    beneficiaries_view: str,
    can_change: str,
) -> CustomRow:
    """Add a team's own operational decision to a habit's rubric, with a stable key."""
    pack = active_pack()
    if habit not in pack.habit_keys:
        raise CollectionError(_("Unknown habit."), {"habit": [_("Choose a habit.")]})
    if len(descriptors) != len(pack.depth_keys) or not all(d.strip() for d in descriptors):
        raise CollectionError(
            _("Write one descriptor for each depth."), {"descriptors": [_("Four are needed.")]}
        )
    base = CUSTOM_PREFIX + (slugify(title)[:60] or "row")
    key, n = base, 1
    while initiative.custom_rows.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    row = CustomRow.objects.create(
        initiative=initiative,
        key=key,
        habit=habit,
        title=title.strip(),
        descriptors=[d.strip() for d in descriptors],
        makes_difference=makes_difference,
        observable=observable,
        beneficiaries_view=beneficiaries_view,
        can_change=can_change,
        created_by=actor,
    )
    record_audit(
        initiative=initiative,
        actor=actor,
        action="create",
        target_type="custom_row",
        target_id=row.pk,
        fields=["title", "descriptors"],
    )
    return row
