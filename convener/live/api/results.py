"""Schemas of an item's live results, one per item kind (``kinds.results`` builds them).

The results endpoint answers with one of these, told apart by ``kind``, so that a client
generated from the OpenAPI document gets typed results rather than a free-form object.
"""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from ninja import Field, Schema


class OptionResult(Schema):
    key: str
    label: str
    count: int
    share: float = Field(description="Share of the answers, 0 to 1.")
    emoji: str | None = Field(default=None, description="Emoji items only.")
    points: float | None = Field(default=None, description="Ranking items only.")
    mean_points: float | None = Field(default=None, description="Ranking items only.")


class ValueCount(Schema):
    value: int
    count: int


class RatingStatement(Schema):
    key: str
    label: str
    count: int
    mean: float | None
    distribution: list[ValueCount]


class CategoryShare(Schema):
    key: str
    label: str
    count: int
    share: float


class ClassifyStatement(Schema):
    key: str
    label: str
    count: int
    categories: list[CategoryShare]


class ScoreCount(Schema):
    right: int
    count: int


class Point(Schema):
    x: float
    y: float


class QuadrantStatement(Schema):
    key: str
    label: str
    count: int
    quadrants: list[int] = Field(description="Dots in quadrants 1 to 4.")
    centroid: Point | None
    spread: Point | None


class Word(Schema):
    word: str
    count: int
    weight: float = Field(description="0 to 1; the most used word is 1.")


class OptionResults(Schema):
    n: int
    options: list[OptionResult]
    mean_score: float | None = Field(default=None, description="Quiz and true/false items.")


class RatingResults(Schema):
    n: int
    statements: list[RatingStatement]


class ClassifyResults(Schema):
    n: int
    statements: list[ClassifyStatement]
    score_distribution: list[ScoreCount]
    mean_score: float | None


class QuadrantResults(Schema):
    n: int
    statements: list[QuadrantStatement]


class OpenTextResults(Schema):
    n: int
    words: list[Word]


R = TypeVar("R")


class PerspectiveResults(Schema, Generic[R]):
    key: str
    label: str
    suppressed: bool
    note: str | None = Field(default=None, description="Why a small group is not shown.")
    n: int | None = None
    results: R | None = None


class _ItemBase(Schema):
    item: int
    version: int
    visible: bool
    revealed: bool
    threshold: int | None = None


OPTION_KINDS = Literal["single", "multi", "emoji", "image", "quiz", "proposal", "ranking"]


class OptionItemResults(_ItemBase):
    kind: OPTION_KINDS | Literal["true_false"]
    overall: OptionResults | None = None
    by_perspective: list[PerspectiveResults[OptionResults]] | None = None


class RatingItemResults(_ItemBase):
    kind: Literal["rating"]
    overall: RatingResults | None = None
    by_perspective: list[PerspectiveResults[RatingResults]] | None = None


class ClassifyItemResults(_ItemBase):
    kind: Literal["classify"]
    overall: ClassifyResults | None = None
    by_perspective: list[PerspectiveResults[ClassifyResults]] | None = None


class QuadrantItemResults(_ItemBase):
    kind: Literal["quadrant"]
    overall: QuadrantResults | None = None
    by_perspective: list[PerspectiveResults[QuadrantResults]] | None = None


class OpenTextItemResults(_ItemBase):
    kind: Literal["open_text"]
    overall: OpenTextResults | None = None
    by_perspective: list[PerspectiveResults[OpenTextResults]] | None = None


class NoVoteItemResults(_ItemBase):
    kind: Literal["prompt", "slide", "breakout"]


ItemResults = Annotated[
    OptionItemResults
    | RatingItemResults
    | ClassifyItemResults
    | QuadrantItemResults
    | OpenTextItemResults
    | NoVoteItemResults,
    Field(discriminator="kind"),
]
