"""The public page's settings: what it offers as public convenings, and how it names them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from convener.activities.models import Activity
from convener.live import services as live
from convener.live.models import LiveSession
from convener.public import selectors, services
from convener.public.models import SECTIONS

pytestmark = pytest.mark.django_db


def _settings_url(initiative):
    return reverse("public:settings", args=[initiative.slug])


def _forum(initiative, days=12):
    return Activity.objects.create(
        initiative=initiative,
        title="Regional family forum",
        kind="family_event",
        starts_on=timezone.localdate() + dt.timedelta(days=days),
    )


def _running_training(initiative):
    """A live training session gone live today: starting it creates its activity."""
    session = LiveSession.objects.create(
        initiative=initiative, title="Training day: Who/How/Why", join_code="TRAIN2"
    )
    live.start_session(session=session, actor=None)
    session.refresh_from_db()
    assert session.activity is not None
    assert session.activity.starts_on == timezone.localdate()
    return session.activity


def test_a_live_training_sessions_activity_is_not_offered_as_a_public_convening(cast):
    forum = _forum(cast.initiative)
    training = _running_training(cast.initiative)
    today = timezone.localdate()
    assert selectors.offered_activities(cast.initiative, today) == [forum]
    page = cast.client("convener").get(_settings_url(cast.initiative))
    assert "Regional family forum" in page.text
    assert "Training day" not in page.text
    # Nor can it be published by posting its id.
    refused = cast.client("convener").post(
        _settings_url(cast.initiative), {"is_published": "on", "activities": [training.pk]}
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.text


def test_a_training_activity_chosen_earlier_does_not_reach_the_public_page(cast):
    training = _running_training(cast.initiative)
    page = services.page_for(cast.initiative)
    page.is_published = True
    page.show_convenings = True
    page.save()
    page.activities.add(training)  # chosen before it was left out of the offer
    html = cast.client("anonymous").get(reverse("public:page", args=[cast.initiative.slug]))
    assert "Training day" not in html.text
    assert "No public convenings are planned right now." in html.text


MONTHS_ES = [
    *("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"),
    *("septiembre", "octubre", "noviembre", "diciembre"),
]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_convenings_are_offered_with_their_date_in_words(cast, language):
    day = _forum(cast.initiative, days=11).starts_on
    page = cast.client("convener").get(
        _settings_url(cast.initiative), HTTP_ACCEPT_LANGUAGE=language
    )
    with translation.override(language):
        in_words = date_format(day, "DATE_FORMAT")
    assert f"Regional family forum · {in_words}" in page.text
    assert day.isoformat() not in page.text
    if language == "es":
        assert f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}" == in_words
    else:
        assert in_words.startswith(
            MONTHS_EN[day.month - 1]
        )  # "Dec. 17, 2026", as every other page shows it


def test_every_checkbox_is_followed_by_its_label_in_a_choice_row(cast):
    _forum(cast.initiative)
    html = cast.client("convener").get(_settings_url(cast.initiative)).text
    rows = html.count('<div class="choice">')
    assert rows == len(SECTIONS) + 1  # the sections and the one convening
    assert html.count('type="checkbox"') == rows + 1  # and "Publish the public page"
