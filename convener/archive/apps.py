from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "convener.archive"
    label = "archive"
    verbose_name = "Export, import and backup"
