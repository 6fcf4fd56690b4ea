from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolkitConfig(AppConfig):
    name = "convener.toolkit"
    label = "toolkit"
    verbose_name = "The LbC tools"

    def ready(self) -> None:
        from convener.core.home import register_home_source
        from convener.toolkit.home import home_items

        register_home_source("toolkit", home_items)
        from convener.core.nav import NavItem, register
        from convener.stakeholders.panels import register_panel

        # The feeds register themselves with the feed registry when imported.
        from convener.toolkit import feeds  # noqa: F401
        from convener.toolkit.registry_panels import value_propositions

        # What "What's in it for me?" keeps on an entry is shown there, as its help text says.
        register_panel("value_propositions", value_propositions)

        register(
            NavItem(
                key="toolkit",
                label=_("Toolkit"),
                url_name="toolkit:home",
                habit="work_together",
                order=40,
                description=_(
                    "The sixteen tools as shared worksheets: what they produce goes into the "
                    "registry, the activity plan and the glossary."
                ),
            )
        )
        register(
            NavItem(
                key="recommend",
                label=_("What next"),
                url_name="toolkit:recommend",
                habit="work_together",
                order=45,
                description=_("Suggestions drawn from the gaps in this initiative's records."),
            )
        )
