"""The projector's results that teach, and the keyboard remote's one-step advance."""

from __future__ import annotations

from django.urls import reverse

from convener.live import kinds, services
from convener.live.views.teaching import ranking_rows, sorting_rows

SORT = {
    "categories": [{"key": "td", "label": "Top-down"}, {"key": "bu", "label": "Bottom-up"}],
    "statements": [
        {"key": "a", "label": "Leader-driven", "answer": "td"},
        {"key": "b", "label": "Leaders emerge", "answer": "bu"},
    ],
}


def _tallies(kind, config, values):
    delta: kinds.Delta = {}
    for value in values:
        kinds.merge(delta, kinds.vote_delta(kind, config, new=value, bucket="-"))
    return {key: v for (bucket, key), v in delta.items() if bucket == "*"}


def test_a_revealed_sorting_shows_the_right_sorting_and_how_the_room_sorted():
    overall = kinds.results(
        "classify",
        SORT,
        _tallies("classify", SORT, [{"a": "td", "b": "td"}, {"a": "td", "b": "bu"}]),
    )
    rows = sorting_rows(overall, SORT, show_key=True)
    assert [(r["label"], r["right_label"], r["right_percent"]) for r in rows] == [
        ("Leader-driven", "Top-down", 100),
        ("Leaders emerge", "Bottom-up", 50),
    ]
    assert [(c["label"], c["percent"], c["right"]) for c in rows[1]["cells"]] == [
        ("Top-down", 50, False),
        ("Bottom-up", 50, True),
    ]
    hidden = sorting_rows(overall, SORT, show_key=False)
    assert all(r["right_label"] == "" and not any(c["right"] for c in r["cells"]) for r in hidden)


def test_a_ranking_shows_the_rooms_order_with_mean_positions():
    config = {"options": [{"key": k, "label": k.upper()} for k in ("x", "y", "z")]}
    overall = kinds.results(
        "ranking", config, _tallies("ranking", config, [["y", "x", "z"], ["y", "z", "x"]])
    )
    assert ranking_rows(overall) == [
        {"place": 1, "label": "Y", "mean_position": 1.0},
        {"place": 2, "label": "X", "mean_position": 2.5},
        {"place": 3, "label": "Z", "mean_position": 2.5},
    ]


def test_the_keyboard_remote_advances_and_opens_answering_in_one_step(cast):
    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="", template_key="blueprint_full_day"
    )
    services.start_session(session=session, actor=owner)
    url = reverse("live:control", args=[cast.initiative.slug, session.pk])
    client = cast.client("owner")
    for _step in range(4):  # title, sign-in, feelings slides, then Poll 1
        client.post(url, {"action": "advance"})
    session.refresh_from_db()
    assert session.current_item.kind == "emoji"
    assert session.current_item.status == "open"
    client.post(url, {"action": "previous"})
    session.refresh_from_db()
    assert session.current_item.kind == "slide"
    assert session.current_item.status == "pending"  # a slide is never opened


def test_only_contributors_get_the_keyboard_remote_on_the_projector(cast):
    session = services.create_session(
        initiative=cast.initiative, actor=None, title="", template_key="authentic_engagement"
    )
    args = [cast.initiative.slug, session.pk]
    owner_page = cast.client("owner").get(reverse("live:presenter", args=args)).content.decode()
    assert "data-control-url" in owner_page
    viewer = cast.client("viewer").get(reverse("live:presenter", args=args))
    assert viewer.status_code == 200
    assert "data-control-url" not in viewer.content.decode()


def test_the_facilitators_next_button_moves_on_and_opens_answering(cast):
    session = services.create_session(
        initiative=cast.initiative, actor=None, title="", template_key="blueprint_full_day"
    )
    args = [cast.initiative.slug, session.pk]
    client = cast.client("member")
    client.post(reverse("live:control", args=args), {"action": "start"})
    page = client.get(reverse("live:facilitate", args=args)).content.decode()
    # The facilitator's own "Next" is the one-step advance, as the projector's arrow key.
    assert 'value="advance"' in page
    assert 'value="next"' not in page
    for _step in range(4):  # title, sign-in, feelings slides, then Poll 1
        response = client.post(reverse("live:control", args=args), {"action": "advance"})
        assert response.status_code == 302
    session.refresh_from_db()
    poll_1 = session.current_item
    assert poll_1.kind == "emoji"
    assert poll_1.status == "open"
    page = client.get(reverse("live:facilitate", args=args)).content.decode()
    assert "Open for answers" in page
    assert 'value="close"' in page  # no second "Open answers" step is needed
    services.close_item(item=poll_1, actor=None)
    client.post(reverse("live:control", args=args), {"action": "previous"})
    client.post(reverse("live:control", args=args), {"action": "advance"})
    poll_1.refresh_from_db()
    assert poll_1.status == "closed"  # coming back to a question that has run never reopens it
