import os
from typing import Any

from django.core.management.base import BaseCommand

from convener.demo.data import load_demo
from convener.demo.mail import counted_mail


class Command(BaseCommand):
    help = "Load the demo initiative and its team (safe to run again: nothing is duplicated)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's invitations go to made-up addresses: count them rather than print each.
        with counted_mail() as mail:
            login = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo ready: ") + login.initiative.title + "\n"
            f"  Log in at {login_address()} with\n"
            f"    e-mail:   {login.email}\n"
            f"    password: {login.password}\n"
            f"  then open {site_address()}/i/{login.initiative.slug}/\n"
            f"  {sent_line(mail.sent)}"
        )


def sent_line(sent: int) -> str:
    """Return the one line saying how many demo e-mails were sent (and kept quiet)."""
    if sent == 0:
        return "No e-mails sent (the demo was already loaded)."
    noun = "e-mail" if sent == 1 else "e-mails"
    return f"{sent} demo {noun} sent to made-up addresses (counted, not shown)."


def site_address() -> str:
    """Return the demo server's address (``PORT``, default 8000, on localhost)."""
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"


def login_address() -> str:
    """Return the full login address of the demo server."""
    return f"{site_address()}/accounts/login/"
