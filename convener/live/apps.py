from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "convener.live"
    label = "live"
    verbose_name = "Live sessions"
