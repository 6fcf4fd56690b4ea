"""The demo initiative's worksheets: Four Simple Questions, Engaging Everybody and Learn the
Language, filled in as the demo team would, about continuing teletherapy after the stay-at-home
period. Idempotent: a worksheet already there (by tool and title) is left as it is.

Only the feeds that add to the demo without changing what other demo data counts are run:
related work, two-way plans and invitations, the glossary and the alignment statement.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from convener.initiatives.models import Initiative
from convener.toolkit import services
from convener.toolkit.models import Worksheet


def _link(name: str) -> dict[str, Any]:
    return {"stakeholder_id": None, "name": name}


FOUR_SIMPLE_QUESTIONS: dict[str, dict[str, Any]] = {
    "who_cares": {
        "people": [
            {
                "who": _link("Families Together Coalition"),
                "role": "Statewide family advocacy network",
                "why": (
                    "Parents want to keep the therapist their child trusts, but worry about "
                    "privacy at home and about families without good internet."
                ),
                "concern": ["affected", "can_affect"],
                "side": "external",
                "circle": "key",
            },
            {
                "who": _link("Riverside County Behavioral Health"),
                "role": "County provider of children's services",
                "why": "Its clinicians moved to video overnight and need shared rules for it.",
                "concern": ["interest", "can_affect"],
                "side": "internal",
                "circle": "key",
            },
            {
                "who": _link("Riverside Unified School District"),
                "role": "School counsellors and nurses",
                "why": "Students seen at school lost their sessions when buildings closed.",
                "concern": ["affected"],
                "side": "internal",
            },
            {
                "who": _link("Centro Familiar Latino"),
                "role": "Community centre serving Spanish-speaking families",
                "why": "Families need sessions and consent forms in Spanish.",
                "concern": ["affected", "interest"],
                "side": "external",
            },
        ]
    },
    "work_underway": {
        "work": [
            {
                "group": _link("State Medicaid Office"),
                "initiative": "Telehealth billing guidance for behavioral health",
                "scale": "state",
            },
            {
                "group": _link("Riverside Unified School District"),
                "initiative": "Loaner tablets and hotspots for students",
                "scale": "local",
            },
        ]
    },
    "shared_work": {
        "activities": [
            {
                "title": "Joint tip sheet on privacy during video sessions",
                "kind": "product",
                "groups": "Families Together Coalition, Riverside County Behavioral Health",
            },
            {"title": "Joint listening session with families", "kind": "joint_meeting"},
        ]
    },
    "deepen_connections": {
        "plans": [
            {
                "group": _link("Families Together Coalition"),
                "we_support": "Share what we learn from providers in plain language.",
                "they_support": "Test the tip sheet with parents before it goes out.",
            },
            {
                "group": _link("Youth Voices United"),
                "we_support": "Offer a slot at the regional workgroup.",
                "they_support": "Tell us what makes video sessions work for teenagers.",
            },
        ],
        "invitations": [
            {
                "group": _link("Youth Voices United"),
                "date": "2026-02-03",
                "channel": "e-mail",
                "response": "no_reply",
            },
            {
                "group": _link("Families Together Coalition"),
                "date": "2026-02-03",
                "channel": "phone call",
                "response": "accepted",
            },
        ],
    },
    "insights": {
        "notes": (
            "Every group cares about privacy, but each means something different by it: "
            "families mean who can overhear, providers mean which platform is allowed."
        )
    },
}

ENGAGING_EVERYBODY: dict[str, dict[str, Any]] = {
    "placements": {
        "people": [
            {
                "who": _link("Teletherapy Project Team"),
                "circle": "core",
                "might_do": "Organize the meetings and keep the plan moving.",
                "frequency": "ongoing",
            },
            {
                "who": _link("Families Together Coalition"),
                "circle": "key",
                "might_do": "Invite parents and speak for why the issue matters.",
                "frequency": "ongoing",
            },
            {
                "who": _link("Riverside Unified School District"),
                "circle": "extended",
                "might_do": "Tell us what counsellors see with students every week.",
                "channel": "Monthly counsellors' meeting",
                "frequency": "episodic",
            },
            {
                "who": _link("Northside Community Center"),
                "circle": "dissemination",
                "might_do": "Share the tip sheet on its notice board and newsletter.",
                "channel": "Newsletter",
                "frequency": "episodic",
            },
        ]
    },
    "breakthrough": {
        "plan": (
            "Ask each key participant to bring one practitioner group into the third circle, "
            "and give community centres something ready to share."
        )
    },
}

LEARN_THE_LANGUAGE: dict[str, dict[str, Any]] = {
    "major_initiative": {
        "name": "Continuing teletherapy for children's mental health",
        "goal": "Keep children in therapy, in person or by video, whatever happens.",
        "funded_by": "State Department of Behavioral Health",
        "promoted_by": "Teletherapy Project Team",
    },
    "connected": {
        "initiatives": [
            {
                "name": "School-based mental health expansion",
                "group": _link("State Department of Education"),
                "goal": "A counsellor or therapist reachable from every school.",
                "funded_by": "State Department of Education",
            },
            {
                "name": "Broadband for rural families",
                "group": _link("Lakeview County Human Services"),
                "goal": "Affordable internet at home for families in rural areas.",
            },
        ]
    },
    "alignment": {
        "key_points": (
            "Video sessions are a choice, not a replacement. Families decide where their "
            "child is seen. Privacy has a plan."
        ),
        "alignment": (
            "Schools, counties and families all want children to keep seeing the same person, "
            "in person or by telehealth; the school programme and the broadband work remove the "
            "two biggest barriers."
        ),
    },
    "glossary": {
        "terms": [
            {
                "term": {"term": "telehealth", "meaning": "Care given by video or phone."},
                "used_by": "State agencies, Medicaid",
            },
            {
                "term": {"term": "tele-mental health", "meaning": "Therapy sessions by video."},
                "used_by": "County providers",
            },
            {
                "term": {"term": "IEP", "meaning": "A child's individual education plan."},
                "used_by": "Schools, families",
            },
            {
                "term": {"term": "session from home", "meaning": "What families call it."},
                "used_by": "Families",
            },
        ]
    },
}

# (tool, title, answers, sections whose feeds are run)
WORKSHEETS: tuple[tuple[str, str, dict[str, dict[str, Any]], tuple[str, ...]], ...] = (
    (
        "four_simple_questions",
        "Four simple questions: teletherapy kick-off",
        FOUR_SIMPLE_QUESTIONS,
        ("work_underway", "deepen_connections"),
    ),
    ("engaging_everybody", "Who sits in which circle", ENGAGING_EVERYBODY, ()),
    (
        "learn_the_language",
        "How partners talk about teletherapy",
        LEARN_THE_LANGUAGE,
        ("connected", "alignment", "glossary"),
    ),
)


@transaction.atomic
def load_worksheets(initiative: Initiative) -> None:
    """Fill the demo worksheets for ``initiative`` (once) and run their safe feeds."""
    actor = initiative.created_by
    for tool, title, answers, fed in WORKSHEETS:
        if Worksheet.objects.filter(initiative=initiative, tool_key=tool, title=title).exists():
            continue
        sheet = services.create_worksheet(
            initiative=initiative, tool_key=tool, actor=actor, title=title
        )
        for section, fields in answers.items():
            for field, value in fields.items():
                services.set_value(
                    worksheet=sheet,
                    section=section,
                    field=field,
                    value=value,
                    actor=actor,
                    base_version=None,
                )
        for section in fed:
            services.run_feed(worksheet=sheet, section_key=section, actor=actor)
