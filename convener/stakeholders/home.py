"""The registry's figures and first steps for the initiative's home page."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.core.home import STANDING, FirstStep, HomeFigure, HomeItem
from convener.initiatives.models import Initiative
from convener.stakeholders.models import Circle, Stakeholder
from convener.stakeholders.services.participation import participation_report


def home_items(initiative: Initiative) -> Iterator[HomeItem]:
    """Yield the import and targets steps, then the circles and perspectives figures."""
    slug = initiative.slug
    people = Stakeholder.objects.active().filter(initiative=initiative)
    has_people = people.exists()
    yield FirstStep(
        label=_("Load your contacts"),
        description=_("Import a spreadsheet of the people and groups who should be involved."),
        url=reverse("stakeholders:import", args=[slug]),
        done=has_people,
        order=10,
    )
    yield FirstStep(
        label=_("Set perspectives and targets"),
        description=_("Say which perspectives must be at the table, and in what share."),
        url=reverse("stakeholders:targets", args=[slug]),
        done=initiative.perspectives.filter(target_percent__isnull=False).exists(),
        order=20,
    )
    if not has_people:
        return
    beyond = people.filter(circle__in=[Circle.EXTENDED, Circle.DISSEMINATION]).count()
    unplaced = people.filter(circle="").count()
    yield HomeFigure(
        section=STANDING,
        label=_("People beyond the second circle"),
        value=str(beyond),
        url=reverse("stakeholders:circles", args=[slug]),
        note=ngettext(
            "%(n)d not placed in a circle yet", "%(n)d not placed in a circle yet", unplaced
        )
        % {"n": unplaced}
        if unplaced
        else "",
        order=10,
    )
    missing = participation_report(initiative=initiative).balance.with_status("missing")
    yield HomeFigure(
        section=STANDING,
        label=_("Perspectives missing against the targets"),
        value=str(len(missing)),
        url=reverse("stakeholders:dashboard", args=[slug]),
        note=", ".join(p.label for p in missing[:4]) + ("…" if len(missing) > 4 else ""),
        tone="warn" if missing else "",
        order=20,
    )
