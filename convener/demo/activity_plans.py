"""The demo initiative's first year, as data: each activity planned, and who came to it.

``convener.demo.activities`` loads it. Fixed dates keep the data the same on every load.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

FORMAL, INFORMAL = "formal", "informal"
FROM, WITH = "from", "with"
ONE, TWO = "one_way", "two_way"


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    kind: str
    day: dt.date
    formality: str
    learning: str
    direction: str
    depth: str
    habit: str
    # How many people came, by perspective key; empty for e-mail and social media.
    came: dict[str, int] = field(default_factory=dict)
    place: str = ""
    link: str = ""
    circles: tuple[str, ...] = ("core", "key")
    next_key: str = ""
    description: str = ""


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


AGENCIES = {"state_agency": 12, "county_agency": 10, "project_staff": 5, "health_provider": 3}
WORKGROUP = {
    "state_agency": 6,
    "county_agency": 10,
    "project_staff": 3,
    "health_provider": 2,
    "school_district": 1,
    "family_youth": 1,
}
FAMILY_SESSION = {
    "family_youth": 5,
    "community_organization": 3,
    "advocacy_organization": 2,
    "project_staff": 2,
}

PLANS: tuple[Plan, ...] = (
    Plan(
        "kickoff",
        "Kickoff webinar: what changed with teletherapy",
        "webinar",
        d(2025, 9, 10),
        FORMAL,
        FROM,
        ONE,
        "informing",
        "coalescing",
        {**AGENCIES, "school_district": 2, "family_youth": 1, "advocacy_organization": 1},
        link="https://example.org/webinars/kickoff",
        circles=("core", "key", "extended"),
        next_key="north1",
    ),
    Plan("email1", "E-mail update: why this initiative", "email_list", d(2025, 9, 17),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("north1", "Regional workgroup: North", "regional_workgroup", d(2025, 9, 30),
         INFORMAL, WITH, TWO, "networking", "work_together", WORKGROUP,
         place="Riverside County Behavioral Health, room 2"),
    Plan("privacy", "Webinar: privacy and platforms", "webinar", d(2025, 10, 8),
         FORMAL, FROM, ONE, "informing", "participation",
         {**AGENCIES, "school_district": 2, "justice": 1, "university": 1},
         link="https://example.org/webinars/privacy", next_key="south1"),
    Plan("social1", "Social-media post: share your teletherapy story", "social_media",
         d(2025, 10, 15), INFORMAL, FROM, ONE, "informing", "participation",
         circles=("dissemination",)),
    Plan("south1", "Regional workgroup: South", "regional_workgroup", d(2025, 10, 28),
         INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 11, "community_organization": 1},
         place="Mesa County Children's Services"),
    Plan("conference", "State behavioral health conference: teletherapy after the order",
         "conference", d(2025, 11, 5), FORMAL, FROM, ONE, "informing", "coalescing",
         {"state_agency": 16, "county_agency": 12, "project_staff": 4, "health_provider": 4,
          "school_district": 2, "university": 2},
         place="State Convention Center, hall B", circles=("key", "extended")),
    Plan("survey", "Online survey of providers", "online_survey", d(2025, 11, 12),
         FORMAL, FROM, ONE, "informing", "participation", circles=("extended",)),
    Plan("email2", "E-mail update: what the workgroups heard", "email_list", d(2025, 11, 20),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("listen1", "Family listening session (English and Spanish)", "family_event",
         d(2025, 12, 3), INFORMAL, WITH, TWO, "networking", "participation", FAMILY_SESSION,
         place="Centro Familiar Latino", circles=("key", "extended")),
    Plan("steering1", "Steering committee", "meeting", d(2025, 12, 10), FORMAL, WITH, TWO,
         "collaborating", "bringing_together",
         {"state_agency": 4, "project_staff": 5, "county_agency": 3,
          "advocacy_organization": 1, "family_youth": 1},
         place="Teletherapy Project office", circles=("core",)),
    Plan("families_webinar", "Webinar: what families told us", "webinar", d(2026, 1, 14),
         FORMAL, FROM, ONE, "informing", "participation",
         {**AGENCIES, "school_district": 2, "family_youth": 1, "community_organization": 1},
         link="https://example.org/webinars/families", next_key="north2"),
    Plan("north2", "Regional workgroup: North, second meeting", "regional_workgroup",
         d(2026, 1, 27), INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 12, "family_youth": 2},
         place="Riverside County Behavioral Health, room 2"),
    Plan("interviews", "Interviews with school counselors", "interview", d(2026, 2, 11),
         INFORMAL, FROM, ONE, "networking", "participation",
         {"school_district": 4, "project_staff": 1}, place="Riverside Unified, by phone"),
    Plan("south2", "Regional workgroup: South, second meeting", "regional_workgroup",
         d(2026, 2, 24), INFORMAL, WITH, TWO, "networking", "work_together",
         {**WORKGROUP, "county_agency": 11, "justice": 1},
         place="Mesa County Children's Services"),
    Plan("cafe", "Family café at Northside Community Center", "family_event", d(2026, 3, 10),
         INFORMAL, WITH, TWO, "networking", "participation",
         {"family_youth": 4, "community_organization": 4, "advocacy_organization": 2,
          "project_staff": 2, "county_agency": 2},
         place="Northside Community Center", circles=("key", "extended")),
    Plan("email3", "E-mail update: guidance in the making", "email_list", d(2026, 3, 18),
         FORMAL, FROM, ONE, "informing", "coalescing",
         circles=("core", "key", "extended", "dissemination")),
    Plan("drafting", "Joint workgroup: drafting the guidance", "regional_workgroup",
         d(2026, 4, 8), INFORMAL, WITH, TWO, "collaborating", "work_together",
         {"state_agency": 8, "county_agency": 12, "project_staff": 4, "health_provider": 3,
          "school_district": 1, "family_youth": 2},
         place="Lakeview County Human Services"),
    Plan("comment_webinar", "Webinar: the draft guidance, open for comment", "webinar",
         d(2026, 4, 22), FORMAL, FROM, ONE, "informing", "work_together",
         {**AGENCIES, "state_agency": 15, "school_district": 3, "family_youth": 2,
          "advocacy_organization": 1},
         link="https://example.org/webinars/draft-guidance", next_key="codesign",
         circles=("core", "key", "extended")),
    Plan("codesign", "Co-design session: guidance for families", "meeting", d(2026, 5, 6),
         INFORMAL, WITH, TWO, "collaborating", "work_together",
         {"family_youth": 4, "advocacy_organization": 2, "community_organization": 2,
          "project_staff": 3, "state_agency": 4, "county_agency": 5, "health_provider": 3,
          "school_district": 1},
         place="Centro Familiar Latino"),
    Plan("steering2", "Steering committee: adopting the guidance", "meeting", d(2026, 6, 3),
         FORMAL, WITH, TWO, "collaborating", "bringing_together",
         {"state_agency": 5, "project_staff": 5, "county_agency": 4,
          "advocacy_organization": 1, "family_youth": 1},
         place="State Department of Behavioral Health", circles=("core",)),
    Plan("social2", "Social-media post: the guidance is published", "social_media",
         d(2026, 7, 15), INFORMAL, FROM, ONE, "informing", "bringing_together",
         circles=("dissemination",)),
    Plan("practice", "Regional workgroups together: putting the guidance into practice",
         "regional_workgroup", d(2026, 8, 19), INFORMAL, WITH, TWO, "collaborating",
         "work_together",
         {"state_agency": 8, "county_agency": 15, "project_staff": 4, "health_provider": 3,
          "school_district": 2, "family_youth": 1},
         place="Riverside County Behavioral Health, main hall"),
    Plan("listen2", "Family listening session: one year on", "family_event", d(2026, 9, 16),
         INFORMAL, WITH, TWO, "collaborating", "participation",
         {**FAMILY_SESSION, "advocacy_organization": 3, "health_provider": 2},
         place="Centro Familiar Latino", circles=("key", "extended")),
    Plan("copresent", "Conference session co-presented with families", "conference",
         d(2026, 10, 7), FORMAL, WITH, TWO, "transforming", "bringing_together",
         {"state_agency": 14, "county_agency": 12, "project_staff": 4, "health_provider": 3,
          "school_district": 3, "family_youth": 3, "advocacy_organization": 1},
         place="State Convention Center, room 4", circles=("key", "extended")),
)  # fmt: skip

MILESTONES: tuple[tuple[dt.date, str, str, str, str, tuple[str, ...]], ...] = (
    (
        d(2025, 10, 28),
        "Regional workgroups meet in the north and the south",
        "County clinics and state staff now meet every two months instead of trading e-mails.",
        "A shared list of the teletherapy questions counties cannot answer alone.",
        "work_together",
        ("county_agency", "state_agency"),
    ),
    (
        d(2025, 12, 3),
        "Families are heard first-hand",
        "Families told the group, in English and Spanish, what teletherapy feels like at home.",
        "Privacy on shared devices and Spanish-language consent became the top two topics.",
        "participation",
        ("family_youth", "community_organization"),
    ),
    (
        d(2026, 6, 3),
        "The steering committee adopts shared teletherapy guidance",
        "Guidance co-designed with families replaces three different county rule sets.",
        "One plain-language guide for providers and families, with a privacy checklist.",
        "work_together",
        ("state_agency", "county_agency", "family_youth"),
    ),
    (
        d(2026, 10, 7),
        "Families co-present at the state conference",
        "A parent who came to the first listening session co-led the session with the state.",
        "Family partners now sit on the steering committee and plan next year's sessions.",
        "bringing_together",
        ("family_youth", "state_agency"),
    ),
)

# (from, to, how the issue looks from there, key ideas); "p:key" perspective, "o:name" org.
RELATIONSHIPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "p:family_youth",
        "p:health_provider",
        "Sessions happen on a shared phone in a crowded home; children do not feel private.",
        "Privacy at home; consent forms in Spanish; a phone fallback when video fails.",
    ),
    (
        "p:health_provider",
        "p:family_youth",
        "Some children open up more on screen, but therapists lose body language.",
        "Short check-ins with parents; agree on a quiet place before the session.",
    ),
    (
        "p:state_agency",
        "p:county_agency",
        "Which temporary billing and platform rules continue once the order ends?",
        "One list of approved platforms; clear dates for each rule.",
    ),
    (
        "p:county_agency",
        "p:state_agency",
        "Clinics cannot plan staffing until the rules are settled.",
        "Guidance before the budget cycle; a named state contact for counties.",
    ),
    (
        "p:school_district",
        "p:health_provider",
        "Students need a private room at school to join a session.",
        "School-based telehealth rooms; shared scheduling with providers.",
    ),
    (
        "o:Families Together Coalition",
        "o:Teletherapy Project Team",
        "Families are asked late and unpaid; the same few parents are asked every time.",
        "Invite families early; pay for their time; reach beyond the parent network.",
    ),
    (
        "p:project_staff",
        "p:justice",
        "Youth on probation miss sessions when they have no private device.",
        "Loaner devices; probation officers as a link to families.",
    ),
    (
        "o:Centro Familiar Latino",
        "o:State Department of Behavioral Health",
        "Spanish-speaking families hear about changes last.",
        "Materials in Spanish from the start; community health workers as messengers.",
    ),
)


# Two families climb the ladder: (family index, activity key, step). The others stay at
# "attended", as most participants do in a first year.
FAMILY_STEPS: tuple[tuple[int, str, str], ...] = (
    (0, "listen1", "shared"),
    (0, "listen1", "contributed"),
    (0, "north2", "interacted"),
    (0, "codesign", "led"),
    (0, "steering2", "leadership_role"),
    (0, "copresent", "led"),
    (1, "listen1", "asked"),
    (1, "cafe", "contributed"),
    (1, "codesign", "contributed"),
    (1, "listen2", "stayed_connected"),
)
