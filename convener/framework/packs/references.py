"""Cross-references between the files of a pack: keys that must exist, be unique or be fixed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from convener.framework.packs.errors import JsonPath, Locate, Problem
from convener.framework.packs.schema import DEPTH_KEYS, DEPTH_RANGE, PACK_FILES


class _Report:
    def __init__(self, locate: Locate) -> None:
        self.locate = locate
        self.problems: list[Problem] = []

    def add(self, document: str, json_path: JsonPath, reason: str) -> None:
        self.problems.append(
            Problem(PACK_FILES[document], self.locate(document, json_path), reason)
        )

    def unique_keys(
        self, document: str, items: Iterable[Any], list_path: JsonPath, kind: str
    ) -> set[str]:
        first_seen: dict[str, int] = {}
        for index, item in enumerate(items):
            key = item["key"]
            if key in first_seen:
                first_line = self.locate(document, [*list_path, first_seen[key]])
                again = f" (first on line {first_line})" if first_line else ""
                self.add(
                    document, [*list_path, index, "key"], f"{kind} key {key!r} is used twice{again}"
                )
            else:
                first_seen[key] = index
        return set(first_seen)


def reference_problems(documents: Mapping[str, Any], locate: Locate) -> list[Problem]:
    report = _Report(locate)
    habits = report.unique_keys("habits", documents["habits"]["habits"], ["habits"], "habit")
    known_habits = ", ".join(sorted(habits))

    levels = documents["depth_levels"]["depth_levels"]
    keys = [level["key"] for level in levels]
    if len(keys) != len(DEPTH_KEYS):
        report.add(
            "depth_levels",
            ["depth_levels"],
            f"there are {len(keys)} depth levels; a pack needs exactly 4 ({DEPTH_RANGE})",
        )
    else:
        for index, (key, expected) in enumerate(zip(keys, DEPTH_KEYS, strict=True)):
            if key != expected:
                report.add(
                    "depth_levels",
                    ["depth_levels", index, "key"],
                    f"depth level {index + 1} is {key!r} but should be {expected!r}; the levels "
                    f"are {', '.join(DEPTH_KEYS)}, in that order",
                )

    report.unique_keys("elements", documents["elements"]["elements"], ["elements"], "element")
    for habit in documents["elements"].get("by_habit", {}):
        if habit not in habits:
            report.add(
                "elements",
                ["by_habit", habit],
                f"elements are given for unknown habit {habit!r}; known habits: {known_habits}",
            )

    rows = documents["rubrics"]["rows"]
    report.unique_keys("rubrics", rows, ["rows"], "row")
    for index, row in enumerate(rows):
        key, habit = row["key"], row["habit"]
        if habit not in habits:
            report.add(
                "rubrics",
                ["rows", index, "habit"],
                f"row {key!r} belongs to unknown habit {habit!r}; known habits: {known_habits}",
            )
        elif not key.startswith(f"{habit}."):
            report.add(
                "rubrics",
                ["rows", index, "key"],
                f"row key {key!r} should start with its habit, {habit + '.'!r}",
            )
        count = len(row["descriptors"])
        if count != len(DEPTH_KEYS):
            report.add(
                "rubrics",
                ["rows", index, "descriptors"],
                f"row {key!r} has {count} descriptor{'s' if count != 1 else ''}; "
                f"a row needs exactly 4 ({DEPTH_RANGE})",
            )

    tools = documents["tools"]["tools"]
    report.unique_keys("tools", tools, ["tools"], "tool")
    for index, tool in enumerate(tools):
        if tool["habit"] not in habits:
            report.add(
                "tools",
                ["tools", index, "habit"],
                f"tool {tool['key']!r} belongs to unknown habit {tool['habit']!r}; "
                f"known habits: {known_habits}",
            )

    if "leadership" in documents:
        _leadership_problems(documents["leadership"], report)
    return report.problems


def _leadership_problems(leadership: Mapping[str, Any], report: _Report) -> None:
    approaches = report.unique_keys(
        "leadership", leadership["approaches"], ["approaches"], "approach"
    )
    quiz = leadership.get("quiz")
    if quiz is None:
        return
    categories = quiz["categories"]
    for index, category in enumerate(categories):
        if category not in approaches:
            report.add(
                "leadership",
                ["quiz", "categories", index],
                f"quiz category {category!r} is not one of the approaches: "
                + ", ".join(sorted(approaches)),
            )
        elif category in categories[:index]:
            report.add(
                "leadership",
                ["quiz", "categories", index],
                f"category {category!r} is listed twice",
            )
    report.unique_keys("leadership", quiz["items"], ["quiz", "items"], "quiz item")
    for index, item in enumerate(quiz["items"]):
        if item["answer"] not in categories:
            report.add(
                "leadership",
                ["quiz", "items", index, "answer"],
                f"quiz item {item['key']!r} has answer {item['answer']!r}, which is not one of "
                "the quiz categories: " + ", ".join(categories),
            )
