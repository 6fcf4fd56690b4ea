from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "convener.demo"
    label = "demo"
    verbose_name = "Demo data"
