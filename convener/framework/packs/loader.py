"""Read a content pack from YAML files, validate it, and build a `Pack`.

Every problem is reported with the file, the line and the reason, so that someone editing a
pack in a text editor can go straight to it. Validation runs in three steps, each only when the
previous one passed: YAML syntax, JSON Schema per file, then cross-references between files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from convener.framework.packs.content import (
    DepthLevel,
    Element,
    Habit,
    Layer,
    LeadershipApproach,
    LeadershipQuiz,
    LocalizedText,
    Pack,
    QuizItem,
    RubricRow,
    Tool,
    Topic,
)
from convener.framework.packs.errors import (
    JsonPath,
    Locate,
    PackError,
    Problem,
    describe_path,
    explain,
)
from convener.framework.packs.references import reference_problems
from convener.framework.packs.schema import (
    OPTIONAL_DOCUMENTS,
    PACK_FILES,
    Schema,
    build_schemas,
)
from convener.framework.packs.worksheets import (
    WORKSHEETS_KEY,
    build_worksheets,
    document_name,
    worksheet_files,
    worksheet_problems,
)

BUILTIN_PACK_DIR = Path(__file__).resolve().parent / "lbc"

MAX_PROBLEMS = 25


# -- public entry points -------------------------------------------------------------------


def load_pack(path: Path) -> Pack:
    """Read, validate and build the pack in directory `path` (or from its `pack.yaml`)."""
    return pack_from_documents(load_pack_documents(path), check=False)


def load_pack_documents(path: Path) -> dict[str, Any]:
    """Return the validated documents of the pack at `path`, keyed by document name.

    The result holds only JSON types, so it can be stored as is and turned back into a
    `Pack` with `pack_from_documents`.
    """
    directory = path.parent if path.is_file() and path.name == PACK_FILES["pack"] else path
    if not directory.is_dir():
        raise PackError([Problem(str(path), None, "is not a pack directory")])
    documents: dict[str, Any] = {}
    trees: dict[str, yaml.Node | None] = {}
    problems: list[Problem] = []
    for name, filename in PACK_FILES.items():
        file = directory / filename
        if not file.is_file():
            if name not in OPTIONAL_DOCUMENTS:
                problems.append(Problem(filename, None, "file is missing from the pack"))
            continue
        try:
            documents[name], trees[name] = _parse_yaml(file, filename)
        except PackError as error:
            problems.extend(error.problems)
    # Worksheets: one optional file per tool in the worksheets/ folder, kept with the tools.
    worksheets: dict[str, Any] = {}
    for file in worksheet_files(directory):
        filename = f"{file.parent.name}/{file.name}"
        try:
            worksheets[file.stem], trees[document_name(file.stem)] = _parse_yaml(file, filename)
        except PackError as error:
            problems.extend(error.problems)
    if problems:
        raise PackError(problems)
    tools = documents.get("tools")
    if isinstance(tools, dict):
        if WORKSHEETS_KEY in tools:
            raise PackError(
                [
                    Problem(
                        PACK_FILES["tools"],
                        _line_of(trees.get("tools"), [WORKSHEETS_KEY]),
                        "worksheets go in the worksheets/ folder, one file per tool",
                    )
                ]
            )
        if worksheets:
            tools[WORKSHEETS_KEY] = worksheets

    def locate(document: str, json_path: JsonPath) -> int | None:
        return _line_of(trees.get(document), json_path)

    check_documents(documents, locate)
    return documents


def check_documents(documents: Mapping[str, Any], locate: Locate | None = None) -> None:
    """Raise `PackError` unless `documents` form a valid pack."""
    where: Locate = locate or _nowhere
    missing = [
        Problem(filename, None, "file is missing from the pack")
        for name, filename in PACK_FILES.items()
        if name not in documents and name not in OPTIONAL_DOCUMENTS
    ]
    if missing:
        raise PackError(missing)
    # The manifest declares the languages that every other text is checked against.
    generic = build_schemas(None)
    _raise_if(_schema_problems("pack", documents["pack"], generic["pack"], where))
    schemas = build_schemas(documents["pack"]["languages"])
    problems: list[Problem] = []
    for name in PACK_FILES:
        if name in documents:
            problems += _schema_problems(name, documents[name], schemas[name], where)
    _raise_if(problems)
    _raise_if(reference_problems(documents, where))
    _raise_if(
        worksheet_problems(
            documents["tools"].get(WORKSHEETS_KEY) or {},
            tool_keys=[tool["key"] for tool in documents["tools"]["tools"]],
            languages=documents["pack"]["languages"],
            locate=where,
        )
    )


def pack_from_documents(documents: Mapping[str, Any], *, check: bool = True) -> Pack:
    """Build a `Pack` from validated documents (validating them first unless told not to)."""
    if check:
        check_documents(documents)
    manifest = documents["pack"]
    by_habit = documents["elements"].get("by_habit", {})
    leadership = documents.get("leadership") or {}
    quiz = leadership.get("quiz")
    return Pack(
        key=manifest["key"],
        version=manifest["version"],
        title=_text(manifest["title"]),
        description=_text(manifest["description"]),
        languages=tuple(manifest["languages"]),
        principle=_optional_text(manifest.get("principle")),
        attribution=_optional_text(manifest.get("attribution")),
        layers=tuple(
            Layer(
                key=layer["key"], name=_text(layer["name"]), description=_text(layer["description"])
            )
            for layer in manifest.get("layers", [])
        ),
        habits=tuple(
            Habit(
                key=habit["key"],
                name=_text(habit["name"]),
                kind=habit["kind"],
                question=_text(habit["question"]),
                purpose=_text(habit["purpose"]),
                adaptive_elements=_texts(by_habit.get(habit["key"], {}).get("adaptive", [])),
                technical_elements=_texts(by_habit.get(habit["key"], {}).get("technical", [])),
            )
            for habit in documents["habits"]["habits"]
        ),
        depth_levels=tuple(
            DepthLevel(
                key=level["key"],
                position=position,
                name=_text(level["name"]),
                label=_text(level["label"]),
                summary=_text(level["summary"]),
                description=_text(level["description"]),
            )
            for position, level in enumerate(documents["depth_levels"]["depth_levels"], 1)
        ),
        elements=tuple(
            Element(
                key=element["key"],
                name=_text(element["name"]),
                side=_text(element["side"]),
                description=_text(element["description"]),
                examples=_texts(element.get("examples", [])),
                criteria=_texts(element.get("criteria", [])),
            )
            for element in documents["elements"]["elements"]
        ),
        rubric_rows=tuple(
            RubricRow(
                key=row["key"],
                habit=row["habit"],
                title=_text(row["title"]),
                question=_text(row["question"]),
                descriptors=_texts(row["descriptors"]),
            )
            for row in documents["rubrics"]["rows"]
        ),
        tools=tuple(
            Tool(
                key=tool["key"],
                habit=tool["habit"],
                name=_text(tool["name"]),
                purpose=_text(tool["purpose"]),
            )
            for tool in documents["tools"]["tools"]
        ),
        leadership_approaches=tuple(
            LeadershipApproach(
                key=approach["key"],
                name=_text(approach["name"]),
                who=_texts(approach["who"]),
                how=_texts(approach["how"]),
                why=_texts(approach["why"]),
            )
            for approach in leadership.get("approaches", [])
        ),
        leadership_quiz=None
        if quiz is None
        else LeadershipQuiz(
            key=quiz["key"],
            title=_text(quiz["title"]),
            instructions=_text(quiz["instructions"]),
            categories=tuple(quiz["categories"]),
            items=tuple(
                QuizItem(key=item["key"], statement=_text(item["statement"]), answer=item["answer"])
                for item in quiz["items"]
            ),
        ),
        worksheets=build_worksheets(documents["tools"].get(WORKSHEETS_KEY) or {}),
        topics=tuple(
            Topic(
                key=topic["key"],
                title=_text(topic["title"]),
                summary=_text(topic["summary"]),
                points=_texts(topic.get("points", [])),
                credit=_optional_text(topic.get("credit")),
            )
            for topic in (documents.get("teaching") or {}).get("topics", [])
        ),
    )


@functools.cache
def builtin_pack() -> Pack:
    """Return the Leading by Convening pack shipped with Convener."""
    return load_pack(BUILTIN_PACK_DIR)


def missing_translations(pack: Pack) -> list[str]:
    """List every text of `pack` that lacks one of the pack's languages, as `where: language`."""
    found: list[str] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, LocalizedText):
            found.extend(f"{where}: {code}" for code in pack.languages if code not in value)
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                label = getattr(item, "key", None) or index + 1
                walk(item, f"{where}[{label}]")
        elif is_dataclass(value) and not isinstance(value, type):
            for field in fields(value):
                walk(getattr(value, field.name), f"{where}.{field.name}" if where else field.name)

    walk(pack, "")
    return found


# -- YAML with line numbers ----------------------------------------------------------------


def _parse_yaml(file: Path, filename: str) -> tuple[Any, yaml.Node | None]:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError([Problem(filename, None, "is not UTF-8 text")]) from None
    except OSError as error:
        raise PackError([Problem(filename, None, f"cannot be read ({error.strerror})")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _raise_if(_duplicate_keys(node, filename))
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = "invalid YAML: " + " ".join(
            part for part in (error.context, error.problem) if part
        )
        raise PackError([Problem(filename, mark.line + 1 if mark else None, reason)]) from None
    except yaml.YAMLError as error:
        raise PackError([Problem(filename, None, f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()
    return data, node


def _duplicate_keys(root: yaml.Node, filename: str) -> list[Problem]:
    """Find mapping keys given twice: YAML would silently keep only the last one."""
    problems: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                if (
                    isinstance(key_node, yaml.ScalarNode)
                    and key_node.tag != "tag:yaml.org,2002:merge"
                ):
                    line = key_node.start_mark.line + 1
                    if key_node.value in seen:
                        problems.append(
                            Problem(
                                filename,
                                line,
                                f"duplicate key {key_node.value!r} "
                                f"(first given on line {seen[key_node.value]})",
                            )
                        )
                    else:
                        seen[key_node.value] = line
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(problems, key=lambda problem: problem.line or 0)


def _line_of(root: yaml.Node | None, json_path: JsonPath) -> int | None:
    """Return the line of the deepest node along `json_path` (a key's own line for mappings)."""
    if root is None:
        return None
    node, line = root, root.start_mark.line + 1
    for step in json_path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    node, line = value_node, key_node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                return line
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _nowhere(document: str, json_path: JsonPath) -> int | None:
    return None


# -- schema validation ---------------------------------------------------------------------


def _schema_problems(document: str, data: Any, schema: Schema, locate: Locate) -> list[Problem]:
    if data is None:
        return [Problem(PACK_FILES[document], 1, "the file is empty")]
    problems: list[Problem] = []
    for error in Draft202012Validator(schema).iter_errors(data):
        json_path, reason = explain(error)
        where = describe_path(data, json_path)
        problems.append(
            Problem(PACK_FILES[document], locate(document, json_path), f"{where}{reason}")
        )
    problems.sort(key=lambda problem: problem.line or 0)
    return problems[:MAX_PROBLEMS]


# -- small helpers -------------------------------------------------------------------------


def _raise_if(problems: Sequence[Problem]) -> None:
    if problems:
        raise PackError(problems)


def _text(value: str | Mapping[str, str]) -> LocalizedText:
    return LocalizedText(value)


def _optional_text(value: str | Mapping[str, str] | None) -> LocalizedText | None:
    return None if value is None else LocalizedText(value)


def _texts(values: Iterable[str | Mapping[str, str]]) -> tuple[LocalizedText, ...]:
    return tuple(LocalizedText(value) for value in values)


def find_line(path: Path, document: str, json_path: JsonPath) -> int | None:
    """Return the line of `json_path` in a document of the pack at `path`, if it can be read."""
    directory = path.parent if path.is_file() else path
    try:
        _, node = _parse_yaml(directory / PACK_FILES[document], PACK_FILES[document])
    except PackError:
        return None
    return _line_of(node, json_path)
