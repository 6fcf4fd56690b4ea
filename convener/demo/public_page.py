"""The demo initiative's public page: published, every section on.

It opens the forums still to come to the public, shares the stakeholders' rubric rounds (the
team's self-assessment stays inside the team), and says in both languages what the work is
about and what is changing. Idempotent: a page the team already set up is left alone.
"""

from __future__ import annotations

from django.utils import timezone

from convener.initiatives.models import Initiative
from convener.measuring.models import RoundKind
from convener.public import selectors, services
from convener.public.models import SECTIONS, PublicPage

TEXTS = {
    "about_en": (
        "During the statewide stay-at-home order, children's mental-health services moved to "
        "teletherapy almost overnight. Families, providers, schools and state and county "
        "agencies are working out together what teletherapy for children should look like now."
    ),
    "about_es": (
        "Durante la orden estatal de quedarse en casa, los servicios de salud mental infantil "
        "pasaron a la teleterapia casi de un día para otro. Familias, proveedores, escuelas y "
        "agencias estatales y del condado definen juntos cómo debe ser ahora la teleterapia "
        "para niños, niñas y jóvenes."
    ),
    "changing_en": (
        "Families told us that privacy means little without their language. This year, "
        "providers and schools are agreeing on how sessions are kept private at home and at "
        "school, and interpreters and Spanish-language platforms are part of that work."
    ),
    "changing_es": (
        "Las familias nos dijeron que la privacidad significa poco sin su idioma. Este año, "
        "proveedores y escuelas acuerdan cómo se mantienen privadas las sesiones en casa y en "
        "la escuela, e incluyen intérpretes y plataformas en español en ese trabajo."
    ),
}


def load_public_page(initiative: Initiative) -> None:
    """Publish the demo's public page with every section on, unless it exists already."""
    if PublicPage.objects.filter(initiative=initiative).exists():
        return
    activities = selectors.offered_activities(initiative, timezone.localdate())
    rounds = [r for r in selectors.offered_rounds(initiative) if r.kind == RoundKind.STAKEHOLDERS]
    services.update_public_page(
        initiative=initiative,
        actor=initiative.created_by,
        is_published=True,
        sections=SECTIONS,
        texts=TEXTS,
        activities=activities,
        rounds=rounds,
    )
