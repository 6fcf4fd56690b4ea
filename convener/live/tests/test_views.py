"""Convener pages of live sessions: templates, the agenda editor, running, results, records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convener.live import services
from convener.live.forms import ItemForm, answer_from_post
from convener.live.models import BreakoutGroup, Item, LiveSession, SessionStatus
from convener.live.session_templates import get_template
from convener.live.tests.pages_helpers import EVERY_KIND, build_every_kind, vote_on_everything

pytestmark = pytest.mark.django_db


def _url(name: str, cast, **kwargs) -> str:
    return reverse(f"live:{name}", kwargs={"slug": cast.initiative.slug, **kwargs})


def test_session_list_offers_builtin_templates_and_groups_sessions(cast):
    owner = cast.users["owner"]
    draft = services.create_session(initiative=cast.initiative, actor=owner, title="Next week")
    ended = services.create_session(initiative=cast.initiative, actor=owner, title="Last month")
    services.start_session(session=ended, actor=owner)
    services.end_session(session=ended, actor=owner)
    response = cast.client("viewer").get(_url("sessions", cast))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Introduction to Leading by Convening" in page
    assert draft.title in page
    assert ended.title in page
    assert "Start from this template" not in page  # viewers cannot create sessions


def test_starting_from_a_template_copies_its_agenda(cast):
    response = cast.client("member").post(
        _url("session_create", cast), {"title": "", "template_key": "intro_lbc"}
    )
    session = LiveSession.objects.get(initiative=cast.initiative)
    assert response.status_code == 302
    assert response["Location"] == _url("session_edit", cast, session_id=session.pk)
    assert session.title == "Introduction to Leading by Convening"
    assert session.items.count() == len(get_template("intro_lbc").items) == 22
    page = cast.client("member").get(response["Location"]).content.decode()
    assert "Place a dot on a 2x2 grid" in page


def test_copy_reruns_an_ended_session_and_saves_templates(cast):
    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="Intro", template_key="learning_targets"
    )
    client = cast.client("member")
    client.post(_url("session_copy", cast, session_id=session.pk), {"as_template": "1"})
    template = LiveSession.objects.get(is_template=True)
    assert template.items.count() == session.items.count()
    listing = client.get(_url("sessions", cast)).content.decode()
    assert "Saved by your team" in listing
    client.post(_url("session_copy", cast, session_id=template.pk))
    assert LiveSession.objects.filter(is_template=False).count() == 2


def test_adding_an_image_item_requires_alt_text(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    client = cast.client("member")
    url = _url("item_add", cast, session_id=session.pk)
    assert "compass" in client.get(url + "?kind=image").content.decode()
    bad = client.post(
        url,
        {
            "kind": "image",
            "prompt": "Which?",
            "image_options": "compass | Compass |\nbridge | Bridge | x",
        },
    )
    assert bad.status_code == 200
    assert "a label and a text alternative are required" in bad.content.decode()
    assert not session.items.exists()
    good = client.post(
        url,
        {
            "kind": "image",
            "prompt": "Which picture fits?",
            "image_options": "compass | Direction | A compass needle\nbridge | Links | A bridge",
        },
    )
    assert good.status_code == 302
    item = session.items.get()
    assert item.config["options"][0] == {
        "key": "o1",
        "label": "Direction",
        "image": "live/img/compass.svg",
        "alt": "A compass needle",
    }


def test_quiz_form_needs_exactly_one_marked_answer():
    form = ItemForm({"prompt": "Q", "quiz_options": "A\nB"}, kind="quiz")
    assert not form.is_valid()
    assert "asterisk" in str(form.errors["quiz_options"])
    form = ItemForm({"prompt": "Q", "quiz_options": "A\n*B", "explanation": "Because"}, kind="quiz")
    assert form.is_valid(), form.errors
    assert form.config["answer"] == "o2"


def test_classify_form_names_unknown_categories():
    form = ItemForm(
        {"prompt": "Sort", "categories": "Who\nHow", "classify_statements": "Sets it | Why"},
        kind="classify",
    )
    assert not form.is_valid()
    assert "Why" in str(form.errors["classify_statements"])


def test_editing_keeps_option_keys_and_initial_round_trips():
    config = {"options": [{"key": "yes", "label": "Yes"}, {"key": "no", "label": "No"}]}
    initial = ItemForm.initial_for("single", "Ready?", config)
    assert initial["options"] == "Yes\nNo"
    form = ItemForm(
        {"prompt": "Ready?", "options": "Yes!\nNo\nLater"}, kind="single", item_config=config
    )
    assert form.is_valid()
    assert [o["key"] for o in form.config["options"]] == ["yes", "no", "o1"]


def test_edit_move_and_delete_items(cast):
    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="S", template_key="learning_targets"
    )
    first, second = session.items.order_by("position")
    client = cast.client("member")
    response = client.post(
        _url("item_edit", cast, session_id=session.pk, item_id=first.pk),
        {
            "prompt": "Rate yourself",
            "statements": "Listening\nConvening",
            "scale_min": 1,
            "scale_max": 5,
            "low_label": "Not yet",
            "high_label": "Fully",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.prompt == "Rate yourself"
    assert first.config["max"] == 5
    client.post(
        _url("item_move", cast, session_id=session.pk, item_id=second.pk), {"direction": "up"}
    )
    assert list(session.items.order_by("position")) == [second, first]
    client.post(_url("item_delete", cast, session_id=session.pk, item_id=first.pk))
    assert list(session.items.all()) == [second]


def test_viewer_cannot_edit_or_run_and_outsider_gets_404(cast):
    owner = cast.users["owner"]
    session = services.create_session(initiative=cast.initiative, actor=owner, title="S")
    viewer = cast.client("viewer")
    assert viewer.get(_url("session_edit", cast, session_id=session.pk)).status_code == 403
    assert viewer.get(_url("facilitate", cast, session_id=session.pk)).status_code == 403
    assert (
        viewer.post(_url("control", cast, session_id=session.pk), {"action": "start"}).status_code
        == 403
    )
    assert viewer.get(_url("presenter", cast, session_id=session.pk)).status_code == 200
    outsider = cast.client("outsider")
    assert outsider.get(_url("presenter", cast, session_id=session.pk)).status_code == 404
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


def test_facilitator_runs_an_item_from_open_to_reveal(cast):
    owner = cast.users["owner"]
    session = services.create_session(
        initiative=cast.initiative, actor=owner, title="S", template_key="intro_lbc"
    )
    client = cast.client("member")
    control = _url("control", cast, session_id=session.pk)
    client.post(control, {"action": "start"})
    client.post(control, {"action": "next"})
    client.post(control, {"action": "next"})
    session.refresh_from_db()
    item = session.current_item
    assert session.status == SessionStatus.LIVE
    assert item is not None
    assert item.kind == "emoji"
    client.post(control, {"action": "open", "item": item.pk})
    client.post(control, {"action": "timer", "item": item.pk, "seconds": "60"})
    client.post(control, {"action": "reveal", "item": item.pk})
    item.refresh_from_db()
    assert item.status == "open"
    assert item.revealed
    assert item.timer_ends_at is not None
    page = client.get(_url("facilitate", cast, session_id=session.pk)).content.decode()
    assert "Hide results" in page
    assert "Close answers" in page
    response = client.post(control, {"action": "nonsense"}, follow=True)
    assert "That action is not available now." in response.content.decode()


def test_presenter_shows_code_qr_and_hides_results_until_revealed(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    services.go_to_item(session=session, item=items["single"], actor=owner)
    vote_on_everything(session, items)
    client = cast.client("viewer")
    url = _url("presenter", cast, session_id=session.pk)
    page = client.get(url).content.decode()
    assert session.join_code in page
    assert '<svg role="img" class="qr"' in page
    assert "Results stay hidden" in page
    services.reveal_results(item=items["single"], actor=owner)
    page = client.get(_url("presenter_live", cast, session_id=session.pk)).content.decode()
    assert 'class="live-bars"' in page
    # Nothing but content on the projector: the split and the table are the facilitator's.
    assert "Split by perspective" not in page
    assert "Show the figures as a table" not in page
    assert "Multiple choice" not in page  # the item's kind is the trainer's word, not the room's
    staff = cast.client("owner")
    page = staff.get(_url("facilitate", cast, session_id=session.pk)).content.decode()
    assert "Split by perspective" in page
    assert "Show the figures as a table" in page


def test_an_ended_session_says_so_on_the_projector_instead_of_its_last_question(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    services.go_to_item(session=session, item=items["single"], actor=owner)
    client = cast.client("viewer")
    live_url = _url("presenter_live", cast, session_id=session.pk)
    assert items["single"].prompt in client.get(live_url).content.decode()
    services.end_session(session=session, actor=owner)
    for url in (live_url, _url("presenter", cast, session_id=session.pk)):
        page = client.get(url).content.decode()
        assert "This session has ended. Thank you." in page
        assert items["single"].prompt not in page


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_presenter_and_facilitator_render_every_kind(cast, kind):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    item = items[kind]
    services.go_to_item(session=session, item=item, actor=owner)
    if kind == "breakout":
        services.form_breakouts(item=item, mode="random", group_count=2, actor=owner)
    elif item.kind not in ("slide", "prompt"):
        services.reveal_results(item=item, actor=owner)
    presenter = cast.client("viewer").get(_url("presenter_live", cast, session_id=session.pk))
    facilitator = cast.client("member").get(_url("facilitate", cast, session_id=session.pk))
    assert presenter.status_code == 200
    assert facilitator.status_code == 200
    shown = presenter.content.decode()
    if kind in ("slide", "prompt"):
        assert "Take a breath" in shown or "Talk with" in shown
    elif kind == "breakout":
        assert "Group 1" in shown
        assert "Group 1" in facilitator.content.decode()
    elif kind == "open_text":
        assert "live-cloud" in shown
        assert "listening" in shown
    elif kind in ("classify", "ranking"):  # results that teach: see test_presenter_teaching
        assert "presenter-sorting" in shown or "presenter-ranking" in shown
    else:
        assert 'role="img"' in shown
        # The figures as a table: on the facilitator's page, not on the projector.
        assert "<table>" not in shown
        assert "<table>" in facilitator.content.decode()


def test_results_page_and_exports(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    client = cast.client("member")
    page = client.get(_url("results", cast, session_id=session.pk)).content.decode()
    assert page.count('role="img"') >= 9
    csv = client.get(_url("export", cast, session_id=session.pk) + "?format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert "Ana" in csv.content.decode("utf-8-sig")
    xlsx = client.get(_url("export", cast, session_id=session.pk) + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert cast.client("viewer").get(_url("export", cast, session_id=session.pk)).status_code == 403


def test_records_show_scores_ratings_and_confirmed_links(cast):
    from convener.stakeholders.models import Stakeholder

    owner = cast.users["owner"]
    ana = Stakeholder.objects.create(initiative=cast.initiative, name="Ana")
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    participant = session.participants.get(display_name="Ana")
    assert participant.suggested_stakeholder == ana
    client = cast.client("member")
    control = _url("control", cast, session_id=session.pk)
    page = client.get(_url("facilitate", cast, session_id=session.pk)).content.decode()
    assert "Same person as Ana?" in page
    client.post(
        control, {"action": "confirm_link", "participant": participant.pk, "stakeholder": ana.pk}
    )
    participant.refresh_from_db()
    assert participant.stakeholder == ana
    page = client.get(_url("records", cast, session_id=session.pk)).content.decode()
    assert "History of Ana" in page
    assert "Listening: 7" in page
    assert "100%" in page  # Ana got the true/false and quiz right


def test_hiding_an_open_text_answer_from_the_facilitator_page(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    item = items["open_text"]
    services.go_to_item(session=session, item=item, actor=owner)
    vote = item.votes.first()
    cast.client("member").post(
        _url("control", cast, session_id=session.pk), {"action": "hide_vote", "vote": vote.pk}
    )
    vote.refresh_from_db()
    assert vote.hidden


def test_breakouts_are_formed_from_the_controls(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    item = items["breakout"]
    services.go_to_item(session=session, item=item, actor=owner)
    cast.client("member").post(
        _url("control", cast, session_id=session.pk),
        {"action": "breakouts", "item": item.pk, "mode": "perspective", "group_count": "2"},
    )
    assert BreakoutGroup.objects.filter(item=item).count() == 2


def test_answer_from_post_reads_every_kind():
    from django.http import QueryDict

    def q(text: str) -> QueryDict:
        return QueryDict(text)

    assert answer_from_post("single", {}, q("choice=a")) == ("a", "")
    assert answer_from_post("true_false", {}, q("choice=false")) == (False, "")
    assert answer_from_post("multi", {}, q("choice=a&choice=b")) == (["a", "b"], "")
    rating = {"statements": [{"key": "s1"}, {"key": "s2"}]}
    assert answer_from_post("rating", rating, q("r:s1=7&r:s2=")) == ({"s1": 7}, "")
    assert answer_from_post("classify", rating, q("c:s2=who")) == ({"s2": "who"}, "")
    assert answer_from_post("quadrant", {}, q("qx:_=20&qy:_=80")) == (
        {"_": {"x": 20.0, "y": 80.0}},
        "",
    )
    ranking = {"options": [{"key": "a"}, {"key": "b"}, {"key": "c"}]}
    assert answer_from_post("ranking", ranking, q("rank:a=3&rank:b=1&rank:c=2")) == (
        ["b", "c", "a"],
        "",
    )
    assert answer_from_post("open_text", {}, q("text=+hello+")) == ("hello", "hello")
    from convener.live.forms import InvalidAnswer

    with pytest.raises(InvalidAnswer):
        answer_from_post("single", {}, q(""))
    with pytest.raises(InvalidAnswer):
        answer_from_post("quadrant", {}, q("qx:_=left&qy:_=2"))


def test_item_kinds_offered_in_the_editor_cover_every_kind_but_proposals():
    from convener.live.forms import EDITABLE_KINDS, KIND_FIELDS

    assert {k for k, _label in EDITABLE_KINDS} == set(KIND_FIELDS)
    assert "proposal" not in KIND_FIELDS
    assert Item._meta.get_field("kind")


def test_breakouts_can_be_formed_by_hand(cast):
    owner = cast.users["owner"]
    session, items = build_every_kind(cast.initiative, owner)
    vote_on_everything(session, items)
    item = items["breakout"]
    services.go_to_item(session=session, item=item, actor=owner)
    ana, ben, carla = session.participants.order_by("pk")
    client = cast.client("member")
    page = client.get(_url("facilitate", cast, session_id=session.pk)).content.decode()
    assert "Form the groups by hand" in page
    client.post(
        _url("control", cast, session_id=session.pk),
        {"action": "breakouts_by_hand", "item": item.pk,
         f"p-{ana.pk}": "2", f"p-{ben.pk}": "2", f"p-{carla.pk}": "1"},
    )  # fmt: skip
    first, second = BreakoutGroup.objects.filter(item=item).order_by("id")
    assert list(first.members.all()) == [carla]
    assert set(second.members.all()) == {ana, ben}


def test_session_list_query_count_does_not_grow_with_sessions(cast, django_assert_max_num_queries):
    owner = cast.users["owner"]
    client = cast.client("viewer")
    url = _url("sessions", cast)
    client.get(url)
    for n in range(6):
        services.create_session(initiative=cast.initiative, actor=owner, title=f"Session {n}")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
