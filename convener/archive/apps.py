from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "convener.archive"
    label = "archive"
    verbose_name = "Export, import and backup"

    def ready(self) -> None:
        from convener.core.nav import TEAM, NavItem, register

        register(
            NavItem(
                key="archive_export",
                label=_("Export the initiative"),
                url_name="archive:export",
                habit=TEAM,
                order=50,
                least_role="owner",
            )
        )
        register(
            NavItem(
                key="archive_import",
                label=_("Import an export file"),
                url_name="archive:import",
                habit=TEAM,
                order=60,
                least_role="owner",
            )
        )
