"""Shared set-up for the collect and respond tests: stakeholders and an open round."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from convener.initiatives.models import Initiative
from convener.measuring import services
from convener.measuring.models import Round, RoundLink
from convener.stakeholders.models import Circle, Stakeholder
from tests.factories import StakeholderFactory

COALESCING_ROWS = [
    "coalescing.diversity",
    "coalescing.data",
    "coalescing.consensus",
    "coalescing.future_work",
]


def make_stakeholder(
    initiative: Initiative,
    name: str,
    *,
    circle: str = Circle.CORE,
    email: str | None = None,
    contact_permitted: bool = True,
    language: str = "en",
    perspective_key: str = "family_youth",
) -> Stakeholder:
    return StakeholderFactory(  # type: ignore[return-value]
        initiative=initiative,
        name=name,
        circle=circle,
        email=email if email is not None else f"{name.lower().replace(' ', '.')}@example.org",
        contact_permitted=contact_permitted,
        preferred_language=language,
        perspective_key=perspective_key,
    )


def open_round(initiative: Initiative, **options: object) -> Round:
    defaults: dict[str, object] = {
        "name": "Baseline",
        "row_keys": COALESCING_ROWS,
        "audience_circles": [Circle.CORE, Circle.KEY],
    }
    defaults.update(options)
    round = services.create_round(initiative=initiative, actor=None, **defaults)
    return services.open_round(round=round, actor=None)


@dataclass
class Invited:
    round: Round
    stakeholder: Stakeholder
    link: RoundLink
    token: str


def invite_one(initiative: Initiative, *, language: str = "en", **options: object) -> Invited:
    """Open a round for one stakeholder and return their link and secret."""
    stakeholder = make_stakeholder(initiative, "Rosa Diaz", language=language)
    round = open_round(initiative, **options)
    [(link, token)] = services.issue_links(round=round)
    return Invited(round=round, stakeholder=stakeholder, link=link, token=token)


def answer_via_link(client: Client, token: str) -> None:
    response = client.get(f"/r/{token}/")
    assert response.status_code == 302
