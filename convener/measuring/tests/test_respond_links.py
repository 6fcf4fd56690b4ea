"""Personal links and the respondent pages: token handling, privacy headers, saving, throttling."""

from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from convener.core.tokens import hash_token
from convener.measuring import services
from convener.measuring.models import Answer, CollectionMode, Response, RoundLink
from convener.measuring.tests.collect_fixtures import invite_one, make_stakeholder, open_round
from convener.measuring.views import respond as respond_views


def test_token_has_at_least_128_bits_and_only_its_digest_is_stored(cast):
    invited = invite_one(cast.initiative)
    assert len(invited.token) >= 22  # 22 URL-safe base64 characters carry 128+ bits
    stored = RoundLink.objects.get(pk=invited.link.pk)
    assert stored.token_hash == hash_token(invited.token)
    assert invited.token not in stored.token_hash


def test_opening_the_link_redirects_to_an_address_without_the_token(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    response = client.get(f"/r/{invited.token}/")
    assert response.status_code == 302
    assert response["Location"] == "/r/respond/"
    assert invited.token not in response["Location"]
    page = client.get("/r/respond/")
    assert page.status_code == 200
    assert invited.token not in page.content.decode()


def test_get_never_consumes_the_link_or_records_anything(cast):
    invited = invite_one(cast.initiative)
    scanner = Client()
    for _ in range(3):  # a mail scanner prefetching, more than once
        scanner.get(f"/r/{invited.token}/")
        scanner.get("/r/respond/")
    assert Response.objects.count() == 0
    person = Client()
    assert person.get(f"/r/{invited.token}/").status_code == 302
    assert person.get("/r/respond/").status_code == 200


def test_invalid_expired_and_used_links_get_the_same_neutral_page(cast):
    invited = invite_one(cast.initiative)
    other = make_stakeholder(cast.initiative, "Erased Person", email="erased@example.org")
    extra = services.issue_links(round=invited.round)
    [(_erased_link, erased_token)] = [(link, t) for link, t in extra if link.stakeholder == other]
    other.erased_at = other.created_at
    other.save(update_fields=["erased_at"])
    invalid = Client().get("/r/not-a-real-token-at-all-xxxxxxxx/")
    used_up = Client().get(f"/r/{erased_token}/")
    services.close_round(round=invited.round, actor=None)
    expired = Client().get(f"/r/{invited.token}/")
    assert invalid.status_code == used_up.status_code == expired.status_code == 404
    assert invalid.content == used_up.content == expired.content
    assert b"This link cannot be used" in invalid.content


def test_every_respondent_page_is_no_store(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    pages = [
        client.get("/r/nonsense-token-value-0000000000/"),
        client.get(f"/r/{invited.token}/"),
        client.get("/r/respond/"),
        client.post("/r/respond/save/", {"level-coalescing.data": "informing"}),
        client.post("/r/respond/submit/", {}),
        client.get("/r/respond/thanks/"),
    ]
    for page in pages:
        assert "no-store" in page["Cache-Control"], page
    assert pages[0]["Referrer-Policy"] == pages[1]["Referrer-Policy"] == "no-referrer"


def test_survey_shows_descriptors_without_level_names(cast):
    invited = invite_one(cast.initiative, allow_not_sure=True)
    client = Client()
    client.get(f"/r/{invited.token}/")
    html = client.get("/r/respond/").content.decode()
    assert "Acknowledging and valuing diversity" in html
    assert 'value="informing"' in html
    assert "Not sure" in html
    for name in ("Informing", "Networking", "Collaborating", "Transforming"):
        assert f">{name}<" not in html
        assert f"{name}:" not in html
    assert "0 of 4 answered" in html
    assert 'hx-trigger="change"' in html


def test_half_filled_survey_is_kept_and_resumed_from_the_link(cast):
    invited = invite_one(cast.initiative)
    first = Client()
    first.get(f"/r/{invited.token}/")
    saved = first.post(
        "/r/respond/save/",
        {"level-coalescing.diversity": "networking", "level-coalescing.data": "not_sure"},
    )
    assert saved.status_code == 302
    # Days later, on another device, the same link resumes the same response.
    later = Client()
    later.get(f"/r/{invited.token}/")
    html = later.get("/r/respond/").content.decode()
    assert "2 of 4 answered" in html
    assert html.count("checked") == 2
    assert Response.objects.count() == 1


def test_htmx_autosave_returns_the_progress_fragment(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    client.get(f"/r/{invited.token}/")
    fragment = client.post(
        "/r/respond/save/", {"level-coalescing.consensus": "collaborating"}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert 'id="progress"' in text
    assert "1 of 4 answered" in text
    assert "<html" not in text


def test_submit_then_change_until_the_round_closes(cast):
    invited = invite_one(cast.initiative)
    client = Client()
    client.get(f"/r/{invited.token}/")
    done = client.post("/r/respond/submit/", {"level-coalescing.data": "informing"})
    assert done["Location"] == "/r/respond/thanks/"
    assert "Change my answers" in client.get("/r/respond/thanks/").content.decode()
    client.post("/r/respond/save/", {"level-coalescing.data": "transforming"})
    answer = Answer.objects.get()
    assert (answer.level, answer.counted) == ("transforming", True)
    services.close_round(round=invited.round, actor=None)
    assert client.get("/r/respond/").status_code == 404
    assert (
        client.post("/r/respond/save/", {"level-coalescing.data": "informing"}).status_code == 404
    )
    assert Answer.objects.get().level == "transforming"


def test_anonymous_round_asks_the_perspective_and_records_it(cast):
    invited = invite_one(cast.initiative)
    family = cast.initiative.perspectives.get(key="family_youth")
    client = Client()
    client.get(f"/r/{invited.token}/")
    assert 'name="perspective"' in client.get("/r/respond/").content.decode()
    client.post(
        "/r/respond/save/", {"perspective": family.pk, "level-coalescing.data": "informing"}
    )
    assert Answer.objects.get().perspective == family


def test_identified_round_takes_the_perspective_from_the_registry(cast):
    invited = invite_one(cast.initiative, anonymous=False)
    client = Client()
    client.get(f"/r/{invited.token}/")
    assert 'name="perspective"' not in client.get("/r/respond/").content.decode()


def test_language_defaults_to_the_stakeholders_preference_and_can_be_changed(cast):
    invited = invite_one(cast.initiative, language="es")
    client = Client()
    client.get(f"/r/{invited.token}/")
    spanish = client.get("/r/respond/").content.decode()
    assert "Reconocer y valorar la diversidad" in spanish
    assert 'lang="es"' in spanish
    english = client.get("/r/respond/?lang=en").content.decode()
    assert "Acknowledging and valuing diversity" in english


def test_throttle_is_per_response_not_per_ip(cast, monkeypatch):
    cache.clear()
    monkeypatch.setattr(respond_views, "SAVES_PER_MINUTE", 3)
    invited = invite_one(cast.initiative)
    neighbour = make_stakeholder(cast.initiative, "Next Door", email="next@example.org")
    [(_link, neighbour_token)] = [
        (link, token)
        for link, token in services.issue_links(round=invited.round)
        if link.stakeholder == neighbour
    ]
    busy, calm = Client(REMOTE_ADDR="10.0.0.7"), Client(REMOTE_ADDR="10.0.0.7")
    busy.get(f"/r/{invited.token}/")
    calm.get(f"/r/{neighbour_token}/")
    codes = [
        busy.post("/r/respond/save/", {"level-coalescing.data": "informing"}).status_code
        for _ in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    blocked = busy.post("/r/respond/save/", {"level-coalescing.data": "networking"})
    assert "Wait a minute" in blocked.content.decode()
    assert calm.post("/r/respond/save/", {"level-coalescing.data": "informing"}).status_code == 302
    cache.clear()


def test_room_link_gives_each_browser_its_own_response(cast):
    round = open_round(cast.initiative)
    token = services.room_token(round)
    one, two = Client(), Client()
    for client, level in ((one, "informing"), (two, "collaborating")):
        assert client.get(f"/r/room/{token}/")["Location"] == "/r/respond/"
        client.post("/r/respond/submit/", {"level-coalescing.data": level})
    assert sorted(Response.objects.values_list("mode", flat=True)) == [
        CollectionMode.ROOM,
        CollectionMode.ROOM,
    ]
    assert sorted(Answer.objects.values_list("level", flat=True)) == ["collaborating", "informing"]
    again = one.get(f"/r/room/{token}/")  # scanning again keeps the same response
    assert again.status_code == 302
    one.post("/r/respond/save/", {"level-coalescing.data": "networking"})
    assert Response.objects.count() == 2


def test_room_link_of_a_closed_round_says_it_is_closed(cast):
    round = open_round(cast.initiative)
    services.close_round(round=round, actor=None)
    page = Client().get(f"/r/room/{services.room_token(round)}/")
    assert page.status_code == 410
    assert b"This survey is closed" in page.content
