"""The demo decisions load once, with a revision history and a recorded decision."""

import pytest
from django.utils import translation

from convener.consensus import selectors
from convener.consensus.models import Position, Proposal
from convener.demo.consensus import DECIDED_TITLE, load_decisions
from convener.demo.data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_decision_loads_idempotently():
    demo = load_demo()
    load_decisions(demo.initiative)
    load_decisions(demo.initiative)
    decided = Proposal.objects.get(initiative=demo.initiative, title=DECIDED_TITLE)
    assert decided.revision == 2
    assert decided.status == "decided"
    assert Position.objects.filter(
        proposal=decided, revision=1, option="serious_reservations"
    ).exists()
    assert Position.objects.filter(proposal=decided, revision=2).count() > 5
    log = selectors.decision_log(demo.initiative)
    assert [d.title for d in log] == [DECIDED_TITLE]
    assert log[0].participants > 5
    assert log[0].serves_label == "Making decisions by consensus"
    assert Proposal.objects.filter(initiative=demo.initiative).count() == 2
    # Its outcome statement is written in Spanish too, for the demo's Spanish readers.
    with translation.override("es"):
        assert selectors.decision_log(demo.initiative)[0].outcome.startswith("El primer año")
    assert log[0].outcome.startswith("Year one")
