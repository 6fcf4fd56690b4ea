from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "convener.live"
    label = "live"
    verbose_name = "Live sessions"

    def ready(self) -> None:
        from convener.core.home import register_home_source
        from convener.live.home import home_items

        register_home_source("live", home_items)
        from convener.core.nav import NavItem, register
        from convener.live.access import connect as connect_access_checks

        connect_access_checks()

        register(
            NavItem(
                key="live",
                label=_("Live sessions"),
                url_name="live:sessions",
                habit="work_together",
                order=55,
                description=_(
                    "Run a convening with everyone on their phones: polls, quizzes, 2x2 "
                    "placements and breakouts, with results by perspective and sign-ins that "
                    "become attendance."
                ),
            )
        )
