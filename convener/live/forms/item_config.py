"""Turn an item form's lines of text into the item ``config`` and back: pure functions.

A convener types an item as short lines ("one option per line", "statement | category");
``build_config`` turns the cleaned form data into the ``config`` described in
``convener.live.kinds`` and lists what is wrong, field by field, so that the form in
``convener.live.forms.items`` only has to show it. ``initial_data`` goes the other way.
Existing keys are kept by position, because votes refer to them. No database: a pack and a
random generator are passed in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from convener.framework.packs import Pack
from convener.live import kinds, leadership, translations
from convener.live.translations import SPANISH
from convener.live.translations import lines as _lines
from convener.live.translations import split as _split

# Images shipped with the app (static/live/img/), offered for image-choice items.
IMAGES: dict[str, Any] = {
    "informing": _("Informing: a megaphone, one-way"),
    "networking": _("Networking: linked dots"),
    "collaborating": _("Collaborating: hands on one table"),
    "transforming": _("Transforming: a sprout growing"),
    "bridge": _("A bridge between two banks"),
    "table": _("A round table with seats"),
    "compass": _("A compass"),
    "puzzle": _("Two puzzle pieces fitting"),
}
IMAGE_PATH = "live/img/{}.svg"

# Which form fields each kind uses, in order.
KIND_FIELDS: dict[str, list[str]] = {
    "single": ["prompt", "options"],
    "multi": ["prompt", "options", "max_choices"],
    "emoji": ["prompt", "emoji_options", "max_choices"],
    "rating": ["prompt", "statements", "scale_min", "scale_max", "low_label", "high_label"],
    "true_false": ["prompt", "true_answer", "explanation"],
    "quiz": ["prompt", "quiz_options", "explanation"],
    "classify": ["prompt", "categories", "classify_statements", "explanation"],
    "image": ["prompt", "image_options"],
    "quadrant": [
        "prompt",
        "x_low",
        "x_high",
        "y_low",
        "y_high",
        "q_top_left",
        "q_top_right",
        "q_bottom_left",
        "q_bottom_right",
        "quadrant_statements",
    ],
    "open_text": ["prompt", "max_length"],
    "ranking": ["prompt", "options"],
    "prompt": ["prompt", "body"],
    "slide": ["prompt", "body"],
    "breakout": ["prompt", "mode", "group_count", "group_prompt", "worksheet_section"],
}
for _fields in KIND_FIELDS.values():
    _fields.append("notes")  # speaker notes, for the facilitator's screen only

# Where a classification quiz's statements come from.
TYPED, DRAW, PICK = "typed", "draw", "pick"
DRAW_FIELDS = ["statement_source", "draw_columns", "draw_count", "draw_picks"]
COLUMN_LABELS = {"who": _("Who"), "how": _("How"), "why": _("Why")}

# A problem found while building a config: (form field name, message for the convener).
Problem = tuple[str, Any]


def keep_keys(existing: list[dict[str, Any]], count: int, prefix: str) -> list[str]:
    """Keep the existing keys by position (votes refer to them); number the new ones."""
    keys = [str(e.get("key")) for e in existing[:count]]
    used = set(keys)
    n = 1
    while len(keys) < count:
        candidate = f"{prefix}{n}"
        n += 1
        if candidate not in used:
            keys.append(candidate)
            used.add(candidate)
    return keys


def image_name(path: str) -> str:
    """Return the shipped image's short name for its static path (other paths unchanged)."""
    match = re.fullmatch(r"live/img/([a-z_]+)\.svg", path)
    return match.group(1) if match else path


def is_drawn(kind: str, data: dict[str, Any]) -> bool:
    """Whether a sorting quiz takes its statements from the leadership table."""
    return kinds.get(kind).drawn and (data.get("statement_source") or TYPED) != TYPED


def current_picks(bullets: Sequence[leadership.Bullet], config: dict[str, Any]) -> list[str]:
    """Return the table lines the quiz already holds (by key, or by the same English)."""
    statements = [s for s in config.get("statements") or [] if isinstance(s, dict)]
    keys = {s.get("key") for s in statements}
    labels = {str(s.get("label", "")).casefold() for s in statements}
    return [b.key for b in bullets if b.key in keys or b.label.casefold() in labels]


def initial_data(kind: str, prompt: str, config: dict[str, Any]) -> dict[str, Any]:
    """Return the item form's initial data for an existing item."""
    options = config.get("options", [])
    statements = config.get("statements", [])
    quadrant = config.get("quadrant_labels") or ["", "", "", ""]
    category_labels = {c["key"]: c["label"] for c in config.get("categories", [])}
    return {
        "prompt": prompt,
        "options": "\n".join(o["label"] for o in options),
        "max_choices": config.get("max", kinds.get(kind).suggested_max),
        "emoji_options": "\n".join(f"{o.get('emoji', '')} | {o['label']}" for o in options),
        "statements": "\n".join(s["label"] for s in statements),
        "scale_min": config.get("min", 1),
        "scale_max": config.get("max", 10),
        "low_label": config.get("low_label", ""),
        "high_label": config.get("high_label", ""),
        "notes": config.get("notes", ""),
        "true_answer": "true" if config.get("answer", True) is True else "false",
        "explanation": config.get("explanation", ""),
        "quiz_options": "\n".join(
            ("*" if o["key"] == config.get("answer") else "") + o["label"] for o in options
        ),
        "categories": "\n".join(c["label"] for c in config.get("categories", [])),
        "classify_statements": "\n".join(
            f"{s['label']} | {category_labels.get(s.get('answer', ''), '')}" for s in statements
        ),
        "image_options": "\n".join(
            f"{image_name(o.get('image', ''))} | {o['label']} | {o.get('alt', '')}" for o in options
        ),
        "x_low": config.get("x_low", ""),
        "x_high": config.get("x_high", ""),
        "y_low": config.get("y_low", ""),
        "y_high": config.get("y_high", ""),
        "q_top_left": quadrant[0],
        "q_top_right": quadrant[1],
        "q_bottom_left": quadrant[2],
        "q_bottom_right": quadrant[3],
        "quadrant_statements": "\n".join(s["label"] for s in statements),
        "max_length": config.get("max_length", 280),
        "body": config.get("body", ""),
        "mode": config.get("mode", "random"),
        "group_count": config.get("group_count", 4),
        "group_prompt": config.get("prompt", ""),
        "worksheet_section": config.get("worksheet_section", ""),
        "statement_source": TYPED,
        **translations.spanish_initial(config),
    }


class _Source(NamedTuple):
    """Where a sorting quiz may draw its statements from (the leadership table)."""

    pack: Pack | None
    bullets: Sequence[leadership.Bullet]
    rng: random.Random | None


Builder = Callable[[dict[str, Any], dict[str, Any], list[Problem], _Source], dict[str, Any]]


def _options(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
             source: _Source) -> dict[str, Any]:  # fmt: skip
    return {"options": _labelled(data, "options", "o", existing, problems)}


def _multi(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
           source: _Source) -> dict[str, Any]:  # fmt: skip
    config = {**_options(data, existing, problems, source), "max": data["max_choices"]}
    if config["options"] and data["max_choices"] > len(config["options"]):
        problems.append(("max_choices", _("The maximum cannot exceed the options.")))
    return config


def _emoji(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
           source: _Source) -> dict[str, Any]:  # fmt: skip
    rows = [_split(line, 2) for line in _lines(data["emoji_options"])]
    if len(rows) < 2 or any(not emoji or not label for emoji, label in rows):
        problems.append(("emoji_options", _("Give at least two lines, each as: emoji | words.")))
    keys = keep_keys(existing.get("options", []), len(rows), "o")
    config: dict[str, Any] = {
        "options": [
            {"key": k, "label": label, "emoji": emoji}
            for k, (emoji, label) in zip(keys, rows, strict=True)
        ]
    }
    if (data.get("max_choices") or 1) > 1:  # several emoji may be chosen
        config["max"] = data["max_choices"]
        if rows and data["max_choices"] > len(rows):
            problems.append(("max_choices", _("The maximum cannot exceed the options.")))
    return config


def _rating(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
            source: _Source) -> dict[str, Any]:  # fmt: skip
    config = {"statements": _labelled(data, "statements", "s", existing, problems, minimum=1)}
    config.update(min=data["scale_min"], max=data["scale_max"])
    config.update(low_label=data["low_label"], high_label=data["high_label"])
    if data["scale_min"] >= data["scale_max"]:
        problems.append(("scale_max", _("The highest value must be above the lowest.")))
    return config


def _true_false(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
                source: _Source) -> dict[str, Any]:  # fmt: skip
    return {"answer": data["true_answer"], "explanation": data["explanation"]}


def _quiz_config(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
                 source: _Source) -> dict[str, Any]:  # fmt: skip
    return _quiz(data, existing, problems)


def _classify(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
              source: _Source) -> dict[str, Any]:  # fmt: skip
    if is_drawn("classify", data) and source.pack is not None:
        shuffle = source.rng or random.Random()  # noqa: S311 -- shuffling quiz statements
        config = _drawn(data, source.pack, source.bullets, shuffle, problems)
    else:
        config = _typed_classify(data, existing, problems)
    if data["explanation"]:
        config["explanation"] = data["explanation"]
    return config


def _image(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
           source: _Source) -> dict[str, Any]:  # fmt: skip
    return {"options": _images(data, existing, problems)}


def _quadrant_config(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
                     source: _Source) -> dict[str, Any]:  # fmt: skip
    return _quadrant(data, existing)


def _open_text(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
               source: _Source) -> dict[str, Any]:  # fmt: skip
    return {"max_length": data["max_length"]}


def _body(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
          source: _Source) -> dict[str, Any]:  # fmt: skip
    return {"body": data["body"]}


def _breakout(data: dict[str, Any], existing: dict[str, Any], problems: list[Problem],
              source: _Source) -> dict[str, Any]:  # fmt: skip
    return {
        "mode": data["mode"],
        "group_count": data["group_count"],
        "prompt": data["group_prompt"],
        "worksheet_section": data["worksheet_section"],
    }


_BUILDERS: dict[str, Builder] = {
    "single": _options, "multi": _multi, "ranking": _options, "emoji": _emoji,
    "rating": _rating, "true_false": _true_false, "quiz": _quiz_config, "classify": _classify,
    "image": _image, "quadrant": _quadrant_config, "open_text": _open_text,
    "prompt": _body, "slide": _body, "breakout": _breakout,
}  # fmt: skip
"""How each kind's form fields (``KIND_FIELDS``) turn into its config."""


def build_config(
    kind: str,
    data: dict[str, Any],
    *,
    existing: dict[str, Any],
    pack: Pack | None = None,
    bullets: Sequence[leadership.Bullet] = (),
    rng: random.Random | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    """Return (the English config of a ``kind`` item, problems) from the form's cleaned data.

    ``existing`` is the item's current config (its keys are kept); ``pack``, ``bullets`` and
    ``rng`` serve a sorting quiz drawn or picked from the leadership table.
    """
    problems: list[Problem] = []
    source = _Source(pack, bullets, rng)
    build = _BUILDERS.get(kind)
    config: dict[str, Any] = build(data, existing, problems, source) if build else {}
    if data.get("notes"):
        config["notes"] = data["notes"]
    if existing.get("topic") and build is _body:
        config["topic"] = existing["topic"]  # the pack topic a training slide teaches
    return config, problems


def with_spanish(
    kind: str, config: dict[str, Any], data: dict[str, Any], *, existing: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (``config`` with the Spanish texts typed in the form, problems by field).

    Other languages are kept as they were in ``existing``; a quiz drawn from the table brings
    its own Spanish statements and categories from the pack.
    """
    drawn = config.pop("translations", {})
    old = existing.get("translations") or {}
    merged = {lang: dict(texts) for lang, texts in old.items() if lang != SPANISH}
    for lang, texts in drawn.items():
        if lang != SPANISH:
            merged[lang] = {**merged.get(lang, {}), **texts}
    spanish, problems = translations.spanish_from_form(
        kind, config, data, drawn=is_drawn(kind, data)
    )
    if drawn.get(SPANISH):
        spanish["labels"] = {**spanish.get("labels", {}), **drawn[SPANISH].get("labels", {})}
    if spanish:
        merged[SPANISH] = spanish
    if merged:
        config["translations"] = merged
    return config, problems


def _labelled(
    data: dict[str, Any],
    field: str,
    prefix: str,
    existing: dict[str, Any],
    problems: list[Problem],
    minimum: int = 2,
) -> list[dict[str, Any]]:
    labels = _lines(data.get(field) or "")
    if len(labels) < minimum:
        problems.append((field, _("Give at least %(n)d lines.") % {"n": minimum}))
        return []
    old = existing.get("statements" if prefix == "s" else "options", [])
    keys = keep_keys(old, len(labels), prefix)
    return [{"key": k, "label": label} for k, label in zip(keys, labels, strict=True)]


def _quiz(
    data: dict[str, Any], existing: dict[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    lines = _lines(data["quiz_options"])
    right = [i for i, line in enumerate(lines) if line.startswith("*")]
    if len(lines) < 2 or len(right) != 1:
        problems.append(
            (
                "quiz_options",
                _("Give at least two options and mark exactly one with an asterisk (*)."),
            )
        )
        return {}
    keys = keep_keys(existing.get("options", []), len(lines), "o")
    options = [
        {"key": k, "label": line.lstrip("*").strip()} for k, line in zip(keys, lines, strict=True)
    ]
    return {"options": options, "answer": keys[right[0]], "explanation": data["explanation"]}


def _typed_classify(
    data: dict[str, Any], existing: dict[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    labels = _lines(data["categories"])
    if len(labels) < 2:
        problems.append(("categories", _("Give at least two categories.")))
        return {}
    category_keys = keep_keys(existing.get("categories", []), len(labels), "c")
    categories = [{"key": k, "label": lab} for k, lab in zip(category_keys, labels, strict=True)]
    by_label = {c["label"].casefold(): c["key"] for c in categories}
    rows = [_split(line, 2) for line in _lines(data["classify_statements"])]
    unknown = [cat for _label, cat in rows if cat.casefold() not in by_label]
    if not rows or unknown:
        problems.append(
            (
                "classify_statements",
                _("Each line needs a statement, a bar and one of the categories above.")
                if not unknown
                else _("These categories are not in the list: %(names)s")
                % {"names": ", ".join(sorted(set(unknown)))},
            )
        )
        return {}
    keys = keep_keys(existing.get("statements", []), len(rows), "s")
    statements = [
        {"key": k, "label": label, "answer": by_label[cat.casefold()]}
        for k, (label, cat) in zip(keys, rows, strict=True)
    ]
    return {"categories": categories, "statements": statements}


def _drawn(
    data: dict[str, Any],
    pack: Pack,
    bullets: Sequence[leadership.Bullet],
    rng: random.Random,
    problems: list[Problem],
) -> dict[str, Any]:
    """Return the quiz drawn or picked from the leadership table (texts from the pack)."""
    if data.get("statement_source") == PICK:
        chosen = leadership.picked(bullets, data.get("draw_picks") or [])
        if not chosen:
            problems.append(("draw_picks", _("Tick at least one statement of the table.")))
            return {}
    else:
        columns = data.get("draw_columns") or []
        if not columns:
            problems.append(("draw_columns", _("Choose at least one column: Who, How or Why.")))
            return {}
        count = data.get("draw_count")
        available = sum(1 for b in bullets if b.column in columns)
        if count is not None and count > available:
            problems.append(
                (
                    "draw_count",
                    _("Those columns hold %(n)d statements: ask for %(n)d or fewer.")
                    % {"n": available},
                )
            )
            return {}
        chosen = leadership.draw(bullets, columns=columns, count=count, rng=rng)
    return leadership.classify_config(pack, chosen)


def _images(
    data: dict[str, Any], existing: dict[str, Any], problems: list[Problem]
) -> list[dict[str, Any]]:
    rows = [_split(line, 3) for line in _lines(data["image_options"])]
    found: list[str] = []
    for number, (name, label, alt) in enumerate(rows, start=1):
        if name not in IMAGES:
            found.append(_("line %(n)d: unknown image “%(name)s”") % {"n": number, "name": name})
        elif not label or not alt:
            found.append(
                _("line %(n)d: a label and a text alternative are required") % {"n": number}
            )
    if len(rows) < 2:
        found.append(str(_("give at least two images")))
    if found:
        problems.append(("image_options", "; ".join(str(p) for p in found).capitalize() + "."))
        return []
    keys = keep_keys(existing.get("options", []), len(rows), "o")
    return [
        {"key": k, "label": label, "image": IMAGE_PATH.format(name), "alt": alt}
        for k, (name, label, alt) in zip(keys, rows, strict=True)
    ]


def _quadrant(data: dict[str, Any], existing: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {k: data[k] for k in ("x_low", "x_high", "y_low", "y_high")}
    config["quadrant_labels"] = [
        data["q_top_left"],
        data["q_top_right"],
        data["q_bottom_left"],
        data["q_bottom_right"],
    ]
    labels = _lines(data["quadrant_statements"])
    if labels:
        keys = keep_keys(existing.get("statements", []), len(labels), "s")
        config["statements"] = [
            {"key": k, "label": label} for k, label in zip(keys, labels, strict=True)
        ]
    return config
