from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "convener.toolkit"
    label = "toolkit"
    verbose_name = "The LbC tools"
