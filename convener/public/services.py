"""Use cases of the public page: change what it shows, and keep the record of each change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from convener.activities.models import Activity
from convener.initiatives.models import Initiative
from convener.measuring.models import Round
from convener.public.models import SECTIONS, PublicationEvent, PublicationKind, PublicPage

# The fields a visitor can see change, and the name the record gives each one.
TEXT_FIELDS = {
    "about_en": "about",
    "about_es": "about",
    "changing_en": "changing",
    "changing_es": "changing",
}


def page_for(initiative: Initiative) -> PublicPage:
    """Return the initiative's public page, making an unpublished one the first time."""
    page, _created = PublicPage.objects.get_or_create(initiative=initiative)
    return page


def _state(page: PublicPage) -> dict[str, Any]:
    state: dict[str, Any] = {f"show_{s}": page.shows(s) for s in SECTIONS}
    state.update({name: getattr(page, name) for name in TEXT_FIELDS})
    state["convenings_list"] = set(page.activities.values_list("pk", flat=True))
    state["rounds"] = set(page.rounds.values_list("pk", flat=True))
    return state


def _changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for key in before:
        if before[key] != after[key]:
            name = TEXT_FIELDS.get(key, key.removeprefix("show_"))
            if name not in names:
                names.append(name)
    return names


@transaction.atomic
def update_public_page(
    *,
    initiative: Initiative,
    actor: Any,
    is_published: bool,
    sections: Iterable[str],
    texts: dict[str, str],
    activities: Iterable[Activity],
    rounds: Iterable[Round],
) -> PublicPage:
    """Save the team's choices for the public page and record what the public now sees.

    ``sections`` are the ``SECTIONS`` to show; ``texts`` holds ``about_en``, ``about_es``,
    ``changing_en`` and ``changing_es``. ``activities`` and ``rounds`` must belong to
    ``initiative`` (the form only offers those; anything else raises ``ValueError``). A
    publication event is recorded when the page goes up, comes down, or changes while up.
    """
    activities, rounds = list(activities), list(rounds)
    if any(a.initiative_id != initiative.pk for a in activities) or any(
        r.initiative_id != initiative.pk for r in rounds
    ):
        raise ValueError("activities and rounds must belong to the initiative")
    page = PublicPage.objects.select_for_update().get(pk=page_for(initiative).pk)
    was_published, before = page.is_published, _state(page)
    shown = set(sections)
    for section in SECTIONS:
        setattr(page, f"show_{section}", section in shown)
    for name in TEXT_FIELDS:
        setattr(page, name, texts.get(name, "").strip())
    page.is_published = is_published
    now = timezone.now()
    if is_published and not was_published and page.published_at is None:
        page.published_at = now
    page.save()
    page.activities.set(activities)
    page.rounds.set(rounds)
    changes = _changed(before, _state(page))
    kind = None
    if is_published and not was_published:
        kind, changes = PublicationKind.PUBLISHED, [s for s in SECTIONS if page.shows(s)]
    elif was_published and not is_published:
        kind = PublicationKind.UNPUBLISHED
    elif is_published and changes:
        kind = PublicationKind.UPDATED
    if kind is not None:
        PublicationEvent.objects.create(
            initiative=initiative, kind=kind, changes=changes, actor=actor, occurred_at=now
        )
    return page
