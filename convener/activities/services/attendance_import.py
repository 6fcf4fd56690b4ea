"""Attendance from a video meeting's own reports: review what they say, then record it.

``review_upload`` reads a participant report and/or a saved chat (``meeting_reports``), folds
rejoins into one person, reads "name, location, role" chat sign-ins, and matches everyone to the
registry (``attendance_match``). Nothing is written. ``record_upload`` then records the
attendance as check-ins do (so it feeds participation balance, the ladder and the network) in
one transaction: all or nothing, and uploading the same report twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.activities import attendance_match as matching
from convener.activities import meeting_reports as reports
from convener.activities.models import (
    Activity,
    Attendance,
    EngagementEvent,
    EventKind,
    MeetingReportUpload,
)
from convener.activities.services.events import ActivityError, check_attendance_allowed
from convener.activities.services.ladder_summaries import refresh_people
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Kind, Stakeholder
from convener.stakeholders.services.registry import create_stakeholder

SKIP = "skip"
NEW = "new"


class ImportProblem(ActivityError):
    """The upload cannot be recorded as it is; ``fields`` names the people concerned."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


@dataclass
class FoundPerson:
    """One person the files name, and what Convener proposes to do with them."""

    key: str
    name: str
    email: str
    minutes: int
    rows: list[int]
    other_names: list[str]
    location: str
    role: str
    match: matching.Match

    @property
    def status(self) -> str:
        return self.match.status


@dataclass
class Review:
    source: str
    title: str
    started: dt.datetime | None
    people: list[FoundPerson]
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        result = {matching.MATCHED: 0, matching.NEW: 0, matching.AMBIGUOUS: 0}
        for person in self.people:
            result[person.status] += 1
        return result


@dataclass(frozen=True)
class Recorded:
    attended: int  # new attendance rows
    already: int  # people who were already recorded
    created: int  # people added to the registry
    skipped: int


def _registry(activity: Activity) -> matching.Registry:
    rows = Stakeholder.objects.filter(
        initiative_id=activity.initiative_id, kind=Kind.PERSON, erased_at__isnull=True
    ).values_list("pk", "name", "email")
    return matching.Registry.build(matching.Entry(pk, name, email) for pk, name, email in rows)


def _read(data: bytes, label: str) -> reports.MeetingReport:
    try:
        return reports.read_report(data)
    except reports.ReportFormatError as error:
        raise ImportProblem(f"{label}: {error}") from None


def _sign_in_for(names: list[str], sign_ins: list[reports.ChatSignIn]) -> reports.ChatSignIn | None:
    folded = {reports.fold(n) for n in names}
    for sign_in in sign_ins:
        if reports.fold(sign_in.sender) in folded or reports.fold(sign_in.name) in folded:
            return sign_in
    return None


def _people(
    report: reports.MeetingReport | None, chat: reports.MeetingReport | None
) -> list[tuple[reports.PersonSeen, reports.ChatSignIn | None]]:
    sign_ins = list(chat.sign_ins if chat else ()) + list(report.sign_ins if report else ())
    seen = reports.people_seen(report) if report else []
    people = []
    used: set[int] = set()
    for person in seen:
        sign_in = _sign_in_for([person.name, *person.other_names], sign_ins)
        if sign_in is not None:
            used.add(id(sign_in))
        people.append((person, sign_in))
    if report is None:  # a chat alone: everyone who signed in was there
        for sign_in in sign_ins:
            if id(sign_in) not in used:
                used.add(id(sign_in))
                people.append((reports.PersonSeen(name=sign_in.name, rows=[sign_in.row]), sign_in))
    return people


def review_upload(upload: MeetingReportUpload) -> Review:
    """Read the upload's files and propose a match for everyone they name; write nothing."""
    activity = upload.activity
    report = _read(bytes(upload.report), _("Report")) if upload.report else None
    chat = _read(bytes(upload.chat), _("Chat")) if upload.chat else None
    if report is not None and report.source == "zoom_chat":
        report, chat = None, report if chat is None else chat
    if report is None and chat is None:
        raise ImportProblem(_("Choose a participant report or a saved chat to upload."))
    registry = _registry(activity)
    people = []
    for index, (person, sign_in) in enumerate(_people(report, chat), start=1):
        names = [person.name, *person.other_names]
        if sign_in is not None:
            # A device name ("Galaxy A52") says nothing; the sign-in says who it was.
            if reports.is_device_name(person.name) or not reports.looks_like_name(person.name):
                names = [sign_in.name, *names]
            elif sign_in.name not in names:
                names.append(sign_in.name)
        display = names[0]
        people.append(
            FoundPerson(
                key=f"p{index}",
                name=display,
                email=person.email,
                minutes=person.minutes,
                rows=person.rows,
                other_names=[n for n in names[1:] if n != display],
                location=sign_in.location if sign_in else "",
                role=sign_in.role if sign_in else "",
                match=registry.match(
                    [n for n in names if not reports.is_device_name(n)] or names, person.email
                ),
            )
        )
    warnings = []
    source = report or chat
    assert source is not None
    if report is not None and report.started and report.started.date() != activity.starts_on:
        warnings.append(
            _(
                "This report is for a meeting on %(report)s, but the activity is on "
                "%(activity)s. Check that you chose the right activity before recording."
            )
            % {
                "report": formats.date_format(report.started.date(), "DATE_FORMAT"),
                "activity": formats.date_format(activity.starts_on, "DATE_FORMAT"),
            }
        )
    return Review(
        source=source.source,
        title=report.title if report else "",
        started=report.started if report else None,
        people=people,
        warnings=warnings,
    )


def candidate_details(review: Review, activity: Activity) -> dict[int, str]:
    """Return, for each registry person the review offers or matched, what tells them apart.

    Two entries of the same name are told apart by e-mail, position and organization.
    """
    ids = {c.id for p in review.people for c in p.match.candidates} | {
        p.match.stakeholder_id for p in review.people if p.match.stakeholder_id
    }
    rows = Stakeholder.objects.filter(initiative_id=activity.initiative_id, pk__in=ids).values_list(
        "pk", "email", "position", "organization__name"
    )
    return {
        pk: " · ".join(part for part in (email, position, organization) if part)
        for pk, email, position, organization in rows
    }


def decide(review: Review, decisions: Mapping[str, str], activity: Activity) -> dict[str, str]:
    """Return a decision per person ("<id>", "new" or "skip"), refusing what cannot be done.

    A person the matcher placed keeps that match unless told otherwise; an ambiguous person
    needs a decision; a chosen id must be a person in this initiative's registry.
    """
    chosen: dict[str, str] = {}
    missing: dict[str, list[str]] = {}
    wanted_ids = {v for v in decisions.values() if v.isdigit()} | {
        str(p.match.stakeholder_id) for p in review.people if p.match.stakeholder_id
    }
    valid_ids = {
        str(pk)
        for pk in Stakeholder.objects.filter(
            initiative_id=activity.initiative_id,
            kind=Kind.PERSON,
            erased_at__isnull=True,
            pk__in=[int(v) for v in wanted_ids],
        ).values_list("pk", flat=True)
    }
    for person in review.people:
        value = decisions.get(person.key, "").strip()
        if not value:
            if person.status == matching.MATCHED:
                value = str(person.match.stakeholder_id)
            elif person.status == matching.NEW:
                value = NEW
            else:
                missing[person.key] = [
                    _("Choose who %(name)s is, add them as new, or leave them out.")
                    % {"name": person.name}
                ]
                continue
        if value not in (NEW, SKIP) and value not in valid_ids:
            missing[person.key] = [_("Choose someone from this initiative's registry.")]
            continue
        chosen[person.key] = value
    if missing:
        raise ImportProblem(
            _("Some people need a decision before the attendance can be recorded."), missing
        )
    return chosen


def _add_to_registry(activity: Activity, person: FoundPerson, actor: User | None) -> int:
    signed_in_as = ", ".join(p for p in (person.location, person.role) if p)
    stakeholder = create_stakeholder(
        initiative=activity.initiative,
        actor=actor,
        fields={
            "name": person.name[:200],
            "kind": Kind.PERSON,
            "email": person.email,
            "notes": (_("Signed in at a meeting as: %(who)s") % {"who": signed_in_as})
            if signed_in_as
            else "",
        },
    )
    return stakeholder.pk


def _record_attendance(
    *, activity: Activity, actor: User | None, minutes: Mapping[int, int], source: str
) -> tuple[int, int]:
    """Check everyone in at once, as ``events.check_in`` does one by one; return (new, already).

    Rows and "attended" events are written in bulk (a report names hundreds of people); the
    unique constraints make a second upload of the same report add nothing.
    """
    existing = {
        a.stakeholder_id: a
        for a in Attendance.objects.filter(activity=activity, stakeholder_id__in=list(minutes))
    }
    invited = set(
        activity.invitations.filter(stakeholder_id__in=list(minutes)).values_list(
            "stakeholder_id", flat=True
        )
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                activity=activity,
                stakeholder_id=pk,
                walk_in=pk not in invited,
                checked_in_by=actor,
                source=source,
                minutes=total or None,
            )
            for pk, total in minutes.items()
            if pk not in existing
        ],
        ignore_conflicts=True,
    )
    EngagementEvent.objects.bulk_create(
        [
            EngagementEvent(
                initiative=activity.initiative,
                stakeholder_id=pk,
                activity=activity,
                kind=EventKind.ATTENDED,
                occurred_on=activity.starts_on,
                recorded_by=actor,
            )
            for pk in minutes
            if pk not in existing
        ],
        ignore_conflicts=True,
    )
    new_ids = [pk for pk in minutes if pk not in existing]
    if new_ids:  # the ladder's stored summaries follow every write of events, bulk ones too
        refresh_people(initiative=activity.initiative, stakeholder_ids=new_ids)
    longer = [a for pk, a in existing.items() if minutes[pk] > (a.minutes or 0)]
    for attendance in longer:
        attendance.minutes = minutes[attendance.stakeholder_id]
        attendance.source = attendance.source or source
    Attendance.objects.bulk_update(longer, ["minutes", "source"])
    return len(minutes) - len(existing), len(existing)


@transaction.atomic
def record_upload(
    *, upload: MeetingReportUpload, actor: User | None, decisions: Mapping[str, str]
) -> Recorded:
    """Record the attendance the upload shows, as decided; all or nothing; then drop the upload."""
    activity = upload.activity
    check_attendance_allowed(activity)
    review = review_upload(upload)
    chosen = decide(review, decisions, activity)
    skipped = created = 0
    minutes: dict[int, int] = {}
    for person in review.people:
        value = chosen[person.key]
        if value == SKIP:
            skipped += 1
            continue
        if value == NEW:
            stakeholder_id = _add_to_registry(activity, person, actor)
            created += 1
        else:
            stakeholder_id = int(value)
        minutes[stakeholder_id] = minutes.get(stakeholder_id, 0) + person.minutes
    attended, already = _record_attendance(
        activity=activity, actor=actor, minutes=minutes, source=review.source
    )
    record_audit(
        initiative=activity.initiative,
        actor=actor,
        action="import_attendance",
        target_type="activity",
        target_id=activity.pk,
        detail=(
            f"{review.source} report: {attended} recorded, {already} already recorded, "
            f"{created} added to the registry, {skipped} left out"
        ),
    )
    upload.delete()
    return Recorded(attended=attended, already=already, created=created, skipped=skipped)
