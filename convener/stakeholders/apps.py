from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "convener.stakeholders"
    label = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        from convener.core.home import register_home_source
        from convener.stakeholders.home import home_items

        register_home_source("stakeholders", home_items)
        from convener.core.nav import NavItem, register

        register(
            NavItem(
                key="stakeholders",
                label=_("Stakeholders"),
                url_name="stakeholders:list",
                habit="participation",
                order=10,
                description=_("The registry of people and groups: who should be at the table."),
            )
        )
        register(
            NavItem(
                key="stakeholder_import",
                label=_("Import contacts"),
                url_name="stakeholders:import",
                habit="participation",
                order=15,
                description=_("Load people and groups from a spreadsheet, checked row by row."),
                least_role="member",
            )
        )
        register(
            NavItem(
                key="circles",
                label=_("Circles"),
                url_name="stakeholders:circles",
                habit="participation",
                order=20,
                description=_("Engaging Everybody: who is in each of the four circles."),
            )
        )
        register(
            NavItem(
                key="participation",
                label=_("Participation"),
                url_name="stakeholders:dashboard",
                habit="participation",
                order=30,
                description=_("Who is missing, who is over-represented, and how balanced it is."),
            )
        )
