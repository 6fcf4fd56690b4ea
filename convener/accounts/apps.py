from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "convener.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Importing the middleware module connects its sign-in clock as well.
        import convener.core.security  # noqa: F401
        from convener.accounts.sessions import connect

        connect()
