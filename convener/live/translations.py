"""The Spanish texts of an item as the agenda editor shows and saves them.

Items keep English in ``prompt`` and the labels, and other languages under
``config["translations"][<language>]`` (see ``convener.live.kinds.localise``, which shows
them, and ``session_templates``, which writes them). The editor shows the Spanish as form
fields: single texts, and lists of one line per English option, statement or category.
Pure functions over plain dicts: no database.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from convener.live import kinds

SPANISH = "es"
QUADRANT_ES = ["es_q_top_left", "es_q_top_right", "es_q_bottom_left", "es_q_bottom_right"]
# The Spanish form fields of each kind, in the order shown.
SPANISH_FIELDS: dict[str, list[str]] = {
    "single": ["es_prompt", "es_options"],
    "multi": ["es_prompt", "es_options"],
    "emoji": ["es_prompt", "es_options"],
    "rating": ["es_prompt", "es_statements", "es_low_label", "es_high_label"],
    "true_false": ["es_prompt", "es_explanation"],
    "quiz": ["es_prompt", "es_options", "es_explanation"],
    "classify": ["es_prompt", "es_categories", "es_statements", "es_explanation"],
    "image": ["es_prompt", "es_image_options"],
    "quadrant": [
        "es_prompt", "es_x_low", "es_x_high", "es_y_low", "es_y_high", *QUADRANT_ES,
        "es_statements",
    ],
    "open_text": ["es_prompt"],
    "ranking": ["es_prompt", "es_options"],
    "prompt": ["es_prompt", "es_body"],
    "slide": ["es_prompt", "es_body"],
    "breakout": ["es_prompt", "es_group_prompt"],
}  # fmt: skip
for _fields in SPANISH_FIELDS.values():
    _fields.append("es_notes")  # the speaker notes in Spanish
# Spanish list fields → the config list whose labels they translate, line by line.
SPANISH_LISTS = {
    "es_options": "options",
    "es_image_options": "options",
    "es_statements": "statements",
    "es_categories": "categories",
}
# Spanish single texts → their name under translations["es"].
SPANISH_TEXTS = {
    "es_prompt": "prompt",
    "es_explanation": "explanation",
    "es_body": "body",
    "es_notes": "notes",
    "es_low_label": "low_label",
    "es_high_label": "high_label",
    "es_x_low": "x_low",
    "es_x_high": "x_high",
    "es_y_low": "y_low",
    "es_y_high": "y_high",
    "es_group_prompt": "group_prompt",
}


def lines(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split(line: str, parts: int) -> list[str]:
    """Return ``parts`` pieces of a line separated by bars, padded with empty strings."""
    pieces = [p.strip() for p in line.split("|")]
    return (pieces + [""] * parts)[:parts]


def spanish_initial(config: dict[str, Any]) -> dict[str, Any]:
    """Return the Spanish form fields of an item from its stored translations."""
    texts = (config.get("translations") or {}).get(SPANISH) or {}
    labels = texts.get("labels") or {}
    alts = texts.get("alt") or {}
    initial: dict[str, Any] = {name: texts.get(key, "") for name, key in SPANISH_TEXTS.items()}

    def rows(field: str, with_alt: bool = False) -> str:
        entries = [e for e in config.get(field) or [] if isinstance(e, dict)]
        if not any(e.get("key") in labels or e.get("key") in alts for e in entries):
            return ""  # no Spanish yet: an empty box, so the English is shown
        out = []
        for entry in entries:
            label = labels.get(entry.get("key")) or entry.get("label", "")
            if with_alt:
                label = f"{label} | {alts.get(entry.get('key')) or entry.get('alt', '')}"
            out.append(label)
        return "\n".join(out)

    initial.update(
        es_options=rows("options"),
        es_image_options=rows("options", with_alt=True),
        es_statements=rows("statements"),
        es_categories=rows("categories"),
    )
    quadrant = texts.get("quadrant_labels") or ["", "", "", ""]
    initial.update(zip(QUADRANT_ES, quadrant, strict=False))
    return initial


def spanish_from_form(
    kind: str, config: dict[str, Any], data: dict[str, Any], *, drawn: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (the Spanish texts for ``translations["es"]``, problems by form field).

    ``config`` is the item's new English config (with its keys); ``data`` the form's cleaned
    data. Empty boxes are left out, so that the English shows. A list must have one line per
    English entry. ``drawn``: the quiz's statements and categories come from the pack, so the
    two list boxes are not read.
    """
    rules = kinds.get(kind)
    spanish: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name in SPANISH_FIELDS[kind]:
        if name in SPANISH_TEXTS and (data.get(name) or "").strip():
            spanish[SPANISH_TEXTS[name]] = data[name].strip()
        if name not in SPANISH_LISTS or (drawn and name in ("es_statements", "es_categories")):
            continue
        typed = lines(data.get(name) or "")
        entries = config.get(SPANISH_LISTS[name]) or []
        if not typed:
            continue
        if len(typed) != len(entries):
            problems[name] = _(
                "Give one Spanish line for each English line: %(en)d in English, "
                "%(es)d in Spanish. Or leave the box empty to show the English."
            ) % {"en": len(entries), "es": len(typed)}
            continue
        for entry, line in zip(entries, typed, strict=True):
            label, alt = split(line, 2) if name == "es_image_options" else (line, "")
            label = rules.typed_label(label)
            if label:
                spanish.setdefault("labels", {})[entry["key"]] = label
            if alt:
                spanish.setdefault("alt", {})[entry["key"]] = alt
    if rules.quadrant_labels:
        english = config.get("quadrant_labels") or ["", "", "", ""]
        typed = [(data.get(name) or "").strip() for name in QUADRANT_ES]
        if any(typed):
            spanish["quadrant_labels"] = [t or e for t, e in zip(typed, english, strict=True)]
    return spanish, problems
