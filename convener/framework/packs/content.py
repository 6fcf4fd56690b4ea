"""The content of a framework pack as frozen dataclasses, plus localized text.

Nothing here reads files or touches the database: `loader.py` builds these objects from
validated YAML (or from the JSON stored for an installed pack).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, Protocol, TypeVar

DEFAULT_LANGUAGE = "en"


class LocalizedText(Mapping[str, str]):
    """An immutable text in one or more languages; English is always present."""

    __slots__ = ("_values",)

    def __init__(self, value: str | Mapping[str, str]) -> None:
        values = {DEFAULT_LANGUAGE: value} if isinstance(value, str) else dict(value)
        if DEFAULT_LANGUAGE not in values:
            raise ValueError("a localized text needs an English ('en') version")
        self._values: dict[str, str] = values

    def __getitem__(self, language: str) -> str:
        return self._values[language]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self._values == {DEFAULT_LANGUAGE: other}
        if isinstance(other, Mapping):
            return self._values == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"LocalizedText({self._values!r})"

    def __str__(self) -> str:
        return self._values[DEFAULT_LANGUAGE]

    def get_text(self, language: str | None) -> str:
        """Return the text in `language`, else in its base language, else in English."""
        return localize(self, language)


def localize(text: str | Mapping[str, str] | None, language: str | None) -> str:
    """Return `text` in `language`, falling back to the base language, then English.

    `text` is a plain string (English only) or a mapping of language codes to strings.
    `es-MX` falls back to `es`; an unknown language falls back to English, and a mapping
    without English to its first entry.
    """
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if language:
        code = language.lower().replace("_", "-")
        for candidate in (code, code.split("-", 1)[0]):
            if candidate in text:
                return text[candidate]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), "")


Texts = tuple[LocalizedText, ...]


class _Card:
    """Give a content object a plain, localized dict for templates and JSON."""

    def as_card(self, pack: Pack, language: str | None) -> dict[str, Any]:
        """Return this object's fields with every text in `language` (English fallback)."""
        card: dict[str, Any] = {}
        for field in fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            if isinstance(value, LocalizedText):
                card[field.name] = value.get_text(language)
            elif isinstance(value, tuple):
                card[field.name] = [
                    item.get_text(language) if isinstance(item, LocalizedText) else item
                    for item in value
                ]
            else:
                card[field.name] = value
        return card


@dataclass(frozen=True)
class Layer(_Card):
    """One of the framework's layers (habits, elements, depth of interaction)."""

    key: str
    name: LocalizedText
    description: LocalizedText


@dataclass(frozen=True)
class Habit(_Card):
    """A habit of interaction, or the integrating section that ties the habits together."""

    key: str
    name: LocalizedText
    kind: Literal["habit", "integrating"]
    question: LocalizedText
    purpose: LocalizedText
    adaptive_elements: Texts = ()
    technical_elements: Texts = ()

    @property
    def is_integrating(self) -> bool:
        return self.kind == "integrating"

    def as_card(self, pack: Pack, language: str | None) -> dict[str, Any]:
        """Return the habit localized; `summary` is its purpose, for short listings."""
        card = super().as_card(pack, language)
        card["summary"] = card["purpose"]
        return card


@dataclass(frozen=True)
class DepthLevel(_Card):
    """One of the four depths of interaction, from informing to transforming."""

    key: str
    position: int
    name: LocalizedText
    label: LocalizedText
    summary: LocalizedText
    description: LocalizedText


@dataclass(frozen=True)
class Element(_Card):
    """An element of interaction: technical, adaptive or operational."""

    key: str
    name: LocalizedText
    side: LocalizedText
    description: LocalizedText
    examples: Texts = ()
    criteria: Texts = ()


@dataclass(frozen=True)
class RubricRow(_Card):
    """One operational decision of a habit, described at each of the four depths."""

    key: str
    habit: str
    title: LocalizedText
    question: LocalizedText
    descriptors: Texts

    def descriptor(self, depth_position: int) -> LocalizedText:
        """Return the descriptor for a depth given by its 1-based position."""
        return self.descriptors[depth_position - 1]

    def as_card(self, pack: Pack, language: str | None) -> dict[str, Any]:
        """Return the row localized, with `cells`: (depth key, descriptor) in depth order."""
        card = super().as_card(pack, language)
        card["habit_name"] = pack.habit(self.habit).name.get_text(language)
        card["cells"] = list(zip(pack.depth_keys, card["descriptors"], strict=True))
        return card


@dataclass(frozen=True)
class Tool(_Card):
    """One of the pack's tools, attached to a habit, with what it is for."""

    key: str
    habit: str
    name: LocalizedText
    purpose: LocalizedText

    def as_card(self, pack: Pack, language: str | None) -> dict[str, Any]:
        card = super().as_card(pack, language)
        card["habit_name"] = pack.habit(self.habit).name.get_text(language)
        return card


@dataclass(frozen=True)
class LeadershipApproach(_Card):
    """A way of leading, described by who leads, how it works and why."""

    key: str
    name: LocalizedText
    who: Texts
    how: Texts
    why: Texts


@dataclass(frozen=True)
class QuizItem(_Card):
    """A statement to classify, with the approach it belongs to."""

    key: str
    statement: LocalizedText
    answer: str


@dataclass(frozen=True)
class LeadershipQuiz:
    """Classify each statement as one of the leadership approaches."""

    key: str
    title: LocalizedText
    instructions: LocalizedText
    categories: tuple[str, ...]
    items: tuple[QuizItem, ...]

    def item(self, key: str) -> QuizItem:
        return _find(self.items, key, "quiz item")

    def is_correct(self, item_key: str, answer: str) -> bool:
        """Return whether `answer` (an approach key) is the key's answer for the item."""
        return self.item(item_key).answer == answer


@dataclass(frozen=True)
class Topic:
    """Something the trainings teach (management versus engagement, the theory bases...)."""

    key: str
    title: LocalizedText
    summary: LocalizedText
    points: Texts = ()
    credit: LocalizedText | None = None


@dataclass(frozen=True)
class Pack:
    """A validated framework content pack."""

    key: str
    version: str
    title: LocalizedText
    description: LocalizedText
    languages: tuple[str, ...]
    habits: tuple[Habit, ...]
    depth_levels: tuple[DepthLevel, ...]
    elements: tuple[Element, ...]
    rubric_rows: tuple[RubricRow, ...]
    tools: tuple[Tool, ...]
    layers: tuple[Layer, ...] = ()
    principle: LocalizedText | None = None
    attribution: LocalizedText | None = None
    leadership_approaches: tuple[LeadershipApproach, ...] = ()
    leadership_quiz: LeadershipQuiz | None = None
    worksheets: tuple[WorksheetDef, ...] = ()
    topics: tuple[Topic, ...] = ()

    @property
    def depth_keys(self) -> tuple[str, ...]:
        return tuple(level.key for level in self.depth_levels)

    @property
    def habit_keys(self) -> tuple[str, ...]:
        return tuple(habit.key for habit in self.habits)

    @property
    def rubric_row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for row in self.rubric_rows)

    @property
    def tool_keys(self) -> tuple[str, ...]:
        return tuple(tool.key for tool in self.tools)

    def habit(self, key: str) -> Habit:
        return _find(self.habits, key, "habit")

    def depth_level(self, key: str) -> DepthLevel:
        return _find(self.depth_levels, key, "depth level")

    def element(self, key: str) -> Element:
        return _find(self.elements, key, "element")

    def rubric_row(self, key: str) -> RubricRow:
        return _find(self.rubric_rows, key, "rubric row")

    def tool(self, key: str) -> Tool:
        return _find(self.tools, key, "tool")

    def topic(self, key: str) -> Topic:
        return _find(self.topics, key, "teaching topic")

    def leadership_approach(self, key: str) -> LeadershipApproach:
        return _find(self.leadership_approaches, key, "leadership approach")

    def rows_for_habit(self, habit_key: str) -> tuple[RubricRow, ...]:
        """Return the habit's rubric rows in pack order (empty for a habit without rows)."""
        return tuple(row for row in self.rubric_rows if row.habit == habit_key)

    def tools_for_habit(self, habit_key: str) -> tuple[Tool, ...]:
        return tuple(tool for tool in self.tools if tool.habit == habit_key)

    def worksheet(self, tool_key: str) -> WorksheetDef | None:
        """Return the worksheet definition of a tool, or None when the pack has none."""
        for worksheet in self.worksheets:
            if worksheet.tool == tool_key:
                return worksheet
        return None


class _Keyed(Protocol):
    @property
    def key(self) -> str: ...


_T = TypeVar("_T", bound=_Keyed)


def _find(items: tuple[_T, ...], key: str, kind: str) -> _T:
    for item in items:
        if item.key == key:
            return item
    raise KeyError(f"no {kind} with key {key!r}")


# -- worksheets ----------------------------------------------------------------------------

FIELD_TYPES: tuple[str, ...] = (
    "text",
    "long_text",
    "choice",
    "multi_choice",
    "registry_link",
    "rows",
    "circle",
    "quadrant",
    "glossary_term",
    "date",
)
"""The kinds of answer a worksheet field can take (see convener.toolkit.engine)."""


@dataclass(frozen=True)
class FieldChoice:
    """One option of a choice or multi-choice field."""

    key: str
    label: LocalizedText


@dataclass(frozen=True)
class FieldDef:
    """One field of a worksheet section; `columns` are the fields of each row of a rows field."""

    key: str
    type: str
    label: LocalizedText
    help: LocalizedText | None = None
    required: bool = False
    choices: tuple[FieldChoice, ...] = ()
    columns: tuple[FieldDef, ...] = ()
    x_axis: LocalizedText | None = None  # quadrant: what runs from left to right
    y_axis: LocalizedText | None = None  # quadrant: what runs from bottom to top

    def column(self, key: str) -> FieldDef:
        return _find(self.columns, key, "column")


@dataclass(frozen=True)
class SectionDef:
    """One section of a worksheet: a prompt, its fields, and optionally what it feeds."""

    key: str
    title: LocalizedText
    prompt: LocalizedText
    fields: tuple[FieldDef, ...]
    help: LocalizedText | None = None
    feed: str | None = None

    def field(self, key: str) -> FieldDef:
        return _find(self.fields, key, "field")


@dataclass(frozen=True)
class WorksheetDef:
    """The worksheet of one tool: its sections in order."""

    tool: str
    sections: tuple[SectionDef, ...]
    feeds_summary: LocalizedText | None = None

    @property
    def key(self) -> str:
        return self.tool

    def section(self, key: str) -> SectionDef:
        return _find(self.sections, key, "section")
