"""The framework part of the JSON API: the active pack, read-only and public."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema

from convener.core.routes import PUBLIC, RouteAccess
from convener.framework.packs import RubricRow, localize
from convener.framework.services import active_pack

# Public: the framework is open reading, like the Learn pages.
router = Router(tags=["framework"], auth=None)

LANGUAGE_CODE = r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$"


class LanguageQuery(Schema):
    lang: str | None = Field(
        default=None,
        pattern=LANGUAGE_CODE,
        description="Language of the texts, e.g. `es`. Defaults to the request's language; "
        "a language the pack lacks falls back to English.",
    )


class PackOut(Schema):
    key: str
    version: str
    title: str
    description: str
    languages: list[str]


class HabitOut(Schema):
    key: str
    name: str
    kind: str = Field(description="`habit`, or `integrating` for the part that ties them.")
    question: str
    purpose: str
    rubric_rows: list[str] = Field(description="Keys of the habit's rubric rows.")
    tools: list[str] = Field(description="Keys of the habit's tools.")


class DepthLevelOut(Schema):
    key: str
    position: int
    name: str
    label: str
    summary: str
    description: str


class RubricRowOut(Schema):
    key: str
    habit: str
    title: str
    question: str
    descriptors: list[str] = Field(description="Four texts, from informing to transforming.")


class PackToolOut(Schema):
    key: str
    habit: str
    name: str
    purpose: str


def _language(request: HttpRequest, query: LanguageQuery) -> str:
    return query.lang or get_language() or "en"


@router.get("/", response=PackOut, summary="The active framework pack")
def pack_summary(request: HttpRequest, query: Query[LanguageQuery]) -> PackOut:
    pack, language = active_pack(), _language(request, query)
    return PackOut(
        key=pack.key,
        version=pack.version,
        title=localize(pack.title, language),
        description=localize(pack.description, language),
        languages=list(pack.languages),
    )


@router.get("/habits", response=list[HabitOut], summary="Habits of interaction")
def habits(request: HttpRequest, query: Query[LanguageQuery]) -> list[HabitOut]:
    pack, language = active_pack(), _language(request, query)
    return [
        HabitOut(
            key=habit.key,
            name=localize(habit.name, language),
            kind=habit.kind,
            question=localize(habit.question, language),
            purpose=localize(habit.purpose, language),
            rubric_rows=[row.key for row in pack.rows_for_habit(habit.key)],
            tools=[tool.key for tool in pack.tools_for_habit(habit.key)],
        )
        for habit in pack.habits
    ]


@router.get("/depth-levels", response=list[DepthLevelOut], summary="Depths of interaction")
def depth_levels(request: HttpRequest, query: Query[LanguageQuery]) -> list[DepthLevelOut]:
    pack, language = active_pack(), _language(request, query)
    return [DepthLevelOut(**level.as_card(pack, language)) for level in pack.depth_levels]


@router.get("/rubric-rows", response=list[RubricRowOut], summary="Rubric rows")
def rubric_rows(
    request: HttpRequest, query: Query[LanguageQuery], habit: str | None = None
) -> list[RubricRowOut]:
    """Every rubric row with its four descriptors; `habit` keeps one habit's rows."""
    pack, language = active_pack(), _language(request, query)
    rows = pack.rubric_rows if habit is None else pack.rows_for_habit(habit)
    return [_row_out(row, language) for row in rows]


@router.get("/tools", response=list[PackToolOut], summary="Tools")
def tools(request: HttpRequest, query: Query[LanguageQuery]) -> list[PackToolOut]:
    pack, language = active_pack(), _language(request, query)
    return [
        PackToolOut(
            key=tool.key,
            habit=tool.habit,
            name=localize(tool.name, language),
            purpose=localize(tool.purpose, language),
        )
        for tool in pack.tools
    ]


def _row_out(row: RubricRow, language: str) -> RubricRowOut:
    return RubricRowOut(
        key=row.key,
        habit=row.habit,
        title=localize(row.title, language),
        question=localize(row.question, language),
        descriptors=[localize(text, language) for text in row.descriptors],
    )


api_access: dict[str, RouteAccess] = {
    "GET /api/v1/framework/": PUBLIC,
    "GET /api/v1/framework/habits": PUBLIC,
    "GET /api/v1/framework/depth-levels": PUBLIC,
    "GET /api/v1/framework/rubric-rows": PUBLIC,
    "GET /api/v1/framework/tools": PUBLIC,
}
