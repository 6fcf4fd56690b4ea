from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "convener.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from convener.core import checks, sqlite  # noqa: F401  (register the checks and hook)
