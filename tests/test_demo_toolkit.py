"""The demo worksheets: Four Simple Questions, Engaging Everybody and Learn the Language."""

from convener.demo.data import load_demo
from convener.demo.stakeholders import load_stakeholders
from convener.demo.toolkit import load_worksheets
from convener.stakeholders.models import Stakeholder
from convener.toolkit import services
from convener.toolkit.models import GlossaryTerm, InitiativeStatement, RelatedWork, Worksheet


def test_the_demo_worksheets_are_filled_once_and_feed_glossary_and_related_work(db):
    initiative = load_demo().initiative
    load_stakeholders(initiative)
    registry_size = Stakeholder.objects.filter(initiative=initiative).count()
    load_worksheets(initiative)
    load_worksheets(initiative)  # idempotent: a second load adds nothing
    sheets = Worksheet.objects.filter(initiative=initiative)
    assert sorted(sheets.values_list("tool_key", flat=True)) == [
        "engaging_everybody",
        "four_simple_questions",
        "learn_the_language",
    ]
    assert all(sheet.completion > 0 for sheet in sheets)
    fsq = sheets.get(tool_key="four_simple_questions")
    people = services.worksheet_values(fsq)["who_cares"]["people"]
    # Names typed in the demo are linked to the demo registry's entries.
    assert all(row["who"]["stakeholder_id"] for row in people)
    assert GlossaryTerm.objects.filter(initiative=initiative).count() == 4
    assert RelatedWork.objects.filter(initiative=initiative).count() == 4
    assert InitiativeStatement.objects.filter(initiative=initiative).count() == 2
    # Every group the worksheets name is already in the demo registry: nobody is added.
    assert Stakeholder.objects.filter(initiative=initiative).count() == registry_size
