"""Classification quizzes drawn from the pack's table of leadership approaches (Who/How/Why).

Each bullet of the table becomes a statement to classify, its approach being the right answer
and the approaches the categories: the same ``classify`` config as the shipped quiz (see
``convener.live.kinds``), English in the labels and other languages under ``translations``.
Pure functions over the frozen ``Pack``: no database.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from convener.framework.packs import DEFAULT_LANGUAGE, Pack

COLUMNS: tuple[str, ...] = ("who", "how", "why")


@dataclass(frozen=True)
class Bullet:
    """One cell line of the table: ``key`` is ``<approach>-<column>-<n>`` (n from 1)."""

    key: str
    approach: str
    column: str
    text: dict[str, str]

    @property
    def label(self) -> str:
        return self.text[DEFAULT_LANGUAGE]


def table_bullets(pack: Pack) -> list[Bullet]:
    """Return every bullet of the table, approach by approach, column by column."""
    bullets = []
    for approach in pack.leadership_approaches:
        for column in COLUMNS:
            for number, text in enumerate(getattr(approach, column), start=1):
                bullets.append(
                    Bullet(
                        key=f"{approach.key}-{column}-{number}",
                        approach=approach.key,
                        column=column,
                        text=dict(text),
                    )
                )
    return bullets


def draw(
    bullets: Sequence[Bullet], *, columns: Iterable[str], count: int | None, rng: random.Random
) -> list[Bullet]:
    """Return ``count`` bullets (all when None) from ``columns``, in a shuffled order.

    The approaches take turns, so a short quiz still has statements of every approach; the
    result is shuffled so that the answers follow no pattern.
    """
    wanted = set(columns)
    pools: dict[str, list[Bullet]] = {}
    for bullet in bullets:
        if bullet.column in wanted:
            pools.setdefault(bullet.approach, []).append(bullet)
    for pool in pools.values():
        rng.shuffle(pool)
    available = sum(len(pool) for pool in pools.values())
    limit = available if count is None else min(count, available)
    chosen: list[Bullet] = []
    while len(chosen) < limit:
        for pool in pools.values():
            if pool and len(chosen) < limit:
                chosen.append(pool.pop())
    rng.shuffle(chosen)
    return chosen


def picked(bullets: Sequence[Bullet], keys: Iterable[str]) -> list[Bullet]:
    """Return the bullets whose keys are in ``keys``, in table order."""
    wanted = set(keys)
    return [bullet for bullet in bullets if bullet.key in wanted]


def classify_config(pack: Pack, bullets: Sequence[Bullet]) -> dict[str, Any]:
    """Return the classify config for ``bullets``: the approaches as categories, with the key.

    Texts in other languages go under ``translations[<language>]["labels"]``, as the built-in
    session templates store them.
    """
    categories = [
        {"key": approach.key, "label": approach.name[DEFAULT_LANGUAGE]}
        for approach in pack.leadership_approaches
    ]
    statements = [
        {"key": bullet.key, "label": bullet.label, "answer": bullet.approach} for bullet in bullets
    ]
    translations: dict[str, dict[str, Any]] = {}

    def put(key: str, texts: dict[str, str]) -> None:
        for language, text in texts.items():
            if language != DEFAULT_LANGUAGE and text.strip():
                translations.setdefault(language, {}).setdefault("labels", {})[key] = text

    for approach in pack.leadership_approaches:
        put(approach.key, dict(approach.name))
    for bullet in bullets:
        put(bullet.key, bullet.text)
    config: dict[str, Any] = {"categories": categories, "statements": statements}
    if translations:
        config["translations"] = translations
    return config
