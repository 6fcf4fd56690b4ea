"""A convener uploads a spreadsheet with two bad rows, fixes them in the preview, and imports;
the import runs as a background job whose status page shows the counts."""

import re

import pytest
from playwright.sync_api import Page, expect

from convener.core.tests.task_worker import run_one, use_database_tasks
from convener.initiatives.models import AuditEntry
from convener.stakeholders.models import Stakeholder
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)

# Excel's Windows "CSV" export: semicolons and Windows-1252.
SPREADSHEET = (
    "Nombre;Organización;Correo;Perspectiva;Tags\r\n"
    "José Peña;Niños Unidos;jose@example.org;Family/Youth;youth\r\n"
    "Ana Ruiz;County Health;ana(at)example.org;County agency;\r\n"
    "Luis Gómez;County Health;luis@example.org;Astronauts;rural\r\n"
    "Marta Díaz;;marta@example.org;State agency;\r\n"
).encode("cp1252")


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_import_with_errors_fixed_in_the_preview(live_server, new_page, tmp_path):
    owner = UserFactory(email="carmen@example.org", display_name="Carmen")
    initiative = make_initiative(owner=owner)
    upload = tmp_path / "contacts.csv"
    upload.write_bytes(SPREADSHEET)
    page = new_page()
    log_in(page, live_server.url, owner.email)

    page.goto(f"{live_server.url}/i/{initiative.slug}/stakeholders/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import stakeholders")
    assert_accessible(page)
    page.get_by_label("Spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review the import")
    assert_accessible(page)
    expect(page.locator("#count-total")).to_have_text("4")
    expect(page.locator("#count-problems")).to_have_text("2")
    problems = page.get_by_role("table", name=re.compile("Rows with problems"))
    expect(problems.get_by_role("row")).to_have_count(3)  # header + rows 3 and 4
    expect(page.locator("#row-3")).to_contain_text("is not a valid e-mail address")
    expect(page.locator("#row-4")).to_contain_text("is not one of this initiative's perspectives")
    expect(page.locator("#commit-blocked")).to_be_visible()
    assert Stakeholder.objects.filter(initiative=initiative).count() == 0

    page.locator("#row-3").get_by_label("Correo").fill("ana@example.org")
    page.get_by_role("button", name="Save row 3").click()
    expect(page.locator("#count-problems")).to_have_text("1")
    assert_accessible(page)
    page.locator("#row-4").get_by_label("Perspectiva").fill("County agency")
    page.get_by_role("button", name="Save row 4").click()
    expect(page.locator("#no-problems")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Import 4 rows").click()
    # The import runs as a background job; its status page shows the outcome.
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholder import")
    expect(page.get_by_role("heading", level=2)).to_have_text("Import finished")
    expect(page.locator("#summary-created")).to_have_text("4")
    expect(page.locator("#import-status")).not_to_have_attribute("hx-trigger", re.compile("."))
    assert_accessible(page)

    people = Stakeholder.objects.filter(initiative=initiative, kind="person")
    assert sorted(people.values_list("name", flat=True)) == [
        "Ana Ruiz",
        "José Peña",
        "Luis Gómez",
        "Marta Díaz",
    ]
    luis = people.get(email="luis@example.org")
    assert luis.perspective is not None
    assert luis.perspective.key == "county_agency"
    assert luis.organization is not None
    assert luis.organization.name == "County Health"
    assert AuditEntry.objects.filter(initiative=initiative, action="import").count() == 1


def test_the_status_page_follows_a_queued_import_until_it_is_done(
    live_server, new_page, tmp_path, settings
):
    # Tasks wait in the database for a worker, as with `convener db_worker`; this test is it.
    use_database_tasks(settings)
    owner = UserFactory(email="rafa@example.org", display_name="Rafa")
    initiative = make_initiative(owner=owner)
    upload = tmp_path / "contacts.csv"
    upload.write_bytes(b"name,email\nAna Ruiz,ana@example.org\nBo Li,bo@example.org\n")
    page = new_page()
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}/i/{initiative.slug}/stakeholders/import/")
    page.get_by_label("Spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and preview").click()
    page.get_by_role("button", name="Import 2 rows").click()

    expect(page.get_by_role("heading", level=2)).to_have_text("Queued")
    expect(page.get_by_role("link", name="Refresh")).to_be_visible()
    assert_accessible(page)
    assert Stakeholder.objects.filter(initiative=initiative).count() == 0

    outcome = run_one()
    assert outcome is not None
    assert outcome.ok
    # htmx polls the status fragment every 2 s: the page updates without a reload.
    expect(page.get_by_role("heading", level=2)).to_have_text("Import finished", timeout=10_000)
    expect(page.locator("#summary-created")).to_have_text("2")
    expect(page.get_by_role("link", name="Refresh")).to_have_count(0)
    assert_accessible(page)
