from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "convener.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from convener.core.nav import NavItem, register

        register(
            NavItem(
                key="reports",
                label=_("Report"),
                url_name="reports:form",
                habit="bringing_together",
                order=90,
                description=_(
                    "A printable report and PDF of a period: participation balance, circles, "
                    "activities, rubric rounds and their shifts, decisions and the chronology."
                ),
            )
        )
        register(
            NavItem(
                key="engagement",
                label=_("Stakeholder engagement"),
                url_name="reports:engagement",
                habit="bringing_together",
                order=92,
                description=_(
                    "The SPP/APR account of a period: who took part in setting targets, "
                    "analysing data, developing strategies and evaluating progress; as a page, "
                    "PDF or Word document."
                ),
            )
        )
        register(
            NavItem(
                key="report_pdfs",
                label=_("Report PDFs"),
                url_name="reports:pdf",
                habit="bringing_together",
                order=95,
                description=_("The PDFs made recently, ready to download."),
            )
        )
