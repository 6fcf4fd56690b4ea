"""What a round's staff pages say about it in plain words: its rubric, and how people answered."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from convener.framework.packs import builtin_pack, localize
from convener.measuring.models import CollectionMode, Instrument, Round


def instrument_label(instrument: Instrument, language: str) -> str:
    """Return the rubric a round asks about, in words: pack title, row count and version."""
    pack = builtin_pack()
    title = localize(pack.title, language) if instrument.pack_key == pack.key else ""
    rows = len(instrument.rows)
    custom = sum(1 for row in instrument.rows if row.get("custom"))
    values = {"title": title or instrument.pack_key, "rows": rows, "version": instrument.version}
    with translation.override(language):
        label = (
            ngettext(
                "%(title)s engagement rubric, %(rows)s row (question set version %(version)s)",
                "%(title)s engagement rubric, %(rows)s rows (question set version %(version)s)",
                rows,
            )
            % values
        )
        if custom:
            extra = ngettext("%(count)s custom row", "%(count)s custom rows", custom)
            label += " · " + extra % {"count": custom}
    return label


@dataclass(frozen=True)
class Collection:
    """How a round's answers came in: e-mail links, the room's shared link, paper."""

    issued: int  # personal links, each made when an invitation is sent
    sent: int
    reminded: int
    started: int
    responded: int
    by_personal_link: int
    in_room: int
    paper: int

    @property
    def invited(self) -> bool:
        return self.issued > 0

    @property
    def unfinished(self) -> int:
        return self.started - self.responded


def collection(round: Round) -> Collection:
    """Return the round's counts in two queries."""
    links = round.links.aggregate(
        issued=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        reminded=Count("pk", filter=Q(reminded_at__isnull=False)),
    )
    submitted = Q(submitted_at__isnull=False)
    answers = round.responses.aggregate(
        started=Count("pk"),
        responded=Count("pk", filter=submitted),
        online=Count("pk", filter=submitted & Q(mode=CollectionMode.ONLINE)),
        room=Count("pk", filter=submitted & Q(mode=CollectionMode.ROOM)),
        paper=Count("pk", filter=submitted & Q(mode=CollectionMode.PAPER)),
    )
    return Collection(
        issued=links["issued"],
        sent=links["sent"],
        reminded=links["reminded"],
        started=answers["started"],
        responded=answers["responded"],
        by_personal_link=answers["online"],
        in_room=answers["room"],
        paper=answers["paper"],
    )


def closed_summary(round: Round, responded: int) -> str:
    """Return "Closed on <date>; N people responded." for a closed round's page."""
    closed = round.closes_at or round.updated_at
    when = date_format(localtime(closed), "DATE_FORMAT")
    return ngettext(
        "This round closed on %(date)s. %(count)s person responded.",
        "This round closed on %(date)s. %(count)s people responded.",
        responded,
    ) % {"date": when, "count": responded}
