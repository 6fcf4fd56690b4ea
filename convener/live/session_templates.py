"""Built-in session templates, read from the content pack's ``sessions/*.yaml`` files.

In the YAML every text is either plain English or a mapping ``{en: ..., es: ...}``. Loading
turns an item into the stored shape (see convener.live.kinds): English in ``prompt`` and the
labels, Spanish under ``config["translations"]["es"]``. An item may say
``from_pack: leadership_quiz`` to take its categories and statements (with the key) from the
pack's leadership-approach quiz, so that the quiz text lives in one place; likewise
``from_pack: rubric_row:<row key>`` offers a rubric row's four descriptors as the options.
A slide or prompt may name a teaching ``topic`` of the pack: without a ``body`` of its own it
shows the topic's summary and points, the same text as the Learn page.

Each item may carry a ``ref``: the name of the deck item it delivers, which the deck
checklists (``sessions/checklists/*.yaml``) follow in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from convener.framework.packs import BUILTIN_PACK_DIR, builtin_pack
from convener.live import kinds

SESSIONS_DIR = BUILTIN_PACK_DIR / "sessions"
MAIN_LANGUAGE = "en"
LABELLED = ("options", "statements", "categories")
TEXT_FIELDS: tuple[str, ...] = (
    "explanation",
    "body",
    "notes",
    "low_label",
    "high_label",
    "x_low",
    "x_high",
    "y_low",
    "y_high",
)


@dataclass(frozen=True)
class TemplateItem:
    kind: str
    prompt: str
    config: dict[str, Any]
    ref: str = ""


@dataclass(frozen=True)
class SessionTemplate:
    key: str
    title: dict[str, str]
    description: dict[str, str]
    items: tuple[TemplateItem, ...]

    def title_in(self, language: str) -> str:
        return self.title.get(language) or self.title[MAIN_LANGUAGE]

    def description_in(self, language: str) -> str:
        return self.description.get(language) or self.description.get(MAIN_LANGUAGE, "")


def session_template_translations(template: SessionTemplate) -> dict[str, Any]:
    """Return a new session's ``translations`` from ``template``'s title and description."""
    out: dict[str, Any] = {}
    for language in set(template.title) | set(template.description):
        if language != MAIN_LANGUAGE:
            texts = {
                "title": template.title.get(language, ""),
                "description": template.description.get(language, ""),
            }
            out[language] = {k: v for k, v in texts.items() if v}
    return out


class TemplateError(ValueError):
    """A session template file that cannot be used, naming the file and the item."""


def _texts(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {MAIN_LANGUAGE: str(value or "")}


def _leadership_quiz() -> dict[str, Any]:
    pack = builtin_pack()
    quiz = pack.leadership_quiz
    if quiz is None:
        raise TemplateError("the content pack has no leadership quiz")
    return {
        "categories": [
            {"key": key, "label": dict(pack.leadership_approach(key).name)}
            for key in quiz.categories
        ],
        "statements": [
            {"key": item.key, "label": dict(item.statement), "answer": item.answer}
            for item in quiz.items
        ],
    }


def _rubric_row(key: str) -> dict[str, Any]:
    try:
        row = builtin_pack().rubric_row(key)
    except KeyError:
        raise TemplateError(f"the content pack has no rubric row {key}") from None
    return {
        "options": [
            {"key": level, "label": dict(text)}
            for level, text in zip(builtin_pack().depth_keys, row.descriptors, strict=True)
        ]
    }


def _topic_body(key: str) -> dict[str, str]:
    try:
        topic = builtin_pack().topic(key)
    except KeyError:
        raise TemplateError(f"the content pack has no teaching topic {key}") from None
    return {
        language: "\n".join(
            [summary, *(f"• {point.get(language) or point['en']}" for point in topic.points)]
        )
        for language, summary in topic.summary.items()
    }


def build_item(raw: dict[str, Any]) -> TemplateItem:
    """Return the stored shape of one YAML item (English main text, Spanish in translations)."""
    kind = str(raw["kind"])
    source = dict(raw.get("config") or {})
    origin = str(source.pop("from_pack", "") or "")
    if origin == "leadership_quiz":
        source = {**_leadership_quiz(), **source}
    elif origin.startswith("rubric_row:"):
        source = {**_rubric_row(origin.split(":", 1)[1]), **source}
    if source.get("topic") and "body" not in source:
        source["body"] = _topic_body(str(source["topic"]))
    prompt = _texts(raw["prompt"])
    translations: dict[str, dict[str, Any]] = {}

    def put(language: str, field: str, value: Any) -> None:
        if language != MAIN_LANGUAGE:
            translations.setdefault(language, {})[field] = value

    for language, text in prompt.items():
        put(language, "prompt", text)
    config: dict[str, Any] = {}
    for field, value in source.items():
        if field in LABELLED and isinstance(value, list):
            entries = []
            for entry in value:
                entry = dict(entry)
                for language, text in _texts(entry.get("label")).items():
                    if language != MAIN_LANGUAGE:
                        translations.setdefault(language, {}).setdefault("labels", {})[
                            entry["key"]
                        ] = text
                entry["label"] = _texts(entry.get("label"))[MAIN_LANGUAGE]
                if "alt" in entry:
                    for language, text in _texts(entry["alt"]).items():
                        if language != MAIN_LANGUAGE:
                            translations.setdefault(language, {}).setdefault("alt", {})[
                                entry["key"]
                            ] = text
                    entry["alt"] = _texts(entry["alt"])[MAIN_LANGUAGE]
                entries.append(entry)
            config[field] = entries
        elif field in TEXT_FIELDS or field == "prompt":
            # A breakout's group prompt is translated as "group_prompt": "prompt" is the item's.
            texts = _texts(value)
            config[field] = texts[MAIN_LANGUAGE]
            for language, text in texts.items():
                put(language, "group_prompt" if field == "prompt" else field, text)
        elif field == "quadrant_labels":
            labels = [_texts(v) for v in value]
            config[field] = [t[MAIN_LANGUAGE] for t in labels]
            for language in {lang for t in labels for lang in t} - {MAIN_LANGUAGE}:
                put(language, field, [t.get(language, t[MAIN_LANGUAGE]) for t in labels])
        else:
            config[field] = value
    if translations:
        config["translations"] = translations
    return TemplateItem(
        kind=kind, prompt=prompt[MAIN_LANGUAGE], config=config, ref=str(raw.get("ref", ""))
    )


def load_template(path: Path) -> SessionTemplate:
    """Read and check one template file; raise TemplateError naming what is wrong."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = []
    for number, raw in enumerate(data.get("items") or [], start=1):
        item = build_item(raw)
        problems = kinds.validate_config(item.kind, item.config)
        if problems:
            raise TemplateError(f"{path.name}, item {number}: {'; '.join(problems)}")
        items.append(item)
    return SessionTemplate(
        key=str(data["key"]),
        title=_texts(data["title"]),
        description=_texts(data.get("description", "")),
        items=tuple(items),
    )


@cache
def _all() -> dict[str, SessionTemplate]:
    found = [load_template(p) for p in sorted(SESSIONS_DIR.glob("*.yaml"))]
    return {t.key: t for t in found}


def list_templates() -> list[SessionTemplate]:
    """Return the built-in templates in file order."""
    return list(_all().values())


def get_template(key: str) -> SessionTemplate | None:
    return _all().get(key)


def checklist_problems(template: SessionTemplate, checklist: list[dict[str, Any]]) -> list[str]:
    """Return how ``template`` strays from its deck checklist (empty when it follows it).

    The checklist lists the deck's items in deck order, each with the ``ref`` and ``kind`` of
    the template item that delivers it; a missing, extra or moved item is a problem.
    """
    wanted = [(str(row["ref"]), str(row["kind"])) for row in checklist]
    found = [(item.ref, item.kind) for item in template.items]
    problems = []
    for position, (want, got) in enumerate(zip(wanted, found, strict=False), start=1):
        if want != got:
            problems.append(
                f"item {position}: the deck expects {want[0]} ({want[1]}), "
                f"found {got[0] or '?'} ({got[1]})"
            )
            break  # everything after a gap or a move is shifted: the first difference says it
    if not problems and len(wanted) != len(found):
        problems.append(f"the deck lists {len(wanted)} items, the template has {len(found)}")
    return problems
