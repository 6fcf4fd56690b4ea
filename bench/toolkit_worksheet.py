"""A Four Simple Questions worksheet beside a 10,000-stakeholder registry: open it, autosave.

Timed beside an empty Django view and the logged-in empty page, measured in the same run:

- opening the worksheet page with 50 people in Q1, each linked to the registry;
- autosaving Q1 (50 rows, each registry link matched by id or name), a new version each time;
- autosaving one short text field.

Run: ``.venv/bin/python -m bench.toolkit_worksheet`` (add ``--requests N`` for the sample).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable
from typing import Any, cast

from bench.harness import empty_view_baseline, layout_view_baseline, measure, report, setup_django

STAKEHOLDERS = 10_000
ROWS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client

    from convener.accounts.models import User
    from convener.initiatives.models import Membership
    from convener.initiatives.roles import Role
    from convener.stakeholders.models import Stakeholder
    from convener.toolkit import services
    from tests.factories import UserFactory, make_initiative

    owner, member = cast(User, UserFactory()), cast(User, UserFactory())
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    Stakeholder.objects.bulk_create(
        (Stakeholder(initiative=initiative, name=f"Person {i:05}") for i in range(STAKEHOLDERS)),
        batch_size=2000,
    )
    sheet = services.create_worksheet(
        initiative=initiative, tool_key="four_simple_questions", actor=owner
    )
    people = [
        {"who": {"stakeholder_id": None, "name": f"person {i * 97:05}"}, "why": f"Reason {i}"}
        for i in range(ROWS)
    ]
    services.set_value(
        worksheet=sheet,
        section="who_cares",
        field="people",
        value=people,
        actor=owner,
        base_version=None,
    )
    client = Client()
    client.force_login(member)
    page_url = f"/i/{initiative.slug}/toolkit/w/{sheet.pk}/"
    save_url = f"{page_url}autosave/"
    rows = services.worksheet_values(sheet)["who_cares"]["people"]
    assert isinstance(rows, list)

    def rows_post(version: int, suffix: str) -> dict[str, object]:
        data: dict[str, object] = {"_field": "who_cares.people", "_v.who_cares.people": version}
        for index, row in enumerate(rows):
            data[f"who_cares.people.{index}.who.name"] = row["who"]["name"]
            data[f"who_cares.people.{index}.who.id"] = row["who"]["stakeholder_id"]
            data[f"who_cares.people.{index}.why"] = f"{row['why']} {suffix}"
        return data

    counter = itertools.count(1)
    versions = {"who_cares.people": 1, "insights.notes": 0}

    def open_page() -> None:
        response = client.get(page_url)
        assert response.status_code == 200, response.status_code

    def save_rows() -> None:
        response = client.post(
            save_url, rows_post(versions["who_cares.people"], str(next(counter)))
        )
        assert response.status_code == 200, response.content
        versions["who_cares.people"] = response.json()["version"]

    def save_text() -> None:
        response = client.post(
            save_url,
            {
                "_field": "insights.notes",
                "_v.insights.notes": versions["insights.notes"],
                "insights.notes": f"Insight {next(counter)}",
            },
        )
        assert response.status_code == 200, response.content
        versions["insights.notes"] = response.json()["version"]

    queries: dict[str, int] = {}

    def counter_for(label: str) -> Callable[..., Any]:
        def count(execute: Callable[..., Any], sql: str, *rest: Any) -> Any:
            queries[label] = queries.get(label, 0) + 1
            return execute(sql, *rest)

        return count

    for label, call in (("page", open_page), ("rows", save_rows), ("text", save_text)):
        call()
        with connection.execute_wrapper(counter_for(label)):
            call()

    baseline = empty_view_baseline(client, repeat=args.requests)
    layout = layout_view_baseline(client, repeat=args.requests)
    page = measure(f"worksheet page, {ROWS} linked rows", open_page, repeat=args.requests)
    rows_timing = measure(
        f"autosave Q1 ({ROWS} rows, links matched)", save_rows, repeat=args.requests
    )
    text_timing = measure("autosave one text field", save_text, repeat=args.requests)
    report(
        f"Four Simple Questions worksheet, {STAKEHOLDERS:,} stakeholders in the registry",
        [
            baseline.line(),
            layout.line(),
            page.line(),
            rows_timing.line(),
            text_timing.line(),
            f"queries: page {queries['page']}, rows autosave {queries['rows']}, "
            f"text autosave {queries['text']}",
            f"p95 ratios to the empty view: page {page.p95 / baseline.p95:.1f}x, "
            f"rows autosave {rows_timing.p95 / baseline.p95:.1f}x, "
            f"text autosave {text_timing.p95 / baseline.p95:.1f}x",
            f"p95 ratio of the page to the logged-in empty page: {page.p95 / layout.p95:.1f}x",
        ],
    )


if __name__ == "__main__":
    main()
