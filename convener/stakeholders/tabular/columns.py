"""The registry fields a column can fill, and matching a file's columns to them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The registry fields a column can fill, in the order the mapping form lists them.
FIELDS: dict[str, object] = {
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Kind (person or organization)"),
    "organization": gettext_lazy("Organization"),
    "position": gettext_lazy("Position"),
    "perspective": gettext_lazy("Perspective"),
    "interest": gettext_lazy("Has an interest (yes/no)"),
    "affected": gettext_lazy("Is affected (yes/no)"),
    "can_affect": gettext_lazy("Can affect (yes/no)"),
    "side": gettext_lazy("Internal or external"),
    "power": gettext_lazy("Power"),
    "stance": gettext_lazy("Stance"),
    "scale": gettext_lazy("Level of scale"),
    "circle": gettext_lazy("Circle"),
    "what_they_might_do": gettext_lazy("What they might do"),
    "language": gettext_lazy("Preferred language"),
    "accessibility": gettext_lazy("Accessibility needs"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "contact_permitted": gettext_lazy("Contact permitted (yes/no)"),
    "consent_date": gettext_lazy("Consent date"),
    "consent_source": gettext_lazy("Consent source"),
    "notes": gettext_lazy("Notes"),
    "tags": gettext_lazy("Tags (comma-separated)"),
}

# Column headers recognised for each field, after ``normalise_header``.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "nombre", "nombre_completo"),
    "kind": ("kind", "type", "tipo"),
    "organization": ("organization", "organisation", "org", "agency", "organizacion", "agencia"),
    "position": ("position", "job_title", "title", "role", "cargo", "puesto"),
    "perspective": ("perspective", "perspectiva"),
    "interest": ("interest", "interested", "concern_interest", "interes", "interesado"),
    "affected": ("affected", "concern_affected", "afectado", "afectada"),
    "can_affect": ("can_affect", "concern_can_affect", "puede_afectar"),
    "side": ("internal_external", "side", "internal_or_external", "interno_externo"),
    "power": ("power", "poder"),
    "stance": ("stance", "postura"),
    "scale": ("scale", "level_of_scale", "escala", "nivel"),
    "circle": ("circle", "circulo"),
    "what_they_might_do": ("what_they_might_do", "might_do", "que_podrian_hacer"),
    "language": ("language", "preferred_language", "idioma", "lengua"),
    "accessibility": ("accessibility", "accessibility_needs", "accesibilidad"),
    "email": ("email", "e_mail", "mail", "email_address", "correo", "correo_electronico"),
    "phone": ("phone", "telephone", "tel", "phone_number", "telefono"),
    "contact_permitted": ("contact_permitted", "may_contact", "consent", "permiso_contacto"),
    "consent_date": ("consent_date", "fecha_consentimiento"),
    "consent_source": ("consent_source", "fuente_consentimiento"),
    "notes": ("notes", "note", "notas", "nota"),
    "tags": ("tags", "tag", "etiquetas"),
}

# Accepted spellings of each choice value (normalised like headers), English and Spanish.
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {
        "person": ("person", "individual", "persona"),
        "organization": (
            "organization",
            "organisation",
            "org",
            "group",
            "organization_or_group",
            "organizacion",
            "grupo",
        ),
    },
    "side": {
        "internal": ("internal", "interno", "interna"),
        "external": ("external", "externo", "externa"),
    },
    "power": {
        "authority": ("authority", "autoridad"),
        "influence": ("influence", "influencia"),
        "both": ("both", "authority_and_influence", "ambos", "ambas", "autoridad_e_influencia"),
    },
    "stance": {
        "supporter": ("supporter", "support", "ally", "partidario", "partidaria", "aliado"),
        "neutral": ("neutral",),
        "critic": ("critic", "critical", "critico", "critica"),
    },
    "scale": {
        "state": ("state", "estatal", "estado"),
        "regional": ("regional", "region"),
        "local": ("local",),
        "practice": ("practice", "practica"),
    },
    "circle": {
        "core": ("core", "core_team", "doers", "core_team_the_doers", "equipo_central"),
        "key": ("key", "key_participants", "key_advisors", "champions", "participantes_clave"),
        "extended": (
            "extended",
            "extended_participants",
            "feedback_networks",
            "intended_audiences",
            "participantes_ampliados",
        ),
        "dissemination": (
            "dissemination",
            "dissemination_networks",
            "communication_networks",
            "promoters",
            "redes_de_difusion",
        ),
    },
}


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # the same choice words, perspectives and organizations recur
def normalise(text: str) -> str:
    """Return ``text`` lower-case, without accents, with runs of other characters as "_"."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub("_", text.lower()).strip("_")


_ALIAS_TO_FIELD = {alias: key for key, aliases in HEADER_ALIASES.items() for alias in aliases}


def guess_mapping(header: Sequence[str], remembered: Mapping[str, str] | None = None) -> list[str]:
    """Return one field key (or "" to ignore) per column: remembered first, then aliases."""
    remembered = remembered or {}
    mapping: list[str] = []
    for column in header:
        key = normalise(column)
        guess = remembered.get(key, _ALIAS_TO_FIELD.get(key, ""))
        mapping.append(guess if guess in FIELDS and guess not in mapping else "")
    return mapping


def mapping_errors(mapping: Sequence[str]) -> list[str]:
    """Return the problems with a column mapping (empty when it can be used)."""
    errors = []
    if "name" not in mapping:
        errors.append(_("Choose the column that holds the name."))
    for key in sorted({k for k in mapping if k and mapping.count(k) > 1}):
        errors.append(_("Two columns fill “%s”; choose one.") % FIELDS[key])
    unknown = [k for k in mapping if k and k not in FIELDS]
    if unknown:
        errors.append(_("Unknown field: %s") % ", ".join(unknown))
    return errors


def remembered_mapping(header: Sequence[str], mapping: Sequence[str]) -> dict[str, str]:
    """Return the mapping keyed by normalised header, to offer again next time."""
    return {normalise(col): key for col, key in zip(header, mapping, strict=False) if col}
