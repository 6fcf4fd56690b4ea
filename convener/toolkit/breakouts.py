"""Breakout mode: split a worksheet's sections among sub-teams, then merge their copies back.

Each team gets its own copy of the worksheet (a child `Worksheet`) holding only the answers of
its sections, as they were when the breakout started. The team fills its copy with the usual
page and autosave. Merging writes each team's changed answers into the main worksheet through
`set_value` (so history shows who merged what); where the main worksheet changed the same field
in the meantime, both texts are kept (see `engine.merge_values`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.framework.packs import localize
from convener.initiatives.services import record_audit
from convener.toolkit import engine
from convener.toolkit.models import Breakout, BreakoutTeam, FieldValue, Worksheet
from convener.toolkit.services import (
    definition_for,
    refresh_completion,
    set_value,
    worksheet_values,
)


class BreakoutError(ValueError):
    """A breakout cannot be started or merged as asked; the message says why."""


def open_breakout(worksheet: Worksheet) -> Breakout | None:
    """Return the worksheet's breakout that has not been merged yet, if any."""
    return worksheet.breakouts.filter(merged_at__isnull=True).first()


def start_breakout(
    *, worksheet: Worksheet, teams: Sequence[tuple[str, Sequence[str]]], actor: User | None
) -> Breakout:
    """Split sections among named teams: `teams` is a list of (name, section keys).

    Each section goes to at most one team; every team needs a name and a section.
    """
    if worksheet.is_team_copy:
        raise BreakoutError(_("A breakout team's copy cannot be split again."))
    if open_breakout(worksheet) is not None:
        raise BreakoutError(_("This worksheet already has a breakout in progress."))
    definition = definition_for(worksheet.tool_key)
    known = [section.key for section in definition.sections]
    given: list[str] = []
    for name, keys in teams:
        if not name.strip() or not keys:
            raise BreakoutError(_("Every team needs a name and at least one section."))
        for key in keys:
            if key not in known:
                raise BreakoutError(_("Unknown section: %(key)s") % {"key": key})
            if key in given:
                raise BreakoutError(_("A section can go to one team only."))
            given.append(key)
    if len(teams) < 2:
        raise BreakoutError(_("A breakout needs at least two teams."))
    values = worksheet_values(worksheet)
    with transaction.atomic():
        breakout = Breakout.objects.create(worksheet=worksheet, created_by=actor)
        for position, (name, keys) in enumerate(teams):
            ordered = [key for key in known if key in keys]
            base = {key: values[key] for key in ordered}
            team = BreakoutTeam.objects.create(
                breakout=breakout,
                name=name.strip()[:100],
                position=position,
                section_keys=ordered,
                base_values=base,
            )
            copy = Worksheet.objects.create(
                initiative=worksheet.initiative,
                tool_key=worksheet.tool_key,
                title=f"{worksheet.title} — {team.name}"[:200],
                created_by=actor,
                team=team,
            )
            FieldValue.objects.bulk_create(
                FieldValue(
                    worksheet=copy, section_key=section, field_key=key, value=value, version=0
                )
                for section, fields in base.items()
                for key, value in fields.items()
            )
            refresh_completion(copy, definition)
        record_audit(
            initiative=worksheet.initiative,
            actor=actor,
            action="create",
            target_type="breakout",
            target_id=breakout.pk,
            fields=given,
        )
    return breakout


def merge_breakout(*, breakout: Breakout, actor: User | None) -> list[str]:
    """Bring every team's answers back into the main worksheet; return notes on conflicts."""
    if not breakout.is_open:
        raise BreakoutError(_("This breakout was already merged."))
    worksheet = breakout.worksheet
    definition = definition_for(worksheet.tool_key)
    notes: list[str] = []
    with transaction.atomic():
        main_values = worksheet_values(worksheet)
        for team in breakout.teams.select_related("copy"):
            team_values = worksheet_values(team.copy)
            for section in engine.sections_by_key(definition, team.section_keys):
                for fd in section.fields:
                    base = team.base_values.get(section.key, {}).get(fd.key, engine.empty_value(fd))
                    merged, conflicted = engine.merge_values(
                        fd,
                        base=base,
                        main=main_values[section.key][fd.key],
                        team=team_values[section.key][fd.key],
                    )
                    if merged == main_values[section.key][fd.key]:
                        continue
                    set_value(
                        worksheet=worksheet,
                        section=section.key,
                        field=fd.key,
                        value=merged,
                        actor=actor,
                        base_version=None,
                        note=f"merged from {team.name}"[:200],
                    )
                    if conflicted:
                        notes.append(
                            _(
                                "“%(field)s” was changed by %(team)s and in the main worksheet; "
                                "both answers were kept."
                            )
                            % {"field": localize(fd.label, get_language()), "team": team.name}
                        )
        breakout.merged_at = timezone.now()
        breakout.merged_by = actor
        breakout.save(update_fields=["merged_at", "merged_by"])
        record_audit(
            initiative=worksheet.initiative,
            actor=actor,
            action="update",
            target_type="breakout",
            target_id=breakout.pk,
            detail="merged",
        )
    return notes
