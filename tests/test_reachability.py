"""Every page a person is meant to open can be reached by following links from the home page.

A crawler logs in as a convener (and as an owner), starts at the initiative's home and follows
links and GET forms breadth-first. Each named route of the route inventory that the role may
open must be reached; features (routes that take no id) within two clicks of the home.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from convener.core.routes import ACCOUNT, ROLE_RANK
from tests.test_routes import all_routes, route_kwargs

# A crawler over rendered pages: the same on every database, so CI runs it once, in the SQLite
# pass (docs/architecture.md, "Tests").
pytestmark = pytest.mark.once

# Routes that are not pages a person opens by following a link, each with its reason.
NOT_PAGES = {
    "toolkit:stakeholder_search": "JSON for the worksheet name picker",
    "live:facilitate_live": "fragment the facilitator page polls",
    "live:presenter_live": "fragment the presenter page polls",
    "stakeholders:import_status": "fragment the import page polls while a file is read",
    "archive:import_status": "reached by uploading a file, not by a link",
    "reports:render": "reached by asking for a PDF (a POST), not by a link",
    "reports:download": "the PDF file itself, linked from its render page",
    "stakeholders:import_preview": "reached by uploading a file (a POST)",
    "initiatives:member_sessions": "needs a second team member with a session",
    "activities:attendance_review": "reached by uploading a meeting report (a POST)",
    "activities:cancel": "offered once an activity's invitations were e-mailed (none here)",
    "account:email": "a form on the account page (a POST)",
    "account:password": "a form on the account page (a POST)",
}
# Downloads are checked by their own tests; the crawler does not fetch them.
DOWNLOAD_SUFFIXES = ("/export/", "/export.pdf", "/export.md", "report.pdf", "/personal-data/")
MAX_DEPTH = 4
FEATURE_DEPTH = 2


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.links.append(values.get("action") or "")


def crawl(client, start: str, first_urls: dict[str, str] | None = None) -> dict[str, int]:
    """Return each route name reached from ``start`` with the fewest clicks it took.

    ``first_urls``, when given, is filled with the first address found for each route name
    (the browser's accessibility scan opens those).
    """
    seen_urls = {start}
    reached: dict[str, int] = {}
    queue = deque([(start, 0)])
    while queue:
        url, depth = queue.popleft()
        name = resolve(urlsplit(url).path).view_name
        reached.setdefault(name, depth)
        if first_urls is not None:
            first_urls.setdefault(name, url)
        if depth == MAX_DEPTH or url.endswith(DOWNLOAD_SUFFIXES):
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        for href in parser.links:
            target = urldefrag(href or url)[0]
            path = urlsplit(target).path or urlsplit(url).path
            if not path.startswith("/") or target in seen_urls:
                continue
            try:
                resolve(path)
            except Resolver404:
                continue
            # Each route is visited once with its query string dropped, then for new ids only.
            key = path
            if key in seen_urls:
                continue
            seen_urls.add(key)
            queue.append((path, depth + 1))
    return reached


def meant_to_open(persona: str) -> dict[str, bool]:
    """Return route name -> whether it is a feature (takes no id), for ``persona``'s pages."""
    expected = {}
    for name, route, access in all_routes():
        if name in NOT_PAGES or route.endswith(DOWNLOAD_SUFFIXES):
            continue
        if isinstance(access, dict):
            least = access.get("GET")
            if least is None or ROLE_RANK[least] > ROLE_RANK[persona]:
                continue
        elif access != ACCOUNT or "<" in route:
            continue
        expected[name] = route.count("<") <= 1
    return expected


def _someone_took_part(values: dict[str, object]) -> None:
    # The engagement ladder lists (and links to the history of) people who took part.
    from convener.activities.models import Activity
    from convener.activities.services.events import check_in
    from convener.stakeholders.models import Stakeholder

    check_in(
        activity=Activity.objects.get(pk=values["activity_id"]),
        stakeholder=Stakeholder.objects.get(pk=values["stakeholder_id"]),
        actor=None,
    )


@pytest.mark.parametrize("persona", ["convener", "owner"])
def test_every_page_is_reachable_from_the_home_page(cast, persona):
    values = route_kwargs(cast.initiative)  # one of each kind of record, so lists have a row
    _someone_took_part(values)
    client = cast.client(persona)
    reached = crawl(client, reverse("initiatives:home", args=[cast.initiative.slug]))
    expected = meant_to_open(persona)
    missing = sorted(name for name in expected if name not in reached)
    assert missing == [], f"no link leads to: {missing}"
    too_deep = sorted(
        f"{name} ({reached[name]} clicks)"
        for name, feature in expected.items()
        if feature and reached[name] > FEATURE_DEPTH
    )
    assert too_deep == [], f"more than {FEATURE_DEPTH} clicks from the home: {too_deep}"


def test_the_crawler_notices_a_page_no_link_leads_to(cast, monkeypatch):
    """Guard the guard: take the indicators out of the menu and the crawler must miss them."""
    from convener.core import nav

    monkeypatch.delitem(nav._registry, "indicators")
    reached = crawl(
        cast.client("convener"), reverse("initiatives:home", args=[cast.initiative.slug])
    )
    assert "measuring:indicators" not in reached
