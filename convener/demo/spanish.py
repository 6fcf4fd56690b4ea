"""The demo's own words in Spanish, so that a phone reading in Spanish sees Spanish.

Each entry maps the English the demo writes to its Spanish; :func:`add_spanish` stores them
as the team would through the edit forms (``convener.core.translated``). Running it again
changes nothing.
"""

from __future__ import annotations

from typing import Any

from convener.activities.models import Activity
from convener.consensus.models import Proposal, Revision
from convener.core.translated import store_spanish
from convener.initiatives.models import Initiative
from convener.live.models import LiveSession
from convener.measuring.models import Round

INITIATIVE = {
    "Continuing teletherapy for children's mental health": (
        "Continuidad de la teleterapia para la salud mental infantil"
    ),
}
PERSPECTIVES = {
    "Family/Youth": "Familias y jóvenes",
    "State agency": "Agencia estatal",
    "County agency": "Agencia del condado",
    "Project staff": "Personal del proyecto",
    "Justice": "Justicia",
    "Advocacy organization": "Organización de defensa",
    "Community organization": "Organización comunitaria",
    "School district": "Distrito escolar",
    "University": "Universidad",
    "Health provider": "Proveedor de salud",
    "Other": "Otra",
}
SESSIONS = {
    "Learning targets check-in (April follow-up)": (
        "Revisión de las metas de aprendizaje (seguimiento de abril)"
    ),
    "Introduction to Leading by Convening (March cohort)": (
        "Introducción a Liderar Convocando (grupo de marzo)"
    ),
}
PROPOSALS = {
    "Shared ground rules for teletherapy sessions with children": (
        "Reglas básicas comunes para las sesiones de teleterapia con niñas, niños y jóvenes"
    ),
    "Focus year one on confidentiality and language access in teletherapy": (
        "Centrar el primer año en la confidencialidad y el acceso lingüístico en la teleterapia"
    ),
}
PROPOSAL_TEXTS = {
    "Every teletherapy session with a child starts with the same three checks: who else is "
    "in the room, whether the child can speak freely, and how to reach the family if the "
    "call drops.": (
        "Cada sesión de teleterapia con una niña, un niño o un joven empieza con las mismas tres "
        "comprobaciones: quién más está en la sala, si puede hablar con libertad y cómo "
        "comunicarse con la familia si se corta la llamada."
    ),
    "In the first year, the group works on one thing: confidentiality in teletherapy for "
    "children and youth. Providers, schools and telehealth services agree on how sessions are "
    "kept private at home and at school, and explain it to families in plain words.": (
        "Durante el primer año, el grupo trabaja en una sola cosa: la confidencialidad en la "
        "teleterapia para la niñez y la juventud. Proveedores, escuelas y servicios de "
        "telesalud acuerdan cómo se mantienen privadas las sesiones en casa y en la escuela, y "
        "lo explican a las familias con palabras sencillas."
    ),
    "In the first year, the group works on confidentiality and language access in "
    "teletherapy for children and youth. Providers, schools and telehealth services agree on "
    "how sessions are kept private at home and at school, offer interpreters and "
    "Spanish-language platforms, and explain both to families in plain words, in the "
    "family's language.": (
        "Durante el primer año, el grupo trabaja en la confidencialidad y el acceso lingüístico "
        "en la teleterapia para la niñez y la juventud. Proveedores, escuelas y servicios de "
        "telesalud acuerdan cómo se mantienen privadas las sesiones en casa y en la escuela, "
        "ofrecen intérpretes y plataformas en español, y explican ambas cosas a las familias "
        "con palabras sencillas, en el idioma de la familia."
    ),
}
ROUNDS = {
    "Team self-assessment (autumn 2026)": "Autoevaluación del equipo (otoño de 2026)",
    "Twelve-month round (autumn 2026)": "Ronda de los doce meses (otoño de 2026)",
    "Six-month round (spring 2026)": "Ronda de los seis meses (primavera de 2026)",
    "Baseline round (autumn 2025)": "Ronda de línea de base (otoño de 2025)",
}
ACTIVITIES = {
    "Regional family forum: planning next year's sessions": (
        "Foro regional de familias: planificar las sesiones del próximo año"
    ),
    "Regional family forum": "Foro regional de familias",
    "Conference session co-presented with families": (
        "Sesión de la conferencia presentada junto con familias"
    ),
    "Family listening session: one year on": "Sesión de escucha a familias: un año después",
    "Regional workgroups together: putting the guidance into practice": (
        "Grupos de trabajo regionales juntos: poner la guía en práctica"
    ),
    "Social-media post: the guidance is published": (
        "Publicación en redes sociales: la guía ya está publicada"
    ),
    "Steering committee: adopting the guidance": "Comité directivo: adopción de la guía",
    "Co-design session: guidance for families": "Sesión de codiseño: guía para las familias",
    "Webinar: the draft guidance, open for comment": (
        "Seminario web: el borrador de la guía, abierto a comentarios"
    ),
    "Joint workgroup: drafting the guidance": "Grupo de trabajo conjunto: redactar la guía",
    "E-mail update: guidance in the making": "Novedades por correo: la guía en preparación",
    "Introduction to Leading by Convening (March cohort)": (
        "Introducción a Liderar Convocando (grupo de marzo)"
    ),
    "Family café at Northside Community Center": (
        "Café con familias en el Centro Comunitario Northside"
    ),
    "Regional workgroup: South, second meeting": "Grupo de trabajo regional: Sur, segunda reunión",
    "Interviews with school counselors": "Entrevistas con consejeras y consejeros escolares",
    "Regional workgroup: North, second meeting": (
        "Grupo de trabajo regional: Norte, segunda reunión"
    ),
    "Webinar: what families told us": "Seminario web: lo que nos dijeron las familias",
    "Steering committee": "Comité directivo",
    "Family listening session (English and Spanish)": (
        "Sesión de escucha a familias (en inglés y en español)"
    ),
    "E-mail update: what the workgroups heard": (
        "Novedades por correo: lo que escucharon los grupos de trabajo"
    ),
    "Online survey of providers": "Encuesta en línea a proveedores",
    "State behavioral health conference: teletherapy after the order": (
        "Conferencia estatal de salud conductual: la teleterapia después de la orden"
    ),
    "Regional workgroup: South": "Grupo de trabajo regional: Sur",
    "Social-media post: share your teletherapy story": (
        "Publicación en redes sociales: cuente su experiencia con la teleterapia"
    ),
    "Webinar: privacy and platforms": "Seminario web: privacidad y plataformas",
    "Regional workgroup: North": "Grupo de trabajo regional: Norte",
    "E-mail update: why this initiative": "Novedades por correo: por qué esta iniciativa",
    "Kickoff webinar: what changed with teletherapy": (
        "Seminario web de inicio: qué cambió con la teleterapia"
    ),
}
DESCRIPTIONS = {
    "What should next year's family sessions cover, and who leads them?": (
        "¿Qué deberían tratar las sesiones con familias del próximo año y quién las dirige?"
    ),
    "Families and their community partners, online, in the evening.": (
        "Familias y sus aliados comunitarios, en línea, por la tarde."
    ),
    "A first session on convening: who our stakeholders are, what a good relationship with "
    "them looks like, three ways to lead, the kinds of interaction we offer, and a first look "
    "at the Four Simple Questions. Ends with a self-rating of your own practice.": (
        "Una primera sesión sobre convocar: quiénes son nuestras partes interesadas, cómo es "
        "una buena relación con ellas, tres maneras de liderar, los tipos de interacción que "
        "ofrecemos y un primer vistazo a las Cuatro Preguntas Sencillas. Termina con una "
        "autoevaluación de la propia práctica."
    ),
}


def _spanish(obj: Any, fields: dict[str, dict[str, str]]) -> None:
    texts = {name: table[getattr(obj, name)] for name, table in fields.items()
             if getattr(obj, name) in table}  # fmt: skip
    if texts:
        store_spanish(obj, texts)


def add_spanish(initiative: Initiative) -> None:
    """Give the demo's content its Spanish forms (what the team would write in the forms)."""
    _spanish(initiative, {"title": INITIATIVE})
    for perspective in initiative.perspectives.all():
        _spanish(perspective, {"label": PERSPECTIVES})
    for session in LiveSession.objects.filter(initiative=initiative):
        _spanish(session, {"title": SESSIONS})
    for proposal in Proposal.objects.filter(initiative=initiative):
        _spanish(proposal, {"title": PROPOSALS})
    for revision in Revision.objects.filter(proposal__initiative=initiative):
        _spanish(revision, {"text": PROPOSAL_TEXTS})
    for round in Round.objects.filter(initiative=initiative):
        _spanish(round, {"name": ROUNDS})
    for activity in Activity.objects.filter(initiative=initiative):
        _spanish(activity, {"title": ACTIVITIES, "description": DESCRIPTIONS})
