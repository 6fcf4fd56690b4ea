"""A question to talk about, with no answers collected."""

from __future__ import annotations

from convener.live.kinds.base import Kind


class Prompt(Kind):
    key = "prompt"
    votes = False


PROMPT = Prompt()
