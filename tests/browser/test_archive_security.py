"""An owner exports the initiative, imports the file as a new one, reads the audit log and
signs a member out; every page passes an axe scan."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from convener.initiatives.models import Initiative, Membership
from convener.initiatives.roles import Role
from tests.browser.conftest import assert_accessible
from tests.browser.test_team_flow import log_in
from tests.factories import PASSWORD, UserFactory, make_initiative

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_exports_imports_reads_the_audit_log_and_ends_sessions(
    live_server, new_page, tmp_path
):
    base = live_server.url
    owner = UserFactory(email="owner@example.org", display_name="Olga Owner")
    member = UserFactory(email="member@example.org", display_name="Milo Member")
    initiative = make_initiative(owner=owner, title="Family voice")
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    member_page = new_page()
    # The first request loads every app's URLs in the server thread: slow on a busy machine.
    member_page.goto(f"{base}/accounts/login/", timeout=60_000)
    log_in(member_page, base, member.email, PASSWORD)
    page = new_page()
    log_in(page, base, owner.email, PASSWORD)

    page.goto(f"{base}/i/{initiative.slug}/settings/")
    page.get_by_role("link", name="Export this initiative, or import an export file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export this initiative")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export file").click()
    path = tmp_path / "export.json"
    download.value.save_as(path)
    assert json.loads(path.read_text())["format"] == "convener-initiative"

    page.get_by_role("link", name="Import an export file").click()
    assert_accessible(page)
    page.get_by_label("Export file").set_input_files(str(path))
    page.get_by_role("button", name="Import as a new initiative").click()
    # The import runs as a background job; its status page links to the new initiative.
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiative import")
    expect(page.get_by_role("heading", level=2)).to_have_text("Import finished")
    assert_accessible(page)
    page.get_by_role("link", name="Open the new initiative").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family voice")
    assert Initiative.objects.filter(title="Family voice").count() == 2

    page.goto(f"{base}/i/{initiative.slug}/audit/")
    assert_accessible(page)
    expect(page.get_by_role("table")).to_contain_text("whole initiative")

    page.goto(f"{base}/i/{initiative.slug}/team/")
    page.get_by_role("link", name="Sessions Milo Member").click()
    assert_accessible(page)
    page.get_by_role("button", name="Sign Milo Member out everywhere").click()
    expect(page.get_by_text("was signed out of 1 session(s)")).to_be_visible()
    assert_accessible(page)

    member_page.goto(f"{base}/i/{initiative.slug}/")
    expect(member_page).to_have_url(f"{base}/accounts/login/?next=/i/{initiative.slug}/")
