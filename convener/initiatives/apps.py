from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "convener.initiatives"
    label = "initiatives"
    verbose_name = "Initiatives"

    def ready(self) -> None:
        from convener.core.nav import TEAM, NavItem, register

        for key, label, url_name, order, least_role in (
            ("team", _("Team"), "initiatives:team", 10, "viewer"),
            ("perspectives", _("Perspectives"), "initiatives:perspectives", 20, "viewer"),
            ("settings", _("Settings"), "initiatives:settings", 30, "convener"),
            ("audit", _("Audit log"), "initiatives:audit", 40, "owner"),
        ):
            register(
                NavItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    habit=TEAM,
                    order=order,
                    least_role=least_role,
                )
            )
