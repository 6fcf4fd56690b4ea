"""From the initiative's home to the stakeholder-engagement account, at 1366 px in English and
390 px in Spanish; each figure leads to the records behind it; every page axe-clean."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from convener.activities.models import Activity, Attendance
from convener.stakeholders.models import Stakeholder
from tests.browser.conftest import assert_accessible, open_from_menu
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TEXT = {
    "en": {
        "link": "Stakeholder engagement",
        "purpose": "Analysing data",
        "hidden": "fewer than 5: not shown",
        "show": "Show the account",
        "change": "Change the period",
    },
    "es": {
        "link": "Participación de las partes interesadas",
        "purpose": "Analizar datos",
        "hidden": "menos de 5: no se muestra",
        "show": "Mostrar el informe",
        "change": "Cambiar el periodo",
    },
}


@pytest.mark.parametrize(
    ("viewport", "language"), [(LAPTOP, "en"), (PHONE, "es")], ids=["1366px-en", "390px-es"]
)
def test_from_the_home_to_the_engagement_account(live_server, new_page, viewport, language):
    owner = UserFactory(email="owner@example.org")
    initiative = make_initiative(owner=owner)
    families, agency = initiative.perspectives.all()[:2]
    people = [
        Stakeholder.objects.create(initiative=initiative, name=f"Parent {i}", perspective=families)
        for i in range(6)
    ] + [Stakeholder.objects.create(initiative=initiative, name="Agency", perspective=agency)]
    people.append(Stakeholder.objects.create(initiative=initiative, name="Other"))
    activity = Activity.objects.create(
        initiative=initiative,
        title="Data retreat with families",
        kind="family_event",
        starts_on=dt.date(2026, 3, 1),
        purposes=["data_analysis"],
        concerns="SPP/APR Indicator 17 (SSIP)",
    )
    Attendance.objects.bulk_create(Attendance(activity=activity, stakeholder=p) for p in people)
    text = TEXT[language]

    page = new_page(viewport=viewport, locale=language)
    page.set_default_navigation_timeout(60_000)  # the first page and the account take a while
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username], input[name=email]").first.fill(owner.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"{live_server.url}/i/{initiative.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)

    open_from_menu(page, text["link"])
    expect(page.get_by_role("heading", level=1)).to_contain_text(text["link"])
    page.locator("details.engagement-period > summary").click()
    page.locator("#id_since").fill("2026-01-01")
    page.locator("#id_until").fill("2026-06-30")
    page.get_by_role("button", name=text["show"]).click()
    expect(page.get_by_role("heading", name=text["purpose"], exact=True)).to_be_visible()
    # Six parents are shown; one agency person and one without a perspective are hidden.
    table = page.locator("table", has=page.locator("caption", has_text=text["purpose"]))
    row = table.locator("tr", has=page.locator("th", has_text=families.label))
    expect(row.locator("td").first).to_have_text("6")
    expect(table.get_by_text(text["hidden"]).first).to_be_visible()
    assert_accessible(page)

    # The figure leads to the records behind it, and a record to its own page.
    row.locator("td").first.get_by_role("link").click()
    records = page.locator("#records-data_analysis")
    expect(records).to_be_in_viewport()
    records.get_by_role("link", name="Data retreat with families").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Data retreat with families")
