from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuringConfig(AppConfig):
    name = "convener.measuring"
    label = "measuring"
    verbose_name = "Measuring progress"

    def ready(self) -> None:
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
