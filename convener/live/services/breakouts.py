"""Breakout groups: forming them, their notes and what they report back."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.live import kinds, realtime
from convener.live.breakout_words import group_name_translations
from convener.live.models import (
    BreakoutGroup,
    Item,
    Participant,
)
from convener.live.services.common import LiveError, _bump


@transaction.atomic
def form_breakouts(
    *,
    item: Item,
    mode: str,
    group_count: int,
    actor: User | None,
    assignments: Mapping[int, int] | None = None,
) -> list[BreakoutGroup]:
    """Split the session's participants into ``group_count`` groups, replacing earlier ones.

    ``mode`` is "random", "perspective" (every group gets a mix of perspectives) or "manual"
    (``assignments`` maps participant id → group number from 1; others stay unassigned).
    """
    if not kinds.get(item.kind).groups:
        raise LiveError(_("Only breakout items have groups."))
    if mode not in kinds.BREAKOUT_MODES:
        raise LiveError(_("Split groups at random, by perspective or by hand."))
    if not 1 <= group_count <= 100:
        raise LiveError(_("The number of groups must be between 1 and 100."))
    people = list(item.session.participants.values_list("pk", "perspective__key").order_by("pk"))
    if mode == "manual":
        known = {pid for pid, _key in people}
        split: list[list[int]] = [[] for _ in range(group_count)]
        for pid, number in (assignments or {}).items():
            if pid in known and 1 <= number <= group_count:
                split[number - 1].append(pid)
    else:
        split = kinds.breakout_groups(
            ((pid, key or kinds.NO_PERSPECTIVE) for pid, key in people),
            group_count,
            by_perspective=mode == "perspective",
            seed=secrets.randbits(32),
        )
    item.groups.all().delete()
    groups = []
    for number, members in enumerate(split, start=1):
        group = BreakoutGroup.objects.create(
            item=item,
            name=_("Group %(n)d") % {"n": number},
            translations=group_name_translations(number),
            prompt=str(item.config.get("prompt", "")),
            worksheet_section=str(item.config.get("worksheet_section", "")),
        )
        group.members.set(members)
        groups.append(group)
    _bump(item.session)
    return groups


@transaction.atomic
def save_notes(
    *,
    group: BreakoutGroup,
    notes: str,
    base_version: int,
    participant: Participant | None = None,
    actor: User | None = None,
) -> tuple[bool, BreakoutGroup]:
    """Save a group's shared notes unless someone saved first; return (saved, current group).

    ``base_version`` is the notes version the writer started from: when it is stale nothing is
    written and the caller gets the current notes to merge.
    """
    if participant is not None and not group.members.filter(pk=participant.pk).exists():
        raise LiveError(_("You are not in this group."))
    updated = BreakoutGroup.objects.filter(pk=group.pk, notes_version=base_version).update(
        notes=notes[:20000], notes_version=F("notes_version") + 1
    )
    group.refresh_from_db(fields=["notes", "notes_version"])
    if updated:
        transaction.on_commit(lambda: realtime.push_notes(group))
    return bool(updated), group


@transaction.atomic
def report_back(*, group: BreakoutGroup, text: str, actor: User | None) -> BreakoutGroup:
    """Record what the group reports back to the room."""
    group.report_back = text.strip()[:5000]
    group.save(update_fields=["report_back"])
    _bump(group.item.session)
    return group
