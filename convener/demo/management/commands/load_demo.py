import os
from typing import Any

from django.core.management.base import BaseCommand

from convener.demo.data import load_demo


class Command(BaseCommand):
    help = "Load the demo initiative and its team (safe to run again: nothing is duplicated)."

    def handle(self, *args: Any, **options: Any) -> None:
        login = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo ready: ") + login.initiative.title + "\n"
            f"  Log in at {login_address()} with\n"
            f"    e-mail:   {login.email}\n"
            f"    password: {login.password}"
        )


def login_address() -> str:
    """Return the full login address of the demo server (``PORT``, default 8000, on localhost)."""
    return f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/accounts/login/"
