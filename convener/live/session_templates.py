"""Built-in session templates, read from the content pack's ``sessions/*.yaml`` files.

In the YAML every text is either plain English or a mapping ``{en: ..., es: ...}``. Loading
turns an item into the stored shape (see convener.live.kinds): English in ``prompt`` and the
labels, Spanish under ``config["translations"]["es"]``. An item may say
``from_pack: leadership_quiz`` to take its categories and statements (with the key) from the
pack's leadership-approach quiz, so that the quiz text lives in one place.
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


def build_item(raw: dict[str, Any]) -> TemplateItem:
    """Return the stored shape of one YAML item (English main text, Spanish in translations)."""
    kind = str(raw["kind"])
    source = dict(raw.get("config") or {})
    if source.pop("from_pack", None) == "leadership_quiz":
        source = {**_leadership_quiz(), **source}
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
    return TemplateItem(kind=kind, prompt=prompt[MAIN_LANGUAGE], config=config)


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
