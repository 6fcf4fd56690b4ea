from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "convener.framework"
    label = "framework"
    verbose_name = "Framework"
    default_auto_field = "django.db.models.BigAutoField"
