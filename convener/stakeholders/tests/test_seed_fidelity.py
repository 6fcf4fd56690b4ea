"""Seed words the fidelity review found drifted, pinned where the product shows them."""

from __future__ import annotations

from convener.framework.packs import builtin_pack
from convener.stakeholders.models import Circle
from convener.stakeholders.views.participation_charts import CIRCLE_ROLE


def _texts(value: object) -> str:
    return repr(value)


def test_the_circles_keep_key_advisors_feedback_and_communication_networks():
    labels = [str(label) for label in Circle.labels]
    assert labels[1] == "Key Participants / Key Advisors — the Champions"
    assert labels[2] == "Extended Participants / Feedback Networks — the Intended Audiences"
    assert labels[3] == "Dissemination / Communication Networks — the Promoters"


def test_circle_3_keeps_the_talk_on_practice_and_spreads_understanding_everywhere():
    pack = builtin_pack()
    role = str(CIRCLE_ROLE["extended"])
    help_text = _texts(pack.worksheet("engaging_everybody"))
    topic = _texts(pack.topic("four_circles"))
    for text in (role, help_text, topic):
        assert "practice" in text
        assert "friends and colleagues" in text
        assert "put the work into practice" not in text


def test_internal_and_external_are_to_the_issue():
    pack = builtin_pack()
    for tool in ("four_simple_questions", "meet_the_stakeholders"):
        text = _texts(pack.worksheet(tool))
        assert "Internal or external to the issue" in text
        assert "our organization" not in text
        assert "our system" not in text


def test_goals_are_actionable_not_achievable():
    pack = builtin_pack()
    assert "actionable goals" in _texts(pack.rubric_row("coalescing.future_work"))
    everything = _texts(pack)
    assert "achievable" not in everything


def test_seeds_of_trust_is_read_directly_and_indirectly():
    pack = builtin_pack()
    assert "direct and indirect" in str(pack.tool("seeds_of_trust").purpose["en"])
    assert "directly and indirectly" in _texts(pack.worksheet("seeds_of_trust"))


def test_web_of_connections_asks_both_why_questions():
    worksheet = builtin_pack().worksheet("web_of_connections")
    assert worksheet is not None
    [section] = [s for s in worksheet.sections if s.key == "why_partners"]
    columns = [str(c.label["en"]) for c in section.fields[0].columns]
    assert "Why do we identify them as a potential partner?" in columns
    assert "Why would they want to become a partner?" in columns
