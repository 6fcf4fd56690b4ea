"""The participation analytics with 10,000 stakeholders: the dashboard page and the pure maths.

Run: ``.venv/bin/python -m bench.participation_dashboard`` (``--requests N`` for the sample).
No target is set in issue 3; the figures show what a convener waits for on the dashboard and
how much of it is the analytics themselves. The registry comes from ``bench.registry_list``.
"""

from __future__ import annotations

import argparse
from typing import cast

from bench.harness import empty_view_baseline, measure, report, setup_django
from bench.registry_list import populate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django()

    from django.test import Client

    from convener.accounts.models import User
    from convener.initiatives.models import Membership
    from convener.initiatives.roles import Role
    from convener.stakeholders.analytics import analyse
    from convener.stakeholders.models import Stakeholder
    from convener.stakeholders.services import participation as service
    from tests.factories import UserFactory, make_initiative

    owner, viewer = cast(User, UserFactory()), cast(User, UserFactory())
    initiative = make_initiative(owner=owner)
    Membership.objects.create(initiative=initiative, user=viewer, role=Role.VIEWER)
    populate(initiative)
    client = Client()
    client.force_login(viewer)
    dashboard = f"/i/{initiative.slug}/stakeholders/participation/"
    subset = f"{dashboard}?circle=extended&tag=tag+03"
    facts, organizations = service.load_facts(initiative)
    taxonomy = service.taxonomy(initiative)

    baseline = empty_view_baseline(client, repeat=args.requests)
    rows = [
        baseline.line(),
        measure(
            "analytics only: analyse() over all facts",
            lambda: analyse(facts, taxonomy, organizations),
            repeat=args.requests,
        ).line(),
        measure(
            "load facts: one values() query",
            lambda: service.load_facts(initiative),
            repeat=args.requests,
        ).line(),
    ]
    page = measure("dashboard page: everyone", lambda: client.get(dashboard), repeat=args.requests)
    part = measure(
        "dashboard page: circle + tag subset", lambda: client.get(subset), repeat=args.requests
    )
    rows += [
        page.line(),
        part.line(),
        f"p95 ratio to the empty view: {page.p95 / baseline.p95:.1f}x",
    ]
    report(f"Participation dashboard, {Stakeholder.objects.count():,} stakeholders", rows)


if __name__ == "__main__":
    main()
