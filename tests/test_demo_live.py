"""The demo live sessions: a finished introduction run with votes and attendance, and a draft."""

from convener.demo.data import load_demo
from convener.demo.live import DRAFT_TITLE, RUN_TITLE, load_sessions
from convener.demo.stakeholders import load_stakeholders
from convener.live import selectors
from convener.live.models import LiveSession, SessionStatus, Vote


def test_the_demo_sessions_load_once_with_votes_results_and_attendance(db):
    initiative = load_demo().initiative
    load_stakeholders(initiative)
    load_sessions(initiative)
    votes = Vote.objects.filter(item__session__initiative=initiative).count()
    load_sessions(initiative)  # idempotent
    assert Vote.objects.filter(item__session__initiative=initiative).count() == votes
    run = LiveSession.objects.get(initiative=initiative, title=RUN_TITLE)
    assert run.status == SessionStatus.ENDED
    assert run.participants.count() == 25
    assert votes > 200
    assert run.activity.attendance.count() == run.participants.exclude(stakeholder=None).count() > 0
    quiz = run.items.get(kind="classify")
    results = selectors.item_results(quiz, for_staff=False)
    assert results["overall"]["n"] > 15
    assert results["answer"]["q10"] == "bottom_up"
    assert any(not row["suppressed"] for row in results["by_perspective"])
    linked = run.participants.exclude(stakeholder=None).first()
    assert any(r["kind"] == "rating" for r in selectors.participant_history(linked.stakeholder))
    draft = LiveSession.objects.get(initiative=initiative, title=DRAFT_TITLE)
    assert draft.status == SessionStatus.DRAFT
    assert draft.items.count() == 2
