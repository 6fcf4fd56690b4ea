from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "convener.activities"
    label = "activities"
    verbose_name = "Activities"

    def ready(self) -> None:
        from convener.activities.home import home_items
        from convener.core.home import register_home_source

        register_home_source("activities", home_items)
        from convener.activities import chronology
        from convener.core.nav import NavItem, register

        chronology.register()

        for key, label, url_name, habit, order, description in (
            (
                "activities",
                _("Activities"),
                "activities:list",
                "work_together",
                50,
                _("Convenings, webinars and events: who was invited, who came, who led."),
            ),
            (
                "ladder",
                _("Engagement ladder"),
                "activities:ladder",
                "work_together",
                55,
                _("Whether participants become partners, person by person and by perspective."),
            ),
            (
                "quadrants",
                _("One-way / two-way"),
                "activities:quadrants",
                "work_together",
                60,
                _("The year's activities on the One-Way/Two-Way Learning quadrants."),
            ),
            (
                "network",
                _("Web of connections"),
                "activities:network",
                "participation",
                35,
                _("Which groups actually work with which."),
            ),
            (
                "chronology",
                _("Chronology"),
                "activities:chronology",
                "bringing_together",
                65,
                _("A quick chronology of engagement, built as the work happens."),
            ),
        ):
            register(
                NavItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    habit=habit,
                    order=order,
                    description=description,
                )
            )
