"""Reading the reports that video-meeting tools write: plain functions over bytes.

A convener who ran a convening in Zoom, Teams or Meet can download who joined (a participant
or attendance report) and save the chat, where the deck asks people to sign in with "name,
location, role". ``read_report`` recognises the file by its content, not its name, and returns
one ``Presence`` per row (a person may join several times) and the chat's sign-ins.
``people_seen`` folds the rows into one entry per person with their total minutes. Nothing here
touches the database; matching to the registry is ``attendance_import``'s work.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from convener.activities.meeting_report_text import (  # re-exported for callers
    clean_name,
    fold,
    is_device_name,
    looks_like_name,
    parse_datetime,
    parse_minutes,
    yes_or_no,
)

MAX_BYTES = 10 * 1024 * 1024  # the registry import's budget: a report of 10,000 joins is ~1 MB
MAX_ROWS = 20_000
MAX_LINE = 4_000  # longer lines are not a meeting report


class ReportFormatError(ValueError):
    """A file that is not a meeting report this module can read; the message says what is."""


@dataclass(frozen=True)
class Presence:
    """One join of one person, as a row of the report shows it."""

    name: str
    email: str = ""
    joined: dt.datetime | None = None
    left: dt.datetime | None = None
    minutes: int = 0
    guest: bool | None = None
    row: int = 0  # the line number in the file, for the review page


@dataclass(frozen=True)
class ChatSignIn:
    """A chat message that reads "name, location, role"."""

    sender: str
    name: str
    location: str
    role: str
    row: int


@dataclass(frozen=True)
class MeetingReport:
    source: str  # zoom | teams | meet | zoom_chat
    title: str = ""
    started: dt.datetime | None = None
    presences: tuple[Presence, ...] = ()
    sign_ins: tuple[ChatSignIn, ...] = ()


@dataclass
class PersonSeen:
    """Everything the report says about one person, however often they joined."""

    name: str
    email: str = ""
    minutes: int = 0
    first_joined: dt.datetime | None = None
    rows: list[int] = field(default_factory=list)
    other_names: list[str] = field(default_factory=list)
    sign_in: ChatSignIn | None = None


__all__ = [
    "ChatSignIn",
    "MeetingReport",
    "PersonSeen",
    "Presence",
    "ReportFormatError",
    "clean_name",
    "fold",
    "is_device_name",
    "looks_like_name",
    "parse_datetime",
    "parse_minutes",
    "people_seen",
    "read_report",
    "read_sign_in",
]

# --- Decoding and table reading -------------------------------------------------------------


def decode(data: bytes) -> str:
    """Decode a report: Teams writes UTF-16 with a byte-order mark, the others UTF-8 or ANSI."""
    if len(data) > MAX_BYTES:
        raise ReportFormatError(
            _("The file is larger than %(mb)d MB, the most a report may be.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(text: str, delimiter: str) -> list[list[str]]:
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 50:
        raise ReportFormatError(
            _("The file has more than %(n)s rows, the most a report may have.") % {"n": MAX_ROWS}
        )
    if any(len(line) > MAX_LINE for line in lines):
        raise ReportFormatError(_("The file has lines too long to be a meeting report."))
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=delimiter)]


def _key(header: str) -> str:
    return re.sub(r"[^a-z]+", " ", header.lower()).strip()


def _find_header(rows: Sequence[Sequence[str]], needed: Iterable[str]) -> int | None:
    needed = tuple(needed)
    for index, row in enumerate(rows):
        keys = [_key(cell) for cell in row]
        if all(any(key.startswith(want) for key in keys) for want in needed):
            return index
    return None


def _column(header: Sequence[str], *prefixes: str) -> int | None:
    keys = [_key(cell) for cell in header]
    for prefix in prefixes:
        for index, key in enumerate(keys):
            if key.startswith(prefix):
                return index
    return None


def _cell(row: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]


# --- The four formats -----------------------------------------------------------------------


def _zoom(rows: list[list[str]]) -> MeetingReport | None:
    head = _find_header(rows, ("name", "join time", "leave time"))
    if head is None or not any(_key(c).startswith("duration") for c in rows[head]):
        return None
    header = rows[head]
    title, started = "", None
    summary = _find_header(rows[:head], ("meeting id", "topic", "start time"))
    if summary is not None and summary + 1 < head:
        values = rows[summary + 1]
        title = _cell(values, _column(rows[summary], "topic"))
        started = parse_datetime(_cell(values, _column(rows[summary], "start time")))
    name_col = _column(header, "name original name", "name")
    email_col = _column(header, "user email", "email")
    join_col = _column(header, "join time")
    leave_col = _column(header, "leave time")
    duration_col = _column(header, "duration")
    guest_col = _column(header, "guest")
    presences = []
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        name = _cell(row, name_col)
        if not name:
            continue
        presences.append(
            Presence(
                name=name,
                email=_cell(row, email_col).lower(),
                joined=parse_datetime(_cell(row, join_col)),
                left=parse_datetime(_cell(row, leave_col)),
                minutes=parse_minutes(_cell(row, duration_col)),
                guest=yes_or_no(_cell(row, guest_col)),
                row=offset,
            )
        )
    return MeetingReport(source="zoom", title=title, started=started, presences=tuple(presences))


def _teams_summary(rows: Sequence[Sequence[str]]) -> tuple[str, dt.datetime | None]:
    title, started = "", None
    for row in rows:
        if len(row) < 2:
            continue
        key = _key(row[0])
        if key.startswith(("meeting title", "title")) and not title:
            title = row[1]
        elif key.startswith(("start time", "meeting start time")) and started is None:
            started = parse_datetime(row[1])
    return title, started


def _teams(rows: list[list[str]]) -> MeetingReport | None:
    # The current report: "2. Participants" with First Join / Last Leave / In-Meeting Duration;
    # its "3. In-Meeting Activities" lists each join and is preferred when present.
    activity = _find_header(rows, ("name", "join time", "leave time", "duration"))
    participants = _find_header(rows, ("name", "first join", "last leave"))
    head = activity if activity is not None else participants
    if head is None:
        return _teams_actions(rows)
    header = rows[head]
    title, started = _teams_summary(rows[:head])
    join_col = _column(header, "join time", "first join")
    leave_col = _column(header, "leave time", "last leave")
    duration_col = _column(header, "duration", "in meeting duration")
    email_col = _column(header, "email", "participant id")
    presences = []
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        if not row or not row[0] or re.match(r"^\d+\.\s", row[0]):
            if row and re.match(r"^\d+\.\s", row[0]):
                break  # the next numbered section
            continue
        email = _cell(row, email_col)
        presences.append(
            Presence(
                name=row[0],
                email=email.lower() if "@" in email else "",
                joined=parse_datetime(_cell(row, join_col)),
                left=parse_datetime(_cell(row, leave_col)),
                minutes=parse_minutes(_cell(row, duration_col)),
                guest=True if "(guest)" in row[0].lower() else None,
                row=offset,
            )
        )
    return MeetingReport(source="teams", title=title, started=started, presences=tuple(presences))


def _teams_actions(rows: list[list[str]]) -> MeetingReport | None:
    """The older Teams list: one "Joined" or "Left" line per action."""
    head = _find_header(rows, ("full name", "user action", "timestamp"))
    if head is None:
        return None
    open_joins: dict[str, tuple[dt.datetime, int]] = {}
    presences = []
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        if len(row) < 3:
            continue
        name, action, when = row[0], row[1].lower(), parse_datetime(row[2])
        if when is None:
            continue
        if action.startswith("join"):
            open_joins[name] = (when, offset)
        elif action.startswith("left") and name in open_joins:
            joined, first_row = open_joins.pop(name)
            minutes = round((when - joined).total_seconds() / 60)
            presences.append(
                Presence(name=name, joined=joined, left=when, minutes=minutes, row=first_row)
            )
    for name, (joined, first_row) in open_joins.items():
        presences.append(Presence(name=name, joined=joined, row=first_row))
    return MeetingReport(source="teams", presences=tuple(presences))


def _meet(rows: list[list[str]]) -> MeetingReport | None:
    head = _find_header(rows, ("duration", "time joined"))
    if head is None:
        return None
    header = rows[head]
    first_col = _column(header, "first name")
    last_col = _column(header, "last name")
    name_col = None if first_col is not None else _column(header, "name", "participant")
    email_col = _column(header, "email")
    joined_col = _column(header, "time joined")
    left_col = _column(header, "time exited", "time left")
    duration_col = _column(header, "duration")
    presences = []
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        if first_col is not None:
            name = " ".join(p for p in (_cell(row, first_col), _cell(row, last_col)) if p)
        else:
            name = _cell(row, name_col)
        if not name:
            continue
        presences.append(
            Presence(
                name=name,
                email=_cell(row, email_col).lower(),
                joined=parse_datetime(_cell(row, joined_col)),
                left=parse_datetime(_cell(row, left_col)),
                minutes=parse_minutes(_cell(row, duration_col)),
                row=offset,
            )
        )
    return MeetingReport(source="meet", presences=tuple(presences))


# "18:02:15 From María López to Everyone:" (the message on the next, indented lines), or the
# older one-line "18:02:15	 From  María López : the message".
_CHAT_LINE = re.compile(
    r"^(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s+(?:From|De)\s+(?P<rest>.+?)\s*$", re.IGNORECASE
)
_TO = re.compile(r"^(?P<sender>.+?)\s+(?:to|a)\s+(?P<to>.+?)\s*(?:\(.*\))?\s*:\s*(?P<text>.*)$")


def _split_sender(rest: str) -> tuple[str, str]:
    match = _TO.match(rest)
    if match:
        return match["sender"].strip(), match["text"].strip()
    sender, _colon, text = rest.partition(" : ") if " : " in rest else rest.partition(":")
    return sender.strip(), text.strip()


def read_sign_in(sender: str, text: str, row: int) -> ChatSignIn | None:
    """Read "name, location, role" from one chat message; anything else is conversation."""
    parts = [p.strip() for p in re.split(r"[,;]|\s[-\u2013|]\s", text) if p.strip()]
    if len(parts) < 3 or len(parts) > 6 or len(text) > 200:
        return None
    name, location, role = parts[0], parts[1], ", ".join(parts[2:])
    if not looks_like_name(name):
        return None
    return ChatSignIn(sender=sender, name=name, location=location, role=role, row=row)


def _zoom_chat(text: str) -> MeetingReport | None:
    lines = text.splitlines()
    if len(lines) > MAX_ROWS * 4:
        raise ReportFormatError(
            _("The file has more than %(n)s rows, the most a report may have.") % {"n": MAX_ROWS}
        )
    messages: list[tuple[str, str, int]] = []
    for number, line in enumerate(lines, start=1):
        match = _CHAT_LINE.match(line.strip("\ufeff"))
        if match:
            sender, said = _split_sender(match["rest"])
            messages.append((sender, said, number))
        elif messages and line.strip():
            sender, said, row = messages[-1]
            messages[-1] = (sender, f"{said} {line.strip()}".strip(), row)
    if not messages:
        return None
    sign_ins = []
    for sender, said, row in messages:
        sign_in = read_sign_in(sender, said, row)
        if sign_in is not None:
            sign_ins.append(sign_in)
    return MeetingReport(source="zoom_chat", sign_ins=tuple(sign_ins))


def _looks_like_teams(rows: Sequence[Sequence[str]]) -> bool:
    return (
        any(
            row and (re.match(r"^\d+\.\s+\w", row[0]) or _key(row[0]).startswith("full name"))
            for row in rows[:40]
        )
        or _find_header(rows, ("name", "first join")) is not None
    )


def read_report(data: bytes) -> MeetingReport:
    """Recognise and read a participant report or a saved chat; refuse anything else."""
    text = decode(data)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    rows = _rows(text, delimiter)
    readers = (_teams, _zoom, _meet) if _looks_like_teams(rows) else (_zoom, _teams, _meet)
    for reader in readers:
        report = reader(rows)
        if report is not None and report.presences:
            return report
    report = _zoom_chat(text)
    if report is not None:
        return report
    raise ReportFormatError(
        _(
            "This file is not a meeting report Convener can read. Expected a Zoom participant "
            "report (.csv), a Microsoft Teams attendance report (.csv), a Google Meet attendance "
            "list (.csv) or a saved Zoom chat (.txt)."
        )
    )


# --- One entry per person -------------------------------------------------------------------


def _union_minutes(spans: list[tuple[dt.datetime, dt.datetime]]) -> int:
    """Minutes covered by the spans: a person on two devices at once is not there twice."""
    total = 0.0
    end: dt.datetime | None = None
    for start, stop in sorted(spans):
        if end is None or start > end:
            total += (stop - start).total_seconds()
            end = stop
        elif stop > end:
            total += (stop - end).total_seconds()
            end = stop
    return round(total / 60)


def people_seen(report: MeetingReport) -> list[PersonSeen]:
    """Fold the report's rows into one entry per person, with their total minutes."""
    # Rows belong together when they share an e-mail or a cleaned name (union-find), so a
    # person who joined once from a laptop with an e-mail and once from a phone counts once.
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys = []
    for presence in report.presences:
        name_key = "n:" + fold(clean_name(presence.name)[0])
        find(name_key)
        if presence.email:
            parent[find("e:" + presence.email)] = find(name_key)
        keys.append(name_key)
    groups: dict[str, list[Presence]] = {}
    for presence, key in zip(report.presences, keys, strict=True):
        groups.setdefault(find(key), []).append(presence)
    people = []
    for rows in groups.values():
        name, others = clean_name(rows[0].name)
        spans = [(r.joined, r.left) for r in rows if r.joined and r.left and r.left >= r.joined]
        minutes = _union_minutes(spans) if len(spans) == len(rows) else sum(r.minutes for r in rows)
        joins = [r.joined for r in rows if r.joined]
        for row in rows[1:]:
            other, more = clean_name(row.name)
            others.extend(n for n in [other, *more] if n != name and n not in others)
        people.append(
            PersonSeen(
                name=name,
                email=next((r.email for r in rows if r.email), ""),
                minutes=minutes,
                first_joined=min(joins) if joins else None,
                rows=[r.row for r in rows],
                other_names=others,
            )
        )
    return people
