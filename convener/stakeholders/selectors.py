"""Read-side queries over the registry: filtering, searching and sorting stakeholders.

The list page, the API and the export of a filtered view all read the same query parameters
through ``filter_stakeholders``, so a link copied from the list exports exactly what it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from convener.initiatives.models import Initiative, Perspective
from convener.stakeholders import matching, tabular
from convener.stakeholders.models import (
    CIRCLE_ORDER,
    Circle,
    Kind,
    Power,
    Scale,
    Side,
    Stakeholder,
    Stance,
)
from convener.stakeholders.tabular import Reference

# Query parameters that filter on a choice field, with the values each accepts.
CHOICE_FILTERS: dict[str, tuple[str, ...]] = {
    "kind": tuple(Kind.values),
    "circle": (*Circle.values, "none"),
    "side": tuple(Side.values),
    "power": tuple(Power.values),
    "stance": tuple(Stance.values),
    "scale": tuple(Scale.values),
}
CONCERN_FILTERS: tuple[str, ...] = ("concern_interest", "concern_affected", "concern_can_affect")
YES, NO = "yes", "no"

# Sort keys the list accepts (a leading "-" reverses), and the ordering each one means.
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "organization": ("organization__name", "name"),
    "perspective": ("perspective__position", "name"),
    "circle": ("circle_rank", "name"),
    "updated": ("updated_at",),
}
DEFAULT_SORT = "name"

# Every parameter filter_stakeholders reads; the rest of a query string is ignored.
FILTER_PARAMS: tuple[str, ...] = (
    "q",
    "perspective",
    *CHOICE_FILTERS,
    *CONCERN_FILTERS,
    "tag",
    "language",
    "contact_permitted",
    "organization",
    "sort",
)


@dataclass(frozen=True)
class SortChoice:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def parse_sort(value: str | None) -> SortChoice:
    """Return the sort a ``sort`` parameter asks for, or the default for anything unknown."""
    raw = (value or "").strip()
    descending = raw.startswith("-")
    key = raw.lstrip("-")
    if key not in SORTS:
        return SortChoice(DEFAULT_SORT, False)
    return SortChoice(key, descending)


def _yes_no(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in ("yes", "true", "1", "on"):
        return True
    if lowered in ("no", "false", "0", "off"):
        return False
    return None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filter_stakeholders(
    initiative: Initiative,
    params: Mapping[str, str],
    *,
    contact_visible: bool = True,
) -> QuerySet[Stakeholder]:
    """Return ``initiative``'s stakeholders filtered, searched and sorted as ``params`` say.

    Understood parameters (unknown values are ignored rather than failing):
    ``q`` (search in name, organization name, position, and e-mail when ``contact_visible``),
    ``perspective`` (a perspective key, or ``none``), ``kind``, ``circle`` (a circle, or
    ``none``), ``side``, ``power``, ``stance``, ``scale``, ``concern_interest``,
    ``concern_affected``, ``concern_can_affect`` and ``contact_permitted`` (``yes``/``no``),
    ``tag`` (a tag name), ``language`` (a language code), ``organization`` (an organization's
    id) and ``sort`` (one of ``SORTS``, ``-`` in front to reverse).

    The queryset joins only what filters need and selects the organization and perspective, and
    prefetches tags, so rendering a page of it costs a fixed number of queries.
    """
    qs = Stakeholder.objects.filter(initiative=initiative)
    q = (params.get("q") or "").strip()
    if q:
        match = Q(name__icontains=q) | Q(organization__name__icontains=q) | Q(position__icontains=q)
        if contact_visible:
            match |= Q(email__icontains=q)
        qs = qs.filter(match)
    perspective = (params.get("perspective") or "").strip()
    if perspective == "none":
        qs = qs.filter(perspective__isnull=True)
    elif perspective:
        # A subquery rather than a join keeps the count on the (initiative, perspective) index.
        qs = qs.filter(
            perspective_id__in=Perspective.objects.filter(
                initiative=initiative, key=perspective
            ).values("pk")[:1]
        )
    for name, allowed in CHOICE_FILTERS.items():
        value = (params.get(name) or "").strip()
        if value == "none":
            qs = qs.filter(**{name: ""})
        elif value in allowed:
            qs = qs.filter(**{name: value})
    for name in (*CONCERN_FILTERS, "contact_permitted"):
        flag = _yes_no(params.get(name) or "")
        if flag is not None:
            qs = qs.filter(**{name: flag})
    tag = (params.get("tag") or "").strip()
    if tag:
        qs = qs.filter(tags__name=tag, tags__initiative=initiative)
    language = (params.get("language") or "").strip()
    if language:
        qs = qs.filter(preferred_language__iexact=language)
    organization = _int(params.get("organization") or "")
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    return sort_stakeholders(qs, parse_sort(params.get("sort")))


def sort_stakeholders(qs: QuerySet[Stakeholder], sort: SortChoice) -> QuerySet[Stakeholder]:
    """Order ``qs`` by ``sort``, with the id last so that pages never overlap."""
    fields = SORTS[sort.key]
    if sort.key == "circle":
        # The circles run from the centre outwards; unplaced people come last.
        qs = qs.annotate(
            circle_rank=Case(
                *(When(circle=c, then=Value(i)) for i, c in enumerate(CIRCLE_ORDER)),
                default=Value(len(CIRCLE_ORDER)),
                output_field=IntegerField(),
            )
        )
    ordering = [
        F(f).desc(nulls_last=True) if sort.descending else F(f).asc(nulls_last=True) for f in fields
    ]
    ordering.append(F("id").desc() if sort.descending else F("id").asc())
    return qs.order_by(*ordering)


def with_list_relations(qs: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    """Return ``qs`` with what a list row shows loaded up front (constant query count)."""
    return qs.select_related("organization", "perspective").prefetch_related("tags")


def organizations_of(initiative: Initiative) -> QuerySet[Stakeholder]:
    """Return the initiative's organizations and groups, by name."""
    return Stakeholder.objects.filter(initiative=initiative, kind=Kind.ORGANIZATION).order_by(
        "name", "id"
    )


def active_filters(params: Mapping[str, str]) -> dict[str, str]:
    """Return the filter parameters that are set (for links that keep the current view)."""
    return {
        name: value
        for name in FILTER_PARAMS
        if (value := (params.get(name) or "").strip()) and name != "sort"
    }


def match_candidates(initiative: Initiative) -> list[matching.Candidate]:
    """Return the initiative's registry records (not erased) as plain matching candidates."""
    rows = (
        Stakeholder.objects.active()
        .filter(initiative=initiative)
        .values_list("pk", "name", "email", "phone", "kind", "organization__name")
    )
    return [
        matching.Candidate(
            id=pk, name=name, email=email, phone=phone, kind=kind, organization=org or ""
        )
        for pk, name, email, phone, kind, org in rows
    ]


def possible_duplicates(
    initiative: Initiative,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    kind: str | None = Kind.PERSON,
) -> list[Stakeholder]:
    """Return the registry records that may be the one about to be created, best first."""
    found = matching.find_matches(
        name=name, email=email, phone=phone, kind=kind, candidates=match_candidates(initiative)
    )
    by_id = Stakeholder.objects.select_related("perspective", "organization").in_bulk(
        [m.candidate.id for m in found]
    )
    return [by_id[m.candidate.id] for m in found if m.candidate.id in by_id]


@dataclass(frozen=True)
class InitiativeIndex:
    """The initiative's perspectives and people, loaded once per validation."""

    reference: Reference
    organizations: dict[str, int]  # normalised organization name -> id


def load_index(initiative: Initiative) -> InitiativeIndex:
    """Load what validation needs in two queries (no per-row queries later)."""
    perspectives: dict[str, int] = {}
    for pk, key, label in initiative.perspectives.values_list("id", "key", "label"):
        perspectives[tabular.normalise(key)] = pk
        perspectives[tabular.normalise(label)] = pk
    emails: dict[str, int] = {}
    names: dict[tuple[str, str, str], int] = {}
    organizations: dict[str, int] = {}
    candidates: list[matching.Candidate] = []
    people = Stakeholder.objects.filter(initiative=initiative).values_list(
        "id", "kind", "name", "email", "phone", "organization__name", "erased_at"
    )
    for pk, kind, name, email, phone, org_name, erased_at in people.order_by("id"):
        if email:
            emails.setdefault(email.lower(), pk)
        if erased_at is not None:
            continue
        names.setdefault(tabular.person_key(kind, name, org_name or ""), pk)
        candidates.append(matching.Candidate(pk, name, email, phone, kind, org_name or ""))
        if kind == Kind.ORGANIZATION:
            organizations.setdefault(tabular.normalise(name), pk)
    index = matching.build_index(candidates)
    return InitiativeIndex(Reference(perspectives, emails, names, index), organizations)
