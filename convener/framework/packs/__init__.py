"""Framework content packs: data files, their loader and the `Pack` they become.

Other apps import from here: `from convener.framework.packs import Pack, localize, ...`.
"""

from convener.framework.packs.content import (
    DEFAULT_LANGUAGE,
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
    localize,
)
from convener.framework.packs.errors import PackError, Problem
from convener.framework.packs.loader import (
    BUILTIN_PACK_DIR,
    builtin_pack,
    check_documents,
    load_pack,
    load_pack_documents,
    missing_translations,
    pack_from_documents,
)
from convener.framework.packs.schema import DEPTH_KEYS, PACK_FILES

__all__ = [
    "BUILTIN_PACK_DIR",
    "DEFAULT_LANGUAGE",
    "DEPTH_KEYS",
    "PACK_FILES",
    "DepthLevel",
    "Element",
    "Habit",
    "Layer",
    "LeadershipApproach",
    "LeadershipQuiz",
    "LocalizedText",
    "Pack",
    "PackError",
    "Problem",
    "QuizItem",
    "RubricRow",
    "Tool",
    "builtin_pack",
    "check_documents",
    "load_pack",
    "load_pack_documents",
    "localize",
    "missing_translations",
    "pack_from_documents",
]
