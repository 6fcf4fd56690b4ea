from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "convener.public"
    label = "public"
    verbose_name = "Public page"

    def ready(self) -> None:
        from convener.core.nav import TEAM, NavItem, register

        register(
            NavItem(
                key="public_page",
                label=_("Public page"),
                url_name="public:settings",
                habit=TEAM,
                order=35,  # right after Settings: it is one of the initiative's settings
                description=_(
                    "What the public may read about this initiative: what we heard, what we "
                    "decided and what is changing."
                ),
                least_role="convener",
            )
        )
