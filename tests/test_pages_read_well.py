"""Every page a team member opens reads well: no "---------" choices, no ISO dates, real plurals.

The reachability crawler walks every page from the initiative's home (as the owner, in English
and in Spanish) and each page's visible text is checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.test_reachability import _someone_took_part, crawl
from tests.test_routes import route_kwargs

# A crawler over rendered pages: the same on every database, so CI runs it once, in the SQLite
# pass (docs/architecture.md, "Tests").
pytestmark = pytest.mark.once

# A date shown as 2026-03-31, except where the page tells how to write one ("like 2026-03-31").
ISO_DATE = re.compile(r"(?<!like )(?<!como )\b\d{4}-\d{2}-\d{2}\b")
BAD_PLURALS = re.compile(r"\b(entrys|batchs|tallys|1 [a-z ]*forms)\b", re.IGNORECASE)


class _Text(HTMLParser):
    """Collect the text a person reads: text nodes and option labels, not code or scripts."""

    SKIP = {"script", "style", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


class _Recorder:
    """A test client that keeps every HTML page it fetched."""

    def __init__(self, client) -> None:
        self.client = client
        self.pages: dict[str, str] = {}

    def get(self, url: str):
        response = self.client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            self.pages[url] = response.content.decode()
        return response


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def problems(html: str) -> list[str]:
    """Return what reads badly on a page."""
    text = visible_text(html)
    found = []
    for line in text.splitlines():
        if "-----" in line:
            found.append(f"placeholder choice {line!r}")
        if ISO_DATE.search(line):
            found.append(f"ISO date {line!r}")
        if BAD_PLURALS.search(line):
            found.append(f"plural {line!r}")
    return found


def test_problems_are_found_in_a_page_that_has_them():
    html = (
        "<select><option>---------</option></select><p>Last attended 2026-03-01</p>"
        "<p>3 entrys</p><code>2026-01-01</code>"
    )
    assert problems(html) == [
        "placeholder choice '---------'",
        "ISO date 'Last attended 2026-03-01'",
        "plural '3 entrys'",
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_reads_well(cast, settings, language):
    values = route_kwargs(cast.initiative)
    _someone_took_part(values)
    client = cast.client("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    recorder = _Recorder(client)
    crawl(recorder, reverse("initiatives:home", args=[cast.initiative.slug]))
    assert len(recorder.pages) > 50
    bad = {url: found for url, html in recorder.pages.items() if (found := problems(html))}
    assert bad == {}, "\n".join(f"{url}: {found}" for url, found in bad.items())
