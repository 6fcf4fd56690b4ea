"""The stakeholder list with 10,000 stakeholders: 50 per page, filtered by perspective, by name.

Every request renders its page from the database (there is no page cache), beside an empty
Django view and a logged-in empty page measured in the same run.

Run: ``.venv/bin/python -m bench.registry_list`` (add ``--requests N`` to change the sample).
Target (issue 17): p95 <= 150 ms, with the same number of queries on every page.
"""

from __future__ import annotations

import argparse
import itertools
import random
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from convener.initiatives.models import Initiative

from bench.harness import (
    empty_view_baseline,
    layout_view_baseline,
    measure,
    report,
    setup_django,
)

STAKEHOLDERS = 10_000
ORGANIZATIONS = 300
TAGS = 40


def populate(initiative: Initiative) -> str:
    """Fill the registry with a realistic spread; return the perspective key to filter by."""
    from convener.stakeholders.models import (
        Circle,
        Kind,
        Power,
        Scale,
        Side,
        Stakeholder,
        Stance,
        Tag,
    )

    rng = random.Random(3)  # noqa: S311 (reproducible fake data)
    perspectives = list(initiative.perspectives.all())
    # Uneven, as real registries are: agencies are many, families and youth few.
    weights = [4, 20, 14, 10, 6, 8, 12, 9, 5, 7, 5][: len(perspectives)]
    circles = [*Circle.values, ""]
    organizations = Stakeholder.objects.bulk_create(
        Stakeholder(
            initiative=initiative,
            kind=Kind.ORGANIZATION,
            name=f"Organization {i:03}",
            perspective=rng.choices(perspectives, weights)[0],
        )
        for i in range(ORGANIZATIONS)
    )
    tags = Tag.objects.bulk_create(
        Tag(initiative=initiative, name=f"tag {i:02}") for i in range(TAGS)
    )
    first = ["Ana", "Ben", "Chloé", "Dev", "Eun", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai"]
    last = ["Ruiz", "Okafor", "Lee", "Nguyen", "Smith", "García", "Kowalski", "Haddad"]
    people = Stakeholder.objects.bulk_create(
        (
            Stakeholder(
                initiative=initiative,
                name=f"{rng.choice(first)} {rng.choice(last)} {i:05}",
                organization=rng.choice(organizations) if rng.random() < 0.7 else None,
                position=rng.choice(["Director", "Parent", "Analyst", "Teacher", ""]),
                perspective=rng.choices(perspectives, weights)[0],
                circle=rng.choices(circles, [3, 10, 30, 30, 27])[0],
                concern_interest=rng.random() < 0.6,
                concern_affected=rng.random() < 0.3,
                concern_can_affect=rng.random() < 0.3,
                side=rng.choice(Side.values),
                power=rng.choice(Power.values),
                stance=rng.choices(Stance.values, [6, 3, 1])[0],
                scale=rng.choice(Scale.values),
                email=f"person{i:05}@example.org",
                preferred_language=rng.choices(["en", "es", "vi"], [8, 3, 1])[0],
                contact_permitted=rng.random() < 0.5,
            )
            for i in range(STAKEHOLDERS - ORGANIZATIONS)
        ),
        batch_size=2000,
    )
    through = Stakeholder.tags.through
    links = [
        through(stakeholder_id=p.pk, tag_id=t.pk)
        for p in people
        for t in rng.sample(tags, rng.choice([0, 1, 1, 2, 3]))
    ]
    through.objects.bulk_create(links, batch_size=5000)
    # Filter by a mid-sized perspective: about a tenth of the registry, several pages.
    return perspectives[6].key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client

    from convener.accounts.models import User
    from convener.initiatives.models import Membership
    from convener.initiatives.roles import Role
    from convener.stakeholders.models import Stakeholder
    from tests.factories import UserFactory, make_initiative

    owner, member = cast(User, UserFactory()), cast(User, UserFactory())
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=member, role=Role.MEMBER)
    key = populate(initiative)
    client = Client()
    client.force_login(member)
    base = f"/i/{initiative.slug}/stakeholders/?perspective={key}&sort=name"
    matching = Stakeholder.objects.filter(initiative=initiative, perspective__key=key).count()
    pages = max(1, (matching + 49) // 50)
    rng = random.Random(7)  # noqa: S311 (reproducible request mix)
    urls = [f"{base}&page={rng.randint(1, pages)}" for _ in range(args.requests)]
    urls_iter = itertools.cycle(urls)

    def one() -> None:
        response = client.get(next(urls_iter))
        assert response.status_code == 200, response.status_code

    def queries_on(url: str) -> int:
        seen: list[str] = []

        def count(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        return len(seen)

    client.get(urls[0])
    queries = sorted({queries_on(f"{base}&page=1"), queries_on(f"{base}&page={pages}")})
    home = f"/i/{initiative.slug}/"
    baseline = empty_view_baseline(client, repeat=args.requests)
    layout = layout_view_baseline(client, repeat=args.requests)
    timing = measure(
        "registry list (rendered every time): 50/page, filtered, sorted",
        one,
        repeat=args.requests,
    )
    # For scale: a real but light page (the initiative's home) through the same client.
    home_page = measure("reference: initiative home page", lambda: client.get(home), repeat=50)
    report(
        f"Registry list, {Stakeholder.objects.count():,} stakeholders "
        f"({matching:,} in the filtered perspective, {pages} pages)",
        [
            baseline.line(),
            layout.line(),
            timing.line(),
            home_page.line(),
            f"queries per list request (first and last page): {queries}",
            f"p95 {timing.p95:.1f} ms (target <= 150 ms), {timing.p95 / baseline.p95:.1f}x the "
            f"empty view, {timing.p95 / layout.p95:.1f}x the logged-in empty page",
        ],
    )


if __name__ == "__main__":
    main()
