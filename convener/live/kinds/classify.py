"""Statements sorted into categories; each statement has a right category (a quiz kind)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from convener.live.kinds.base import (
    Add,
    Answer,
    InvalidAnswer,
    InvalidVote,
    Kind,
    PostedForm,
    Tallies,
    check_statements,
    counter,
    keyed,
    label,
    share,
    statement_answers,
)


def _statements(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for s in config.get("statements") or [] if isinstance(s, dict)]


class Classify(Kind):
    key = "classify"
    form = "classify"
    instant = True
    quiz = True
    chart = "scores"
    teaching = "sorting"
    drawn = True

    def check(self, config: Mapping[str, Any], problems: list[str]) -> None:
        categories = config.get("categories")
        if not isinstance(categories, list) or len(categories) < 2:
            problems.append(_("Give at least two categories."))
            category_keys: list[str] = []
        else:
            category_keys = keyed(categories, _("category"), problems)
        check_statements(config, problems, required=True)
        for statement in config.get("statements") or []:
            if isinstance(statement, dict) and statement.get("answer") not in category_keys:
                problems.append(
                    _("Give the right category of every statement: %(label)s")
                    % {"label": statement.get("label") or statement.get("key") or "?"}
                )

    def read(self, config: Mapping[str, Any], post: PostedForm, text: str) -> Answer:
        sorted_ = {
            s["key"]: post.get(f"c:{s['key']}")
            for s in config.get("statements", [])
            if post.get(f"c:{s['key']}")
        }
        if not sorted_:
            raise InvalidAnswer(_("Sort at least one statement."))
        return sorted_, ""

    def clean(self, config: Mapping[str, Any], value: Any, text: str) -> Any:
        value = statement_answers(value, config)
        categories = {c["key"] for c in config.get("categories") or []}
        if not all(v in categories for v in value.values()):
            raise InvalidVote(_("Choose one of the categories for each statement."))
        return dict(value)

    def score(self, config: Mapping[str, Any], value: Any) -> float | None:
        statements = _statements(config)
        if not statements:
            return None
        right = sum(1 for s in statements if value.get(s["key"]) == s.get("answer"))
        return right / len(statements)

    def answer_key(self, config: Mapping[str, Any]) -> Any:
        return {s["key"]: s.get("answer") for s in config.get("statements") or []}

    def without_key(self, config: Mapping[str, Any]) -> dict[str, Any]:
        out = super().without_key(config)
        out["statements"] = [
            {k: v for k, v in s.items() if k != "answer"} for s in config.get("statements") or []
        ]
        return out

    def contribute(self, config: Mapping[str, Any], value: Any, add: Add) -> None:
        for key, category in value.items():
            add(f"{key}={category}")
        right = sum(
            1 for s in config.get("statements") or [] if value.get(s["key"]) == s.get("answer")
        )
        add(f"score={right}")

    def shape(
        self, config: Mapping[str, Any], tallies: Tallies, language: str, out: dict[str, Any]
    ) -> None:
        count, _total = counter(tallies)
        categories = config.get("categories") or []
        rows = []
        for statement in config.get("statements") or []:
            key = statement["key"]
            per = [(c, count(f"{key}={c['key']}")) for c in categories]
            answered = sum(c for _cat, c in per)
            rows.append(
                {
                    "key": key,
                    "label": label(statement, language, config),
                    "count": answered,
                    "categories": [
                        {
                            "key": c["key"],
                            "label": label(c, language, config),
                            "count": k,
                            "share": share(k, answered),
                        }
                        for c, k in per
                    ],
                }
            )
        out["statements"] = rows
        statements = len(config.get("statements") or [])
        out["score_distribution"] = [
            {"right": k, "count": count(f"score={k}")} for k in range(statements + 1)
        ]


CLASSIFY = Classify()
