"""Turn a participant's plain HTML form into a vote value, so answering works without JavaScript.

Pure: reads a ``QueryDict`` and the item's config, no database. Each kind reads its own form
(``Kind.read`` in ``convener.live.kinds``).
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from convener.live import kinds
from convener.live.kinds import InvalidAnswer

__all__ = ["Answer", "InvalidAnswer", "answer_from_post"]

Answer = tuple[Any, str]


def answer_from_post(kind: str, config: dict[str, Any], post: QueryDict) -> Answer:
    """Return (vote value, text) from a participant's plain HTML form, per the kind's shape.

    Field names: ``choice`` (one or several keys, or "true"/"false"), ``r:<statement>``
    (rating), ``c:<statement>`` (classify), ``qx:<statement>``/``qy:<statement>`` (2x2),
    ``rank:<option>`` (ranking positions), ``text`` (open text or a reason).
    """
    return kinds.read_answer(kind, config, post)
