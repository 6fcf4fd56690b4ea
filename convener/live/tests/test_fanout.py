"""The fenced fan-out (convener/live/fanout.py): a push calls this process's members directly."""

from __future__ import annotations

import pytest

from convener.live import fanout

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Member:
    def __init__(self, *, closing: bool = False) -> None:
        self.closing = closing
        self.texts: list[str] = []

    async def live_results(self, message: dict) -> None:
        if self.closing:
            raise RuntimeError("the socket is closing")
        self.texts.append(message["texts"]["en"])


async def test_a_push_reaches_every_member_once_and_a_closing_one_stops_nobody():
    assert fanout.local_fanout()  # the embedded default: one process, in-memory layer
    first, second, closing = Member(), Member(), Member(closing=True)
    for member in (first, closing, second):
        await fanout.join_group(member, "live.test")
    await fanout.group_send("live.test", {"type": "live.results", "texts": {"en": '{"n":1}'}})
    assert first.texts == second.texts == ['{"n":1}']  # the encoded text, as it was sent
    for member in (first, closing, second):
        await fanout.leave_group(member, "live.test")
    assert "live.test" not in fanout._local  # the last one out removes the group
    await fanout.group_send("live.test", {"type": "live.results", "texts": {"en": "late"}})
    assert first.texts == ['{"n":1}']
