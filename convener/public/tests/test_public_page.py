"""The public page: off by default, 404 like an unknown slug, chosen by conveners, recorded."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from convener.activities.models import Activity
from convener.consensus.models import Decision, Outcome, Proposal
from convener.measuring.tests.results_data import make_round
from convener.public import selectors, services
from convener.public.models import SECTIONS, PublicationEvent, PublicPage

pytestmark = pytest.mark.django_db


def _activity(initiative, title="Open forum", days=10, **extra):
    return Activity.objects.create(
        initiative=initiative,
        title=title,
        kind="family_event",
        starts_on=timezone.localdate() + dt.timedelta(days=days),
        **extra,
    )


def _publish(cast, **changes):
    values = {
        "initiative": cast.initiative,
        "actor": cast.users["convener"],
        "is_published": True,
        "sections": SECTIONS,
        "texts": {"about_en": "About us", "about_es": "Sobre nosotros"},
        "activities": [],
        "rounds": [],
    }
    texts = {**values["texts"], **changes.pop("texts", {})}
    values.update(changes, texts=texts)
    return services.update_public_page(**values)


def _url(initiative):
    return reverse("public:page", args=[initiative.slug])


def _settings_url(initiative):
    return reverse("public:settings", args=[initiative.slug])


def test_the_page_is_off_by_default_and_404_like_an_unknown_slug(cast):
    client = cast.client("anonymous")
    unknown_url = "/public/" + "x" * len(cast.initiative.slug) + "/"  # same length, no initiative

    def seen(url):
        response = client.get(url)
        # The 404 page repeats the address asked for, and its language form carries a CSRF
        # token masked afresh on every request; everything else must be the same.
        body = re.sub(r'value="\w{64}"', "TOKEN", response.content.decode().replace(url, "ADDRESS"))
        return response.status_code, body, sorted(response.headers.items())

    assert seen(_url(cast.initiative))[0] == 404
    assert seen(_url(cast.initiative)) == seen(unknown_url)
    services.page_for(cast.initiative)  # a page that exists but is unpublished
    assert seen(_url(cast.initiative)) == seen(unknown_url)


def test_a_published_page_is_readable_without_an_account_and_safe_to_cache(cast):
    _publish(cast)
    response = cast.client("anonymous").get(_url(cast.initiative))
    assert response.status_code == 200
    assert "About us" in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert {"accept-language", "cookie"} <= {v.strip().lower() for v in response["Vary"].split(",")}
    assert not response.cookies  # no session, no CSRF cookie: the same page for everyone
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_page_carries_the_strict_policy_and_no_inline_script_or_style(cast):
    _publish(cast)
    response = cast.client("anonymous").get(_url(cast.initiative))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert " on" not in html.replace(" one", "").split("<body", 1)[1].split(">", 1)[0]


def test_spanish_from_the_switch_and_english_back(cast):
    _publish(cast)
    client = cast.client("anonymous")
    spanish = client.get(_url(cast.initiative) + "?lang=es")
    html = spanish.content.decode()
    assert '<html lang="es">' in html
    assert "Lo que escuchamos" in html
    assert "Sobre nosotros" in html
    assert spanish["Content-Language"] == "es"
    assert f'href="{_url(cast.initiative)}?lang=en"' in html
    english = client.get(_url(cast.initiative) + "?lang=en").content.decode()
    assert "What we heard" in english
    assert "About us" in english
    # An unknown language falls back instead of failing.
    assert client.get(_url(cast.initiative) + "?lang=xx").status_code == 200


def test_team_text_missing_in_one_language_is_marked_as_the_other(cast):
    _publish(cast, texts={"about_en": "", "changing_en": "Sessions move to schools."})
    html = cast.client("anonymous").get(_url(cast.initiative) + "?lang=es").content.decode()
    assert '<p lang="en">' in html
    assert "Sessions move to schools." in html


def test_sections_switched_off_do_not_appear(cast):
    _publish(cast, sections=["about"])
    html = cast.client("anonymous").get(_url(cast.initiative) + "?lang=en").content.decode()
    assert "What this initiative is about" in html
    for heading in ("What we heard", "What we decided and why", "Upcoming convenings"):
        assert heading not in html


def test_only_chosen_upcoming_convenings_appear_without_their_link(cast):
    shown = _activity(cast.initiative, "Open family forum", link="https://meet.example.org/x1")
    _activity(cast.initiative, "Core team meeting")
    past = _activity(cast.initiative, "Last year's forum", days=-30)
    _publish(cast, activities=[shown])
    PublicPage.objects.get().activities.add(past)  # chosen once, now over
    html = cast.client("anonymous").get(_url(cast.initiative)).content.decode()
    assert "Open family forum" in html
    assert "Core team meeting" not in html
    assert "Last year's forum" not in html
    assert "meet.example.org" not in html


def test_heard_shows_interval_in_words_and_never_a_row_below_the_threshold(cast):
    answers = [(None, "", {"coalescing.diversity": "collaborating"}) for _ in range(6)]
    answers += [(None, "", {"coalescing.data": "informing"}) for _ in range(4)]
    rnd = make_round(cast.initiative, answers, name="Spring round", threshold=5)
    _publish(cast, rounds=[rnd])
    view = selectors.public_view(PublicPage.objects.get(), "en")
    assert view.heard is not None
    rows = {row.key: row for row in view.heard[0].rows}
    diversity = rows["coalescing.diversity"]
    assert (diversity.shown, diversity.n, diversity.share) == (True, 6, 100)
    assert (diversity.low, diversity.high) == (60, 100)  # Wilson 95 % for 6 of 6, outwards
    assert diversity.rough
    assert not rows["coalescing.data"].shown
    assert rows["coalescing.data"].n == 0
    html = cast.client("anonymous").get(_url(cast.initiative) + "?lang=en").content.decode()
    assert "between 60% and 100%" in html
    hidden = html.split('data-row="coalescing.data"', 1)[1].split("</li>", 1)[0]
    assert "Too few people answered" in hidden
    assert not any(ch.isdigit() for ch in hidden.replace("coalescing.data", ""))


def test_decisions_show_why_and_count_people_only_above_the_threshold(cast):
    for title, participants in (("Big decision", 12), ("Small decision", 3)):
        proposal = Proposal.objects.create(initiative=cast.initiative, title=title)
        Decision.objects.create(
            initiative=cast.initiative,
            proposal=proposal,
            title=title,
            revision=1,
            outcome=Outcome.ADOPTED,
            statement=f"Because families asked ({title}).",
            decided_on=dt.date(2026, 5, 1),
            decided_by="the core team",
            participants=participants,
            threshold=5,
        )
    _publish(cast)
    html = cast.client("anonymous").get(_url(cast.initiative) + "?lang=en").content.decode()
    assert "Because families asked (Big decision)." in html
    assert "12 people took part" in html
    assert "3 people took part" not in html
    assert "Small decision" in html


def test_a_spanish_reader_sees_the_teams_spanish_and_the_time_zone_in_words(cast):
    initiative = cast.initiative
    initiative.translations = {"es": {"title": "Teleterapia para la salud mental infantil"}}
    initiative.time_zone = "America/New_York"
    initiative.save()
    forum = _activity(
        initiative,
        "Open family forum",
        start_time=dt.time(18),
        place="Public library",
        translations={"es": {"title": "Foro abierto para familias", "place": "Biblioteca pública"}},
    )
    untranslated = _activity(initiative, "Youth listening session", start_time=dt.time(17))
    rnd = make_round(initiative, [], name="Spring round", threshold=5)
    rnd.translations = {"es": {"name": "Ronda de primavera"}}
    rnd.save()
    proposal = Proposal.objects.create(
        initiative=initiative,
        title="Evening sessions",
        translations={"es": {"title": "Sesiones por la tarde"}},
    )
    Decision.objects.create(
        initiative=initiative, proposal=proposal, title="Evening sessions", revision=1,
        outcome=Outcome.ADOPTED, statement="Parents work days.", decided_on=dt.date(2026, 5, 1),
        decided_by="the core team", participants=12, threshold=5,
    )  # fmt: skip
    _publish(cast, activities=[forum, untranslated], rounds=[rnd])
    html = cast.client("anonymous").get(_url(initiative) + "?lang=es").content.decode()
    for spanish in (
        "Teleterapia para la salud mental infantil",
        "Foro abierto para familias",
        "Biblioteca pública",
        "Ronda de primavera",
        "Sesiones por la tarde",
        "hora del Este, UTC",
    ):
        assert spanish in html
    for english in ("Open family forum", "Public library", "Spring round", "America/New_York"):
        assert english not in html
    # Text the team wrote only in English is shown, and marked as English for screen readers.
    assert '<h3 lang="en">Youth listening session</h3>' in html
    assert '<p lang="en">Parents work days.</p>' in html
    assert "<h3>Sesiones por la tarde</h3>" in html
    english = cast.client("anonymous").get(_url(initiative) + "?lang=en").content.decode()
    assert "Open family forum" in english
    assert "Evening sessions" in english
    assert "Eastern time, UTC" in english


@pytest.mark.parametrize("persona", ["owner", "convener"])
def test_conveners_and_owners_turn_the_page_on_and_choose_sections(cast, persona):
    forum = _activity(cast.initiative, "Open family forum")
    client = cast.client(persona)
    assert client.get(_settings_url(cast.initiative)).status_code == 200
    response = client.post(
        _settings_url(cast.initiative),
        {
            "is_published": "on",
            "sections": ["about", "convenings"],
            "about_en": "What we do",
            "activities": [forum.pk],
        },
    )
    assert response.status_code == 302
    page = PublicPage.objects.get(initiative=cast.initiative)
    assert page.is_published
    assert page.published_at is not None
    assert [s for s in SECTIONS if page.shows(s)] == ["about", "convenings"]
    assert list(page.activities.all()) == [forum]
    assert cast.client("anonymous").get(_url(cast.initiative)).status_code == 200


@pytest.mark.parametrize("persona", ["member", "viewer"])
def test_members_and_viewers_cannot_change_it(cast, persona):
    client = cast.client(persona)
    assert client.get(_settings_url(cast.initiative)).status_code == 403
    assert client.post(_settings_url(cast.initiative), {"is_published": "on"}).status_code == 403
    assert not PublicPage.objects.filter(initiative=cast.initiative, is_published=True).exists()


def test_outsiders_get_404_and_anonymous_is_sent_to_log_in(cast):
    assert cast.client("outsider").get(_settings_url(cast.initiative)).status_code == 404
    assert cast.client("outsider").post(_settings_url(cast.initiative)).status_code == 404
    response = cast.client("anonymous").get(_settings_url(cast.initiative))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_initiatives_convening_or_round_is_refused(cast):
    foreign = _activity(cast.other, "Their forum")
    foreign_round = make_round(cast.other, [], name="Their round")
    response = cast.client("owner").post(
        _settings_url(cast.initiative),
        {"is_published": "on", "activities": [foreign.pk], "rounds": [foreign_round.pk]},
    )
    assert response.status_code == 200  # the form again, with a clear message
    assert "Select a valid choice" in response.content.decode()
    assert not PublicPage.objects.filter(initiative=cast.initiative, is_published=True).exists()
    with pytest.raises(ValueError, match="belong to the initiative"):
        _publish(cast, activities=[foreign])


def test_publishing_updating_and_taking_down_are_recorded_for_the_report(cast):
    _publish(cast, sections=["about"])
    _publish(cast, sections=["about"])  # nothing changed: nothing recorded
    _publish(cast, sections=["about", "changing"], texts={"changing_en": "New"})
    _publish(cast, is_published=False, sections=["about", "changing"], texts={"changing_en": "New"})
    _publish(
        cast, is_published=False, sections=["about"], texts={"changing_en": "Newer"}
    )  # off: the public saw nothing
    events = selectors.publication_events(cast.initiative)
    assert [(e.kind, e.changes) for e in events] == [
        ("published", ("about",)),
        ("updated", ("changing",)),
        ("unpublished", ()),
    ]
    assert events[0].date == timezone.localdate()
    assert "published" in events[0].what.lower()
    page = PublicPage.objects.get()
    first = page.published_at
    _publish(cast)
    assert PublicPage.objects.get().published_at == first  # first publication is kept


def test_publication_events_between_dates(cast):
    _publish(cast)
    PublicationEvent.objects.update(occurred_at=timezone.now() - dt.timedelta(days=40))
    _publish(cast, sections=["about"])
    today = timezone.localdate()
    assert len(selectors.publication_events(cast.initiative)) == 2
    recent = selectors.publication_events(cast.initiative, since=today - dt.timedelta(days=7))
    assert [e.kind for e in recent] == ["updated"]
    older = selectors.publication_events(cast.initiative, until=today - dt.timedelta(days=7))
    assert [e.kind for e in older] == ["published"]
    assert selectors.publication_events(cast.other) == []


def test_the_settings_page_is_two_clicks_from_the_menu(cast):
    html = cast.client("convener").get(reverse("initiatives:settings", args=[cast.initiative.slug]))
    assert _settings_url(cast.initiative) in html.content.decode()
    menu = cast.client("convener").get(reverse("initiatives:home", args=[cast.initiative.slug]))
    assert _settings_url(cast.initiative) in menu.content.decode()
    member_menu = cast.client("member").get(
        reverse("initiatives:home", args=[cast.initiative.slug])
    )
    assert _settings_url(cast.initiative) not in member_menu.content.decode()


def test_a_decisions_outcome_statement_is_shown_in_spanish_when_written(cast):
    for title, translations in (
        ("Evening sessions", {"es": {"statement": "Las familias trabajan de día."}}),
        ("Weekend sessions", {}),
    ):
        proposal = Proposal.objects.create(initiative=cast.initiative, title=title)
        Decision.objects.create(
            initiative=cast.initiative, proposal=proposal, title=title, revision=1,
            outcome=Outcome.ADOPTED, statement=f"Parents asked ({title}).",
            translations=translations, decided_on=dt.date(2026, 5, 1),
            decided_by="the core team", participants=12, threshold=5,
        )  # fmt: skip
    _publish(cast)
    spanish = cast.client("anonymous").get(_url(cast.initiative) + "?lang=es").text
    assert "<p>Las familias trabajan de día.</p>" in spanish
    assert "Parents asked (Evening sessions)." not in spanish
    # Nothing written in Spanish: the English, marked as English for screen readers.
    assert '<p lang="en">Parents asked (Weekend sessions).</p>' in spanish
    # So is a title the team wrote only in English.
    assert '<h3 lang="en">Weekend sessions</h3>' in spanish
    english = cast.client("anonymous").get(_url(cast.initiative) + "?lang=en").text
    assert "<p>Parents asked (Evening sessions).</p>" in english
    assert "Las familias trabajan de día." not in english
