"""Every tool's worksheet loads through the pack loader, and every feed it names is registered."""

from __future__ import annotations

import pytest

from convener.framework.packs.loader import BUILTIN_PACK_DIR, load_pack
from convener.toolkit.feeds_registry import feed_keys
from convener.toolkit.jargon import highlight_jargon, jargon_terms


def test_all_sixteen_tools_have_a_worksheet_in_the_builtin_pack():
    pack = load_pack(BUILTIN_PACK_DIR)
    assert {w.tool for w in pack.worksheets} == set(pack.tool_keys)
    assert len(pack.worksheets) == 16


def test_every_worksheet_feeds_something_through_a_registered_feed():
    pack = load_pack(BUILTIN_PACK_DIR)
    registered = set(feed_keys())
    for worksheet in pack.worksheets:
        feeds = [s.feed for s in worksheet.sections if s.feed]
        assert feeds, f"{worksheet.tool} feeds nothing"
        assert set(feeds) <= registered, f"{worksheet.tool}: {set(feeds) - registered}"
        assert worksheet.feeds_summary is not None


def test_every_worksheet_text_is_in_english_and_spanish():
    pack = load_pack(BUILTIN_PACK_DIR)
    for worksheet in pack.worksheets:
        texts = [worksheet.feeds_summary]
        for section in worksheet.sections:
            texts += [section.title, section.prompt, section.help]
            for field in section.fields:
                for fd in (field, *field.columns):
                    texts += [fd.label, fd.help, *(c.label for c in fd.choices)]
        for text in filter(None, texts):
            assert text.get_text("en"), f"{worksheet.tool}: {text}"
            assert text["es"], f"{worksheet.tool}: {text}"


def test_highlight_jargon_marks_whole_terms_ignoring_case_and_keeps_the_text():
    text = "The SSIP and the ssip-team; not gossip. Family engagement plans matter."
    terms = {"SSIP": "State plan", "family engagement": "Working with families"}
    segments = highlight_jargon(text, terms)
    assert "".join(s.text for s in segments) == text
    marked = [(s.text, s.meaning) for s in segments if s.is_jargon]
    assert marked == [
        ("SSIP", "State plan"),
        ("ssip", "State plan"),
        ("Family engagement", "Working with families"),
    ]
    assert jargon_terms(text, terms) == ["SSIP", "Family engagement"]
    assert highlight_jargon("", terms) == []
    assert [s.text for s in highlight_jargon("plain", {})] == ["plain"]


def test_longer_terms_win_over_shorter_ones():
    segments = highlight_jargon("an IEP team met", ["IEP", "IEP team"])
    assert [s.text for s in segments if s.is_jargon] == ["IEP team"]


@pytest.mark.django_db
def test_every_tool_opens_and_prints(cast):
    from django.urls import reverse

    from convener.framework.services import active_pack
    from convener.toolkit import services

    client = cast.client("member")
    for tool in active_pack().tool_keys:
        sheet = services.create_worksheet(initiative=cast.initiative, tool_key=tool, actor=None)
        kwargs = {"slug": cast.initiative.slug, "worksheet_id": sheet.pk}
        page = client.get(reverse("toolkit:worksheet", kwargs=kwargs))
        assert page.status_code == 200, tool
        assert client.get(reverse("toolkit:print", kwargs=kwargs)).status_code == 200, tool
