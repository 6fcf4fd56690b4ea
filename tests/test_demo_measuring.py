"""The demo rounds: three stakeholders' rounds moving deeper, and a team self-assessment."""

from __future__ import annotations

from convener.demo.measuring import load_rounds
from convener.measuring import aggregation as agg
from convener.measuring import selectors
from convener.measuring.models import Answer, PracticeIndicator, Round, RoundKind


def test_demo_rounds_are_idempotent_and_show_movement(cast):
    load_rounds(cast.initiative)
    answers = Answer.objects.count()
    load_rounds(cast.initiative)
    assert Answer.objects.count() == answers
    assert PracticeIndicator.objects.filter(initiative=cast.initiative).count() == 14
    rounds = selectors.initiative_rounds(cast.initiative)
    assert [r.kind for r in rounds] == [RoundKind.STAKEHOLDERS] * 3 + [RoundKind.SELF_ASSESSMENT]
    shares = []
    for rnd in rounds[:3]:
        assert 40 <= rnd.responses.count() <= 50
        assert rnd.instrument.row_keys == [
            "coalescing.diversity",
            "coalescing.data",
            "coalescing.consensus",
            "coalescing.future_work",
        ]
        shares.append(agg.pooled_deeper_share(selectors.round_results(rnd).rows))
    assert shares == sorted(shares)
    assert shares[0] < 25 < 40 < shares[2]


def test_families_and_state_agency_staff_see_consensus_differently(cast):
    load_rounds(cast.initiative)
    latest = Round.objects.get(initiative=cast.initiative, name__startswith="Twelve-month")
    results = selectors.round_results(latest, "perspective")
    (consensus,) = [r for r in results.subgroups.rows if r.key == "coalescing.consensus"]
    groups = {g.label: g.result for g in consensus.groups}
    assert groups["Family/Youth"].modal == "informing"
    assert groups["State agency"].modal == "collaborating"
    assert selectors.self_assessment_for(latest) is not None
