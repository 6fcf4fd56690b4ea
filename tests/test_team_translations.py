"""The team writes the Spanish of its own content in the same edit forms; participant pages
in Spanish show it, and show the English (marked ``lang="en"``) only when none was written."""

from __future__ import annotations

from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from convener.consensus.services import links
from convener.consensus.tests.helpers import proposal, stakeholder
from convener.core.translated import add_spanish_fields, is_fallback, set_spanish, shown
from convener.live import services as live
from convener.live.forms import JoinForm


class _Thing:
    title = "Shared ground rules"
    translations: dict = {}


def test_shown_falls_back_to_the_english_only_when_no_spanish_was_written():
    thing = _Thing()
    assert shown(thing, "title", "es") == "Shared ground rules"
    assert is_fallback(thing, "title", "es")
    assert set_spanish(thing, {"title": "Reglas comunes"})
    assert shown(thing, "title", "es") == "Reglas comunes"
    assert shown(thing, "title", "en") == "Shared ground rules"
    assert not is_fallback(thing, "title", "es")
    assert set_spanish(thing, {"title": ""})
    assert thing.translations == {}


def test_the_spanish_field_follows_its_english_one_with_the_stored_text():
    class TitleForm(forms.Form):
        title = forms.CharField(max_length=20)
        other = forms.CharField()

    thing = _Thing()
    thing.translations = {"es": {"title": "Reglas"}}
    form = TitleForm()
    add_spanish_fields(form, {"title": "Title in Spanish"}, thing)
    assert list(form.fields) == ["title", "title_es", "other"]
    assert form.fields["title_es"].initial == "Reglas"
    assert not form.fields["title_es"].required


def test_a_perspective_named_in_spanish_reaches_the_live_sign_in(cast, owner_client):
    perspective = cast.initiative.perspectives.get(key="family_youth")
    url = reverse("initiatives:perspective_edit", args=[cast.initiative.slug, perspective.pk])
    assert 'name="label_es"' in owner_client.get(url).content.decode()
    owner_client.post(
        url, {"label": perspective.label, "label_es": "Familias y jóvenes", "is_family_youth": "on"}
    )
    perspective.refresh_from_db()
    assert perspective.translations == {"es": {"label": "Familias y jóvenes"}}
    with translation.override("es"):
        html = str(JoinForm(initiative=cast.initiative)["perspective"])
    assert '<option value="family_youth">Familias y jóvenes</option>' in html
    assert 'lang="en"' in html  # the perspectives still without Spanish are marked English
    with translation.override("en"):
        assert ">Family/Youth<" in str(JoinForm(initiative=cast.initiative)["perspective"])


def test_a_proposal_revised_with_its_spanish_is_read_in_spanish(cast, owner_client):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana", preferred_language="es")
    secret = links.issue_link(proposal=made, stakeholder=ana, actor=None)
    phone = Client()
    phone.get(reverse("positions:link", kwargs={"token": secret}))
    before = phone.get(reverse("positions:position")).content.decode()
    assert f'<h2 lang="en">{made.title}</h2>' in before  # no Spanish yet: marked English
    owner_client.post(
        reverse("consensus:proposal_revise", args=[cast.initiative.slug, made.pk]),
        {
            "title": made.title,
            "title_es": "Centrar el primer año en la confidencialidad",
            "text": "Year one: confidentiality and language access.",
            "text_es": "Primer año: confidencialidad y acceso lingüístico.",
            "change_note": "",
        },
    )
    phone.get(reverse("positions:link", kwargs={"token": secret}))
    page = phone.get(reverse("positions:position")).content.decode()
    assert "<h2>Centrar el primer año en la confidencialidad</h2>" in page
    assert "Primer año: confidencialidad y acceso lingüístico." in page
    english = phone.get(reverse("positions:position") + "?lang=en").content.decode()
    assert "Year one: confidentiality and language access." in english


def test_a_session_titled_in_spanish_heads_the_spanish_phone(cast, owner_client):
    session = live.create_session(initiative=cast.initiative, actor=None, title="Check-in")
    owner_client.post(
        reverse("live:session_edit", args=[cast.initiative.slug, session.pk]),
        {"title": "Check-in", "title_es": "Puesta en común", "suppression_threshold": 3},
    )
    session.refresh_from_db()
    assert session.translations == {"es": {"title": "Puesta en común"}}
    live.start_session(session=session, actor=None)
    phone = Client()
    phone.post(
        reverse("join:session", args=[session.join_code]),
        {"display_name": "Lucía Pérez", "language": "es"},
    )
    page = phone.get(reverse("join:session", args=[session.join_code])).content.decode()
    assert "Puesta en común" in page
    assert "Check-in" not in page
    assert "Sesión de Lucía Pérez" in page


def test_a_spanish_speaker_is_mailed_the_spanish_titles(cast, mailoutbox):
    initiative = cast.initiative
    set_spanish(initiative, {"title": "Teleterapia infantil"})
    initiative.save(update_fields=["translations"])
    made = proposal(initiative)
    set_spanish(made, {"title": "Reglas comunes"})
    made.save(update_fields=["translations"])
    dora = stakeholder(initiative, "Dora", preferred_language="es", email="dora@example.org")
    links._mail(made, dora, "https://example.org/p/x/")
    message = mailoutbox[-1]
    assert "Teleterapia infantil" in message.subject
    assert "Reglas comunes" in message.body
    assert made.title not in message.body


def test_what_changed_in_a_revision_is_read_in_spanish(cast, owner_client):
    made = proposal(cast.initiative)
    ana = stakeholder(cast.initiative, "Ana", preferred_language="es")
    secret = links.issue_link(proposal=made, stakeholder=ana, actor=None)
    url = reverse("consensus:proposal_revise", args=[cast.initiative.slug, made.pk])
    assert 'name="change_note_es"' in owner_client.get(url).content.decode()
    owner_client.post(
        url,
        {
            "title": made.title,
            "text": "Year one: confidentiality.",
            "change_note": "Families asked for shorter text.",
            "change_note_es": "Las familias pidieron un texto más corto.",
        },
    )
    phone = Client()
    phone.get(reverse("positions:link", kwargs={"token": secret}))
    page = phone.get(reverse("positions:position")).content.decode()
    assert "Las familias pidieron un texto más corto." in page
    assert "Families asked for shorter text." not in page
    english = phone.get(reverse("positions:position") + "?lang=en").content.decode()
    assert "Families asked for shorter text." in english
