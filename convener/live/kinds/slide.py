"""A slide of text shown to everyone, with no answers collected."""

from __future__ import annotations

from convener.live.kinds.base import Kind


class Slide(Kind):
    key = "slide"
    votes = False


SLIDE = Slide()
