"""The demo's e-mails: counted, never shown or delivered (its addresses are made up).

``convener load_demo`` sends invitations as a convener would, through the services; with the
console backend of development each one would fill the terminal with MIME text. The command
sends them here instead and prints one line with their number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test.utils import override_settings

BACKEND = "convener.demo.mail.CountingBackend"


@dataclass
class Count:
    sent: int = 0


_current = Count()


class CountingBackend(BaseEmailBackend):
    """Count the messages and keep none of them."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        number = len(list(email_messages))
        _current.sent += number
        return number


@contextmanager
def counted_mail() -> Iterator[Count]:
    """Within the block, e-mails are only counted; yield the count (read it after the block).

    ``override_settings`` is Django's way to change a setting for a block and restore it after,
    also outside tests; the command runs the whole load inside it.
    """
    global _current
    count = _current = Count()
    with override_settings(EMAIL_BACKEND=BACKEND):
        yield count
