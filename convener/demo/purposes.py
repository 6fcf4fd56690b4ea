"""The demo's purpose tags: what its activities, rounds and proposals served (SPP/APR).

Tagged after the records are loaded, by title, so that the loaders stay as they are; running
the demo again sets the same tags.
"""

from __future__ import annotations

from convener.activities.models import Activity
from convener.consensus.models import Proposal
from convener.initiatives.models import Initiative
from convener.initiatives.purposes import Purpose, save_tags
from convener.measuring.models import Round

SSIP = "SPP/APR Indicator 17 (SSIP)"
FAMILY_INVOLVEMENT = "SPP/APR Indicator 8 (parent involvement)"
TELETHERAPY_PLAN = "State teletherapy guidance for children"
PLANS = (SSIP, FAMILY_INVOLVEMENT, TELETHERAPY_PLAN)

T, D, S, E = (
    Purpose.TARGET_SETTING,
    Purpose.DATA_ANALYSIS,
    Purpose.IMPROVEMENT_STRATEGIES,
    Purpose.EVALUATING_PROGRESS,
)
ACTIVITIES: dict[str, tuple[tuple[str, ...], str]] = {
    "Regional workgroup: North": ((D,), SSIP),
    "Regional workgroup: South": ((D,), SSIP),
    "Online survey of providers": ((D,), SSIP),
    "Family listening session (English and Spanish)": ((D, T), FAMILY_INVOLVEMENT),
    "Steering committee": ((T,), SSIP),
    "Webinar: what families told us": ((D,), FAMILY_INVOLVEMENT),
    "Regional workgroup: North, second meeting": ((S,), SSIP),
    "Interviews with school counselors": ((D,), TELETHERAPY_PLAN),
    "Regional workgroup: South, second meeting": ((S,), SSIP),
    "Family café at Northside Community Center": ((S,), FAMILY_INVOLVEMENT),
    "Joint workgroup: drafting the guidance": ((S,), TELETHERAPY_PLAN),
    "Webinar: the draft guidance, open for comment": ((S,), TELETHERAPY_PLAN),
    "Co-design session: guidance for families": ((S,), FAMILY_INVOLVEMENT),
    "Steering committee: adopting the guidance": ((S, T), SSIP),
    "Regional workgroups together: putting the guidance into practice": ((E,), SSIP),
    "Family listening session: one year on": ((E,), FAMILY_INVOLVEMENT),
    "Conference session co-presented with families": ((E,), SSIP),
}
ROUNDS: dict[str, tuple[tuple[str, ...], str]] = {
    "Baseline round (autumn 2025)": ((T, D), SSIP),
    "Six-month round (spring 2026)": ((E,), SSIP),
    "Twelve-month round (autumn 2026)": ((E, D), SSIP),
    "Team self-assessment (autumn 2026)": ((E,), SSIP),
}
PROPOSALS: dict[str, tuple[tuple[str, ...], str]] = {
    "Focus year one on confidentiality and language access in teletherapy": ((T, S), SSIP),
    "Shared ground rules for teletherapy sessions with children": ((S,), TELETHERAPY_PLAN),
}


def load_purposes(initiative: Initiative) -> None:
    """Tag the demo's activities, rounds and proposals, and keep its list of plans."""
    if not initiative.plans:
        initiative.plans = "\n".join(PLANS)
        initiative.save(update_fields=["plans"])
    for model, tags in ((Activity, ACTIVITIES), (Round, ROUNDS), (Proposal, PROPOSALS)):
        for record in model.objects.filter(initiative=initiative, **{_title(model) + "__in": tags}):
            purposes, concerns = tags[getattr(record, _title(model))]
            save_tags(record, purposes=purposes, concerns=concerns)


def _title(model: type) -> str:
    return "name" if model is Round else "title"
