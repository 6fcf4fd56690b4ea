from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "convener.initiatives"
    label = "initiatives"
    verbose_name = "Initiatives"
