from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuringConfig(AppConfig):
    name = "convener.measuring"
    label = "measuring"
    verbose_name = "Measuring progress"

    def ready(self) -> None:
        from convener.core.home import register_home_source
        from convener.measuring.home import home_items

        register_home_source("measuring", home_items)
        from convener.core.nav import NavItem, register
        from convener.measuring.chronology import register as register_chronology

        register_chronology()

        register(
            NavItem(
                key="rounds",
                label=_("Measuring progress"),
                url_name="measuring:rounds",
                habit="bringing_together",
                order=70,
                description=_(
                    "Rubric survey rounds: where stakeholders place the group, from informing "
                    "to transforming, round after round."
                ),
            )
        )
        register(
            NavItem(
                key="indicators",
                label=_("Practice-change indicators"),
                url_name="measuring:indicators",
                habit="bringing_together",
                order=75,
                description=_("What the team sees changing in practice, recorded over time."),
            )
        )
        register(
            NavItem(
                key="habit_summary",
                label=_("Habit summary"),
                url_name="measuring:habit_summary",
                habit="bringing_together",
                order=80,
                description=_("Each habit's latest rubric results side by side."),
            )
        )
        register(
            NavItem(
                key="compare",
                label=_("Compare rounds"),
                url_name="measuring:compare",
                habit="bringing_together",
                order=78,
                description=_("How answers shifted between two rounds."),
            )
        )
