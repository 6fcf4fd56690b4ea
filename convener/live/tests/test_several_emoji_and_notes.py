"""Poll 1 asks for emojis, plural: an emoji item with ``max`` above 1 takes several. Speaker
notes reach the facilitator only, never the projector or the phones."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from convener.live import kinds, selectors, services
from convener.live.forms import answer_from_post
from convener.live.views.common import item_view

FEELINGS = {
    "options": [
        {"key": "hopeful", "label": "Hopeful", "emoji": "🙂"},
        {"key": "tired", "label": "Tired", "emoji": "😴"},
        {"key": "worried", "label": "Worried", "emoji": "😟"},
    ],
    "max": 2,
}


def test_several_emojis_are_kept_as_a_list_up_to_the_maximum():
    assert kinds.validate_config("emoji", FEELINGS) == []
    assert kinds.clean_value("emoji", FEELINGS, ["hopeful", "tired"]) == ["hopeful", "tired"]
    assert kinds.clean_value("emoji", FEELINGS, "tired") == ["tired"]
    with pytest.raises(kinds.InvalidVote, match="at most 2"):
        kinds.clean_value("emoji", FEELINGS, ["hopeful", "tired", "worried"])
    with pytest.raises(kinds.InvalidVote):
        kinds.clean_value("emoji", FEELINGS, ["hopeful", "hopeful"])


def test_one_emoji_stays_the_default():
    single = {k: v for k, v in FEELINGS.items() if k != "max"}
    assert kinds.clean_value("emoji", single, "tired") == "tired"
    with pytest.raises(kinds.InvalidVote):
        kinds.clean_value("emoji", single, ["tired"])


def test_a_maximum_beyond_the_options_is_refused():
    assert kinds.validate_config("emoji", {**FEELINGS, "max": 4})
    assert kinds.validate_config("emoji", {**FEELINGS, "max": 0})


def test_each_chosen_emoji_counts_once_and_shares_are_per_person():
    delta = kinds.vote_delta("emoji", FEELINGS, new=["hopeful", "tired"], bucket="-")
    tallies = {key: value for (bucket, key), value in delta.items() if bucket == "*"}
    results = kinds.results("emoji", FEELINGS, tallies)
    assert results["n"] == 1
    assert [(o["key"], o["count"], o["share"]) for o in results["options"]] == [
        ("hopeful", 1, 1.0),
        ("tired", 1, 1.0),
        ("worried", 0, 0.0),
    ]
    changed = kinds.vote_delta(
        "emoji", FEELINGS, old=["hopeful", "tired"], new=["worried"], bucket="-"
    )
    assert changed[("*", "hopeful")] == (-1, 0.0)
    assert changed[("*", "worried")] == (1, 0.0)


def test_the_plain_form_reads_several_emojis_without_javascript():
    post = QueryDict("choice=hopeful&choice=worried")
    assert answer_from_post("emoji", FEELINGS, post) == (["hopeful", "worried"], "")
    assert answer_from_post("emoji", {**FEELINGS, "max": 1}, post)[0] == "worried"  # one key


def test_speaker_notes_are_for_the_facilitator_only(cast):
    session = services.create_session(
        initiative=cast.initiative, actor=None, title="", template_key="blueprint_full_day"
    )
    slide = session.items.get(position=1)
    assert slide.config["notes"]
    assert "notes" not in kinds.without_key("slide", slide.config)
    assert item_view(slide, staff=True)["notes"] == slide.config["notes"]
    assert item_view(slide, staff=False)["notes"] == ""
    spanish = item_view(slide, staff=True, language="es")["notes"]
    assert spanish == slide.config["translations"]["es"]["notes"]
    slide.key_revealed = True
    assert "notes" not in selectors.item_view(slide, for_staff=False)["config"]
    assert "notes" in selectors.item_view(slide, for_staff=True)["config"]


def test_the_facilitator_page_shows_the_notes_and_the_projector_does_not(cast):
    from django.urls import reverse

    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="", template_key="blueprint_full_day"
    )
    services.start_session(session=session, actor=owner)
    services.next_item(session=session, actor=owner)
    session.refresh_from_db()
    note = session.current_item.config["notes"].split(".")[0]
    client = cast.client("owner")
    args = [cast.initiative.slug, session.pk]
    facilitator = client.get(reverse("live:facilitate", args=args)).content.decode()
    presenter = client.get(reverse("live:presenter", args=args)).content.decode()
    assert "Speaker notes" in facilitator
    assert note in facilitator
    assert note not in presenter
