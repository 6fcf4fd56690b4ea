from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convener.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for the account with EMAIL and print it (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account uses the e-mail address {email!r}.")
        _token, secret = ApiToken.issue(user=user, name=name)
        self.stdout.write(secret)
