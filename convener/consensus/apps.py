from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsensusConfig(AppConfig):
    name = "convener.consensus"
    label = "consensus"
    verbose_name = "Decisions through consensus"

    def ready(self) -> None:
        from convener.consensus.home import home_items
        from convener.core.home import register_home_source

        register_home_source("consensus", home_items)
        from convener.consensus.chronology import register as register_chronology
        from convener.consensus.live import connect as connect_live
        from convener.core.nav import NavItem, register

        register_chronology()
        connect_live()
        register(
            NavItem(
                key="decisions",
                label=_("Decisions"),
                url_name="consensus:proposals",
                habit="coalescing",
                order=60,
                description=_(
                    "Proposals people place themselves on, from full support to a block, and "
                    "the record of what the group decided together."
                ),
            )
        )
