"""A live session with one item of every kind, and answers from a small room, for page tests."""

from __future__ import annotations

from typing import Any

from convener.live import services
from convener.live.models import Item, LiveSession

OPTIONS = [
    {"key": "a", "label": "Alpha"},
    {"key": "b", "label": "Bravo"},
    {"key": "c", "label": "Charlie"},
]
STATEMENTS = [{"key": "s1", "label": "Listening"}, {"key": "s2", "label": "Convening"}]

CONFIGS: dict[str, tuple[str, dict[str, Any]]] = {
    "single": ("Pick one", {"options": OPTIONS}),
    "multi": ("Pick up to two", {"options": OPTIONS, "max": 2}),
    "emoji": (
        "How do you feel?",
        {"options": [{"key": "up", "label": "Hopeful", "emoji": "🙂"},
                     {"key": "down", "label": "Tired", "emoji": "😴"}]},
    ),
    "rating": ("Rate yourself", {"min": 1, "max": 10, "low_label": "Not yet",
                                 "high_label": "Always", "statements": STATEMENTS}),
    "true_false": ("Convening needs authority and influence", {"answer": True,
                                                               "explanation": "Both matter."}),
    "quiz": ("Which is a habit?", {"options": OPTIONS, "answer": "b", "explanation": "Bravo."}),
    "classify": (
        "Sort these",
        {"categories": [{"key": "who", "label": "Who"}, {"key": "how", "label": "How"}],
         "statements": [{"key": "s1", "label": "Sets the table", "answer": "who"},
                        {"key": "s2", "label": "Asks questions", "answer": "how"}]},
    ),
    "image": (
        "Which picture?",
        {"options": [{"key": "i1", "label": "Bridge", "image": "live/img/bridge.svg",
                      "alt": "A bridge between two banks"},
                     {"key": "i2", "label": "Compass", "image": "live/img/compass.svg",
                      "alt": "A compass"}]},
    ),
    "quadrant": (
        "Place the ways to engage",
        {"x_low": "One-way", "x_high": "Two-way", "y_low": "Few", "y_high": "Many",
         "quadrant_labels": ["TL", "TR", "BL", "BR"], "statements": STATEMENTS},
    ),
    "open_text": ("One word for today", {"max_length": 280}),
    "ranking": ("Order these", {"options": OPTIONS}),
    "prompt": ("Talk with your neighbour", {"body": "Talk with your neighbour about it."}),
    "slide": ("Welcome", {"body": "Take a breath."}),
    "breakout": ("Four questions", {"mode": "random", "group_count": 2,
                                    "prompt": "Who else should be here?"}),
}  # fmt: skip
EVERY_KIND = list(CONFIGS)

# (name, perspective index, answers per kind)
ROOM: list[tuple[str, int, dict[str, Any]]] = [
    ("Ana", 0, {"single": "a", "multi": ["a", "b"], "emoji": "up", "rating": {"s1": 7, "s2": 5},
                "true_false": True, "quiz": "b", "classify": {"s1": "who", "s2": "how"},
                "image": "i1", "quadrant": {"s1": {"x": 80, "y": 70}, "s2": {"x": 20, "y": 30}},
                "open_text": "listening together", "ranking": ["c", "a", "b"]}),
    ("Ben", 0, {"single": "b", "multi": ["c"], "emoji": "down", "rating": {"s1": 4},
                "true_false": False, "quiz": "a", "classify": {"s1": "how"}, "image": "i2",
                "quadrant": {"s1": {"x": 60, "y": 60}}, "open_text": "listening more",
                "ranking": ["a", "b", "c"]}),
    ("Carla", 1, {"single": "a", "multi": ["a"], "emoji": "up", "rating": {"s1": 9, "s2": 8},
                  "true_false": True, "quiz": "b", "classify": {"s1": "who", "s2": "who"},
                  "image": "i1", "quadrant": {"s1": {"x": 90, "y": 90}},
                  "open_text": "trust", "ranking": ["c", "b", "a"]}),
]  # fmt: skip


def build_every_kind(initiative: Any, owner: Any) -> tuple[LiveSession, dict[str, Item]]:
    """Return a live session holding one item of every kind (all open), keyed by kind."""
    session = services.create_session(initiative=initiative, actor=owner, title="Every kind")
    items = {}
    for kind, (prompt, config) in CONFIGS.items():
        items[kind] = services.add_item(
            session=session, kind=kind, prompt=prompt, config=config, actor=owner
        )
    services.start_session(session=session, actor=owner)
    for item in items.values():
        if kind_votes(item):
            services.open_item(item=item, actor=owner)
    session.refresh_from_db()
    return session, {k: Item.objects.get(pk=i.pk) for k, i in items.items()}


def kind_votes(item: Item) -> bool:
    return item.kind not in ("prompt", "slide", "breakout")


def vote_on_everything(session: LiveSession, items: dict[str, Item]) -> None:
    """Join three people (two perspectives) and have each answer every item."""
    perspectives = list(session.initiative.perspectives.all())
    for name, index, answers in ROOM:
        participant, _token = services.join(
            session=session, display_name=name, perspective=perspectives[index]
        )
        for kind, value in answers.items():
            text = value if kind == "open_text" else ""
            services.cast_vote(item=items[kind], participant=participant, value=value, text=text)
    for kind, item in items.items():
        item.refresh_from_db()
        items[kind] = item
    session.refresh_from_db()
