"""Read the records of a stakeholder-engagement account (read-only queries, no figures).

``engagement_records`` returns plain data (``convener.reports.engagement_records``);
``convener.reports.engagement.assemble`` turns it into the account. A few queries per kind
of record, whatever the period holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from convener.activities.models import (
    Activity,
    ActivityInvitation,
    ActivityKind,
    Attendance,
    EngagementEvent,
)
from convener.consensus.models import Decision, Outcome, Position, Proposal, ProposalLink
from convener.initiatives.models import Initiative
from convener.live.models import Item, LiveSession
from convener.measuring import aggregation as agg
from convener.measuring import selectors as measuring
from convener.measuring.models import CollectionMode, Response, RoundLink
from convener.public import selectors as public_selectors
from convener.reports import summaries as s
from convener.reports.engagement_records import (
    ANSWERED,
    ATTENDED,
    POSITION,
    ActivityRecord,
    Contribution,
    DecisionRecord,
    MechanismRecords,
    PerspectiveInfo,
    Records,
    SharedRecord,
    TaggedRecord,
)
from convener.reports.models import RenderStatus, ReportRender
from convener.reports.selectors._common import depth_level_names, in_period
from convener.reports.selectors.work import _round_day
from convener.stakeholders.models import Stakeholder

UPDATE_KINDS = (ActivityKind.EMAIL_LIST, ActivityKind.SOCIAL_MEDIA)


def publication_events(initiative: Initiative, period: s.Period) -> tuple[SharedRecord, ...]:
    """Return when the initiative's public page went up, changed or came down in the period."""
    address = reverse("public:page", kwargs={"slug": initiative.slug})
    return tuple(
        SharedRecord(
            kind="publication",
            kind_label=_("Public page"),
            id=number,
            title=event.what,
            on=event.date,
            url=address,
        )
        for number, event in enumerate(
            public_selectors.publication_events(initiative, period.since, period.until), start=1
        )
    )


def _day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _language_names(codes: Iterable[str]) -> tuple[str, ...]:
    names = []
    for code in sorted(set(codes)):
        try:
            names.append(str(get_language_info(code)["name_local"]))
        except KeyError:
            names.append(code)
    return tuple(names)


def _activities(initiative: Initiative, period: s.Period, perspective_of: dict[int, str]):
    rows = list(
        Activity.objects.filter(
            initiative=initiative, cancelled_at__isnull=True, **in_period("starts_on", period)
        )
        .order_by("starts_on", "id")
        .values(
            "id",
            "title",
            "starts_on",
            "kind",
            "custom_kind",
            "purposes",
            "concerns",
            "intended_depth",
        )
    )
    ids = [r["id"] for r in rows]
    depth_keys = [k for k, _n in depth_level_names()]
    deep = set(depth_keys[agg.collaborating_index(depth_keys) :])
    came: dict[int, list[int]] = defaultdict(list)
    for activity_id, stakeholder_id in Attendance.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "stakeholder_id"
    ):
        came[activity_id].append(stakeholder_id)
    expected: dict[int, list[str]] = defaultdict(list)
    through = Activity.expected_perspectives.through
    for activity_id, key in through.objects.filter(activity_id__in=ids).values_list(
        "activity_id", "perspective__key"
    ):
        expected[activity_id].append(key)
    slug = initiative.slug
    tagged, every = [], []
    for r in rows:
        url = reverse("activities:detail", kwargs={"slug": slug, "activity_id": r["id"]})
        every.append(
            ActivityRecord(r["id"], r["title"], r["starts_on"], url, tuple(expected[r["id"]]))
        )
        tagged.append(
            TaggedRecord(
                "activity",
                r["id"],
                r["title"],
                r["starts_on"],
                url,
                tuple(r["purposes"] or ()),
                r["concerns"],
                tuple(
                    Contribution(
                        sid, perspective_of.get(sid, ""), ATTENDED, r["intended_depth"] in deep
                    )
                    for sid in sorted(came[r["id"]])
                ),
            )
        )
    kinds = Counter(
        (r["custom_kind"] or r["kind"]) if r["kind"] == ActivityKind.CUSTOM else r["kind"]
        for r in rows
    )
    names = dict(ActivityKind.choices)
    kind_rows = tuple((k, str(names.get(k, k)), n) for k, n in kinds.most_common())
    updates = tuple(
        SharedRecord("update", _("Updates by e-mail or social media"), a.id, a.title, a.on, a.url)
        for a, r in zip(every, rows, strict=True)
        if r["kind"] in UPDATE_KINDS
    )
    return tuple(tagged), tuple(every), kind_rows, updates


def _rounds(initiative: Initiative, period: s.Period, perspective_keys: dict[int, str]):
    chosen = [r for r in measuring.initiative_rounds(initiative) if period.holds(_round_day(r))]
    ids = [r.pk for r in chosen]
    answers: dict[int, list[Contribution]] = defaultdict(list)
    modes: Counter[str] = Counter()
    languages: set[str] = set()
    for round_id, sid, pkey, language, mode in Response.objects.filter(
        round_id__in=ids, submitted_at__isnull=False
    ).values_list("round_id", "stakeholder_id", "perspective__key", "language", "mode"):
        answers[round_id].append(Contribution(sid, pkey or perspective_keys.get(sid, ""), ANSWERED))
        modes[mode] += 1
        languages.add(language)
    tagged, shared = [], []
    for r in chosen:
        languages.update(r.languages or ())
        url = reverse("measuring:results", kwargs={"slug": initiative.slug, "round_id": r.pk})
        day = _round_day(r)
        tagged.append(
            TaggedRecord(
                "round",
                r.pk,
                r.name,
                day,
                url,
                tuple(r.purposes or ()),
                r.concerns,
                tuple(answers[r.pk]),
            )
        )
        if r.status == "closed":
            shared.append(
                SharedRecord(
                    "round_results", _("Rubric round results pages"), r.pk, r.name, day, url
                )
            )
    mode_names = dict(CollectionMode.choices)
    mode_rows = tuple((k, str(mode_names.get(k, k)), modes[k]) for k in mode_names if modes[k])
    responses = sum(len(v) for v in answers.values())
    return tuple(tagged), mode_rows, responses, languages, tuple(shared)


def _proposals(initiative: Initiative, period: s.Period, perspective_keys: dict[int, str]):
    found = list(
        Proposal.objects.filter(initiative=initiative)
        .filter(
            Q(decision__decided_on__gte=period.since, decision__decided_on__lte=period.until)
            | Q(opens_at__date__gte=period.since, opens_at__date__lte=period.until)
        )
        .order_by("id")
    )
    current = {p.pk: p.revision for p in found}
    positions: dict[int, list[Contribution]] = defaultdict(list)
    for pid, revision, sid, pkey in Position.objects.filter(proposal_id__in=current).values_list(
        "proposal_id", "revision", "stakeholder_id", "perspective__key"
    ):
        if revision == current[pid]:
            positions[pid].append(
                Contribution(sid, pkey or perspective_keys.get(sid or 0, ""), POSITION)
            )
    return tuple(
        TaggedRecord(
            "proposal",
            p.pk,
            p.title,
            _day(p.opens_at) or _day(p.created_at),
            reverse(
                "consensus:proposal_detail", kwargs={"slug": initiative.slug, "proposal_id": p.pk}
            ),
            tuple(p.purposes or ()),
            p.concerns,
            tuple(positions[p.pk]),
        )
        for p in found
    )


def _decisions(initiative: Initiative, period: s.Period) -> tuple[DecisionRecord, ...]:
    found = (
        Decision.objects.filter(initiative=initiative, **in_period("decided_on", period))
        .select_related("proposal")
        .order_by("decided_on", "id")
    )
    outcomes = dict(Outcome.choices)
    return tuple(
        DecisionRecord(
            id=d.pk,
            title=d.title,
            outcome=d.outcome,
            outcome_label=str(outcomes.get(d.outcome, d.outcome)),
            decided_on=d.decided_on,
            purposes=tuple(d.proposal.purposes or ()),
            participants=d.participants,
            threshold=d.threshold,
            distribution=tuple(
                (str(x.get("key", "")), str(x.get("label", "")), int(x.get("count") or 0))
                for x in d.distribution or ()
            ),
            by_perspective=tuple(
                (
                    str(x.get("key", "")),
                    str(x.get("label", "")),
                    None if x.get("suppressed") or x.get("count") is None else int(x["count"]),
                )
                for x in d.participation or ()
            ),
            url=reverse(
                "consensus:proposal_detail",
                kwargs={"slug": initiative.slug, "proposal_id": d.proposal_id},
            )
            + "#decision",
        )
        for d in found
    )


def _took_part(initiative: Initiative, until: dt.date, perspective_of: dict[int, str]):
    """Return every dated time a named person took part, by perspective, up to ``until``."""
    out: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)
    attended = Attendance.objects.filter(
        activity__initiative=initiative, activity__starts_on__lte=until
    ).values_list("stakeholder_id", "activity__starts_on")
    engaged = EngagementEvent.objects.filter(
        initiative=initiative, occurred_on__lte=until
    ).values_list("stakeholder_id", "occurred_on")
    for sid, day in [*attended, *engaged]:
        if sid in perspective_of:
            out[perspective_of[sid]].append((sid, day))
    return {k: tuple(v) for k, v in out.items()}


def _live(initiative: Initiative, period: s.Period):
    sessions = list(
        LiveSession.objects.filter(
            initiative=initiative, **in_period("started_at__date", period)
        ).order_by("started_at", "id")
    )
    revealed = set(
        Item.objects.filter(session__in=sessions, revealed=True).values_list(
            "session_id", flat=True
        )
    )
    refs, shared = [], []
    for x in sessions:
        url = reverse("live:session_edit", kwargs={"slug": initiative.slug, "session_id": x.pk})
        refs.append(
            SharedRecord("session", _("Live sessions"), x.pk, x.title, _day(x.started_at), url)
        )
        if x.pk in revealed:
            shared.append(
                SharedRecord(
                    "revealed",
                    _("Results revealed in live sessions"),
                    x.pk,
                    x.title,
                    _day(x.started_at),
                    url,
                )
            )
    return tuple(refs), tuple(shared)


def _links(initiative: Initiative, period: s.Period) -> tuple[int, int]:
    sent = in_period("sent_at__date", period)
    links = (
        RoundLink.objects.filter(round__initiative=initiative, **sent).count()
        + ProposalLink.objects.filter(proposal__initiative=initiative, **sent).count()
    )
    invitations = ActivityInvitation.objects.filter(activity__initiative=initiative, **sent).count()
    return links, invitations


def _reports(initiative: Initiative, period: s.Period) -> tuple[SharedRecord, ...]:
    rows = ReportRender.objects.filter(
        initiative=initiative, status=RenderStatus.DONE, **in_period("created_at__date", period)
    ).order_by("created_at", "id")
    return tuple(
        SharedRecord(
            "report",
            _("Reports made as PDF"),
            r.pk,
            _("%(since)s to %(until)s")
            % {
                "since": date_format(r.since, "DATE_FORMAT"),
                "until": date_format(r.until, "DATE_FORMAT"),
            },
            _day(r.created_at),
            reverse("reports:render", kwargs={"slug": initiative.slug, "render_id": r.pk}),
        )
        for r in rows
    )


def engagement_records(*, initiative: Initiative, period: s.Period) -> Records:
    """Return the records of ``initiative`` an engagement account for ``period`` is made of."""
    perspectives = tuple(
        PerspectiveInfo(p.key, p.label, p.is_family_youth, p.target_percent)
        for p in initiative.perspectives.all()
    )
    perspective_of = {
        sid: key or ""
        for sid, key in Stakeholder.objects.filter(initiative=initiative).values_list(
            "id", "perspective__key"
        )
    }
    activities, every, kinds, updates = _activities(initiative, period, perspective_of)
    rounds, modes, responses, languages, results = _rounds(initiative, period, perspective_of)
    sessions, revealed = _live(initiative, period)
    links, invitations = _links(initiative, period)
    mechanisms = MechanismRecords(
        convenings=len(every),
        kinds=kinds,
        rounds=len(rounds),
        responses=responses,
        modes=modes,
        live_sessions=len(sessions),
        personal_links=links,
        invitations=invitations,
        languages=_language_names(languages),
        records=sessions,
    )
    return Records(
        slug=initiative.slug,
        title=initiative.title,
        period=period,
        perspectives=perspectives,
        activities=activities,
        rounds=rounds,
        proposals=_proposals(initiative, period, perspective_of),
        activities_all=every,
        took_part=_took_part(initiative, period.until, perspective_of),
        mechanisms=mechanisms,
        decisions=_decisions(initiative, period),
        shared=(*results, *revealed, *_reports(initiative, period), *updates),
        publications=publication_events(initiative, period),
    )
