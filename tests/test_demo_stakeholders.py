"""The demo registry: about 150 stakeholders with gaps the participation dashboard can find."""

from convener.demo.data import load_demo
from convener.demo.stakeholders import load_stakeholders
from convener.stakeholders.models import CircleMove, Kind, Stakeholder
from convener.stakeholders.services.participation import participation_report


def test_the_demo_registry_loads_once_with_realistic_gaps(db):
    initiative = load_demo().initiative
    load_stakeholders(initiative)
    count = Stakeholder.objects.filter(initiative=initiative).count()
    load_stakeholders(initiative)  # idempotent: a second load adds nothing
    assert Stakeholder.objects.filter(initiative=initiative).count() == count
    assert 140 <= count <= 160
    assert Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION).count() >= 15
    assert Stakeholder.objects.filter(initiative=initiative, preferred_language="es").exists()
    assert CircleMove.objects.filter(stakeholder__initiative=initiative).count() >= 3
    assert set(initiative.tags.values_list("name", flat=True)) >= {
        "regional workgroup",
        "parent network",
        "telehealth vendors",
    }
    assert sum(p.target_percent or 0 for p in initiative.perspectives.all()) == 100

    report = participation_report(initiative=initiative)
    codes = [f.code for f in report.findings]
    assert codes[0] == "under"  # families and youth first
    assert "agency_dominant" in codes
    assert "few_beyond_second_circle" in codes
    assert "shallow_organization" in codes
    assert sum(1 for p in Stakeholder.objects.filter(initiative=initiative, stance="critic")) == 1
