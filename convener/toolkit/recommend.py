"""What next: read an initiative's data, find its gaps and point to the tool that addresses each.

``recommend(facts)`` is pure: it takes plain facts and returns advice, most urgent first.
``gather_facts(initiative)`` collects those facts in a handful of queries, and
``recommendations_for(initiative)`` adds the tool names and the links that start each tool.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from convener.activities.models import Activity, Relationship
from convener.framework.services import active_pack
from convener.initiatives.models import Initiative
from convener.measuring.aggregation import clamp_threshold
from convener.measuring.models import NOT_SURE, Answer, Round
from convener.measuring.selectors import initiative_rounds, round_counts
from convener.stakeholders.models import Stakeholder
from convener.toolkit.models import (
    GlossaryTerm,
    InitiativeStatement,
    InvitationLogEntry,
    InvitationResponse,
    RelatedWork,
    StatementKind,
    Worksheet,
)

STUCK_SHARE = 0.5  # a row is stuck when at least half its answers say Informing
ONE_WAY_SHARE = 0.6  # the activity mix is one-way-heavy from this share on
MIN_ACTIVITIES = 3  # fewer activities say too little about the mix
MIN_PLACED = 3  # fewer people in circles say too little about the circles
NAMES_SHOWN = 3


@dataclass(frozen=True)
class PerspectiveFacts:
    label: str
    people: int
    target_percent: int | None = None
    is_family_youth: bool = False


@dataclass(frozen=True)
class Facts:
    """What the what-next rules read about one initiative; all plain values."""

    stakeholders: int = 0
    circles: dict[str, int] = field(default_factory=dict)  # circle value ("" unplaced) → count
    perspectives: tuple[PerspectiveFacts, ...] = ()
    latest_round: str = ""  # name of the latest round with answers ("" when none)
    informing_rows: tuple[str, ...] = ()  # titles of that round's rows stuck at Informing
    rounds: int = 0
    answered_perspectives: frozenset[str] = frozenset()  # labels with answers in any round
    activities: int = 0
    one_way: int = 0
    two_way: int = 0
    learning_from: int = 0
    learning_with: int = 0
    glossary_terms: int = 0
    has_purpose: bool = False
    relationships: int = 0
    related_work: int = 0
    custom_rows: int = 0
    waiting_invitations: tuple[str, ...] = ()  # groups whose last invitation was not accepted
    started_tools: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Advice:
    """One gap and the tool that addresses it. Lower ``priority`` comes first."""

    rule: str
    tool: str
    reason: str
    priority: int


def _names(names: Sequence[str]) -> str:
    """Return "A, B and C" or "A, B, C and 4 more"."""
    shown = list(names[:NAMES_SHOWN])
    rest = len(names) - len(shown)
    if rest > 0:
        return _("%(names)s and %(n)d more") % {"names": ", ".join(shown), "n": rest}
    if len(shown) > 1:
        return _("%(names)s and %(last)s") % {"names": ", ".join(shown[:-1]), "last": shown[-1]}
    return shown[0] if shown else ""


def missing_perspectives(perspectives: Sequence[PerspectiveFacts]) -> list[str]:
    """Return the perspectives the initiative aims for but has nobody from.

    Aimed for means a target share above zero; when no perspective has a target, the families
    and youth perspectives are the ones that must never be missing.
    """
    targeted = [p for p in perspectives if p.target_percent]
    wanted = targeted or [p for p in perspectives if p.is_family_youth]
    return [p.label for p in wanted if p.people == 0]


def never_answered(facts: Facts) -> list[str]:
    """Return the perspectives with people in the registry but no answer in any round."""
    if not facts.answered_perspectives:
        return []
    return [
        p.label
        for p in facts.perspectives
        if p.people > 0 and p.label not in facts.answered_perspectives
    ]


def _one_way_heavy(facts: Facts) -> bool:
    directed = facts.one_way + facts.two_way
    if directed >= MIN_ACTIVITIES:
        return facts.one_way / directed >= ONE_WAY_SHARE
    placed = facts.learning_from + facts.learning_with
    return placed >= MIN_ACTIVITIES and facts.learning_from / placed >= ONE_WAY_SHARE


def recommend(facts: Facts) -> list[Advice]:
    """Return the advice the facts call for, most urgent first (one piece per rule)."""
    advice: list[Advice] = []

    def add(rule: str, tool: str, reason: str, priority: int) -> None:
        advice.append(Advice(rule=rule, tool=tool, reason=reason, priority=priority))

    if facts.stakeholders == 0:
        add(
            "empty_registry",
            "four_simple_questions",
            _(
                "Nobody is in the registry yet. Start by asking who cares about the issue and "
                "why: the answers become registry entries."
            ),
            10,
        )
    missing = missing_perspectives(facts.perspectives)
    if missing:
        add(
            "missing_perspectives",
            "meet_the_stakeholders",
            ngettext(
                "Nobody in the registry speaks for %(names)s yet. Find a group with deep ties "
                "to that perspective and profile it.",
                "Nobody in the registry speaks for %(names)s yet. Find groups with deep ties "
                "to those perspectives and profile them.",
                len(missing),
            )
            % {"names": _names(missing)},
            20,
        )
    placed = sum(n for circle, n in facts.circles.items() if circle)
    beyond = facts.circles.get("extended", 0) + facts.circles.get("dissemination", 0)
    if placed >= MIN_PLACED and beyond == 0:
        add(
            "second_circle",
            "engaging_everybody",
            _(
                "Everyone placed so far is in the first two circles. Efforts that stop at the "
                "leaders stall: plan who could carry the work in the third and fourth circles."
            ),
            30,
        )
    elif facts.stakeholders >= MIN_PLACED and placed * 2 < facts.stakeholders:
        add(
            "unplaced",
            "engaging_everybody",
            _(
                "%(n)d of %(total)d people and groups are in no circle yet. Place them, so that "
                "each one has a clear way to take part."
            )
            % {"n": facts.stakeholders - placed, "total": facts.stakeholders},
            35,
        )
    if facts.informing_rows:
        add(
            "stuck_informing",
            "building_engagement",
            ngettext(
                "In “%(round)s”, most answers placed %(rows)s at Informing. Plan activities "
                "that go one level deeper.",
                "In “%(round)s”, most answers placed %(rows)s at Informing. Plan activities "
                "that go one level deeper.",
                len(facts.informing_rows),
            )
            % {"round": facts.latest_round, "rows": _names(facts.informing_rows)},
            40,
        )
    quiet = never_answered(facts)
    if quiet:
        add(
            "never_answered",
            "whats_in_it_for_me",
            _(
                "%(names)s never answered a survey round. Ask what would make taking part "
                "worth their while."
            )
            % {"names": _names(quiet)},
            45,
        )
    if facts.waiting_invitations:
        add(
            "keep_inviting",
            "give_value_first",
            _(
                "%(names)s did not accept the last invitation. A group that matters does not "
                "matter less for saying no: offer something of value first, then invite again."
            )
            % {"names": _names(facts.waiting_invitations)},
            50,
        )
    if facts.activities == 0:
        add(
            "no_activities",
            "building_engagement",
            _("No activities are logged or planned yet. Brainstorm learning activities."),
            55,
        )
    elif _one_way_heavy(facts):
        add(
            "one_way_heavy",
            "one_way_two_way_learning",
            _(
                "Most activities only send information out. Place them on the quadrants and "
                "find ways for information to come back."
            ),
            60,
        )
    if facts.rounds == 0 and facts.stakeholders > 0:
        add(
            "never_measured",
            "measuring_progress",
            _(
                "Engagement has not been measured yet. A first rubric round gives the baseline "
                "that later rounds are compared with."
            ),
            65,
        )
    if facts.glossary_terms == 0 and facts.stakeholders > 0:
        add(
            "empty_glossary",
            "learn_the_language",
            _(
                "The shared glossary is empty. Learn the words partners use for the shared "
                "work before writing for them."
            ),
            70,
        )
    elif facts.glossary_terms and not facts.has_purpose:
        add(
            "no_purpose",
            "defining_our_core",
            _(
                "There is no plain statement of purpose yet. Write one, and check it against "
                "the glossary's jargon."
            ),
            75,
        )
    if facts.relationships == 0 and facts.stakeholders >= MIN_PLACED:
        add(
            "no_web",
            "web_of_connections",
            _(
                "No connections between groups are recorded. Map how the issue looks from "
                "each related role."
            ),
            80,
        )
    if facts.related_work == 0 and facts.stakeholders > 0:
        add(
            "no_related_work",
            "four_simple_questions",
            _(
                "No work of other groups is listed. Recognizing what is already under way "
                "avoids starting over."
            ),
            85,
        )
    if facts.rounds > 0 and facts.custom_rows == 0 and facts.informing_rows:
        add(
            "no_custom_rows",
            "problems_come_bundled",
            _(
                "The rubric has only the framework's rows. Sort the problem's technical and "
                "human sides and add your own operational decisions."
            ),
            90,
        )
    return sorted(advice, key=lambda a: (a.priority, a.rule))


# --- Gathering the facts ---------------------------------------------------------------------


def _row_title(row: dict[str, object], language: str) -> str:
    title = row.get("title")
    if isinstance(title, dict):
        return str(title.get(language) or title.get("en") or row.get("key", ""))
    return str(title or row.get("key", ""))


def stuck_rows(
    rows: Sequence[dict[str, object]],
    counts: dict[tuple[str, str], int],
    language: str,
    minimum: int = 1,
) -> list[str]:
    """Return the titles of the rows at least half of whose valid answers say Informing.

    Rows with fewer than ``minimum`` valid answers (the round's threshold) are never named:
    naming them would tell what those few people answered.
    """
    stuck = []
    for row in rows:
        key = str(row.get("key", ""))
        valid = {lvl: n for (k, lvl), n in counts.items() if k == key and lvl != NOT_SURE}
        total = sum(valid.values())
        if total and total >= minimum and valid.get("informing", 0) / total >= STUCK_SHARE:
            stuck.append(_row_title(row, language))
    return stuck


def _latest_answered(initiative: Initiative) -> tuple[Round | None, dict[tuple[str, str], int]]:
    for rnd in reversed(initiative_rounds(initiative)):
        counts = round_counts(rnd.pk)
        if counts:
            return rnd, counts
    return None, {}


def _waiting(initiative: Initiative) -> list[str]:
    latest: dict[int, tuple[str, str]] = {}
    entries = (
        InvitationLogEntry.objects.filter(
            initiative=initiative, stakeholder__erased_at__isnull=True
        )
        .select_related("stakeholder")
        .order_by("invited_on", "id")
    )
    for entry in entries:
        latest[entry.stakeholder_id] = (entry.stakeholder.name, entry.response)
    return sorted(
        name
        for name, response in latest.values()
        if response in (InvitationResponse.DECLINED, InvitationResponse.NO_REPLY)
    )


def gather_facts(initiative: Initiative, language: str | None = None) -> Facts:
    """Collect the facts the what-next rules read."""
    language = language or get_language() or "en"
    people = Stakeholder.objects.filter(initiative=initiative, erased_at__isnull=True)
    circles = dict(
        people.order_by().values_list("circle").annotate(n=Count("id")).values_list("circle", "n")
    )
    per_perspective = dict(
        people.exclude(perspective=None)
        .order_by()
        .values_list("perspective")
        .annotate(n=Count("id"))
        .values_list("perspective", "n")
    )
    perspectives = tuple(
        PerspectiveFacts(
            label=p.label,
            people=per_perspective.get(p.pk, 0),
            target_percent=p.target_percent,
            is_family_youth=p.is_family_youth,
        )
        for p in initiative.perspectives.all()
    )
    latest, counts = _latest_answered(initiative)
    answered = frozenset(
        Answer.objects.filter(round__initiative=initiative, counted=True)
        .exclude(perspective=None)
        .order_by()
        .values_list("perspective__label", flat=True)
        .distinct()
    )
    mix = Activity.objects.filter(initiative=initiative).aggregate(
        total=Count("id"),
        one_way=Count("id", filter=Q(direction="one_way")),
        two_way=Count("id", filter=Q(direction="two_way")),
        learning_from=Count("id", filter=Q(learning="from")),
        learning_with=Count("id", filter=Q(learning="with")),
    )
    return Facts(
        stakeholders=sum(circles.values()),
        circles=circles,
        perspectives=perspectives,
        latest_round=latest.name if latest else "",
        informing_rows=tuple(
            stuck_rows(
                latest.instrument.rows,
                counts,
                language,
                clamp_threshold(latest.suppression_threshold)[0],
            )
        )
        if latest
        else (),
        rounds=Round.objects.filter(initiative=initiative).count(),
        answered_perspectives=answered,
        activities=mix["total"],
        one_way=mix["one_way"],
        two_way=mix["two_way"],
        learning_from=mix["learning_from"],
        learning_with=mix["learning_with"],
        glossary_terms=GlossaryTerm.objects.filter(initiative=initiative).count(),
        has_purpose=InitiativeStatement.objects.filter(
            initiative=initiative, kind=StatementKind.PURPOSE
        ).exists(),
        relationships=Relationship.objects.filter(initiative=initiative).count(),
        related_work=RelatedWork.objects.filter(initiative=initiative).count(),
        custom_rows=initiative.custom_rows.count(),
        waiting_invitations=tuple(_waiting(initiative)),
        started_tools=frozenset(
            Worksheet.objects.filter(initiative=initiative).values_list("tool_key", flat=True)
        ),
    )


@dataclass(frozen=True)
class Recommendation:
    """Advice ready to show: the tool's name and purpose, why, and where to go."""

    rule: str
    tool: str
    tool_name: str
    habit: str
    reason: str
    url: str
    continue_title: str = ""  # the latest worksheet of the tool, when one exists


def recommendations_for(
    initiative: Initiative, language: str | None = None
) -> list[Recommendation]:
    """Return the what-next advice for ``initiative``, each with a link to its tool."""
    language = language or get_language() or "en"
    pack = active_pack()
    latest = {
        tool: (pk, title)
        for tool, pk, title in Worksheet.objects.filter(initiative=initiative, team__isnull=True)
        .order_by("updated_at", "id")
        .values_list("tool_key", "pk", "title")
    }
    out = []
    for advice in recommend(gather_facts(initiative, language)):
        if advice.tool not in pack.tool_keys:
            continue
        tool = pack.tool(advice.tool)
        if advice.tool in latest:
            pk, title = latest[advice.tool]
            url = reverse("toolkit:worksheet", kwargs={"slug": initiative.slug, "worksheet_id": pk})
        else:
            title = ""
            url = (
                reverse("toolkit:worksheet_create", kwargs={"slug": initiative.slug})
                + f"?tool={advice.tool}"
            )
        out.append(
            Recommendation(
                rule=advice.rule,
                tool=advice.tool,
                tool_name=tool.name.get_text(language),
                habit=tool.habit,
                reason=advice.reason,
                url=url,
                continue_title=title,
            )
        )
    return out
