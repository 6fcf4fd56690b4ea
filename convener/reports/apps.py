from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "convener.reports"
    label = "reports"
    verbose_name = "Reports"
