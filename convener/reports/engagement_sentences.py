"""The stakeholder-engagement account's sentences, each made from its figures.

Plain functions over the account's figures; nothing here is written by hand about a period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from convener.reports.engagement import Count, PerspectiveFigures


def purpose_sentences(
    label: str,
    rows: tuple[PerspectiveFigures, ...],
    people: int | None,
    times: int | None,
    records: int,
    threshold: int,
) -> tuple[str, ...]:
    if not records:
        return (
            _("No activity, round or proposal in the period was tagged “%(purpose)s”.")
            % {"purpose": label},
        )
    if people is None or times is None:
        out = [
            ngettext(
                "%(purpose)s: %(records)s tagged record; how many took part is not shown, to "
                "protect a group smaller than %(n)s.",
                "%(purpose)s: %(records)s tagged records; how many took part is not shown, to "
                "protect a group smaller than %(n)s.",
                records,
            )
            % {"purpose": label, "records": records, "n": threshold}
        ]
        return tuple(out)
    out = [
        ngettext(
            "%(purpose)s: %(records)s tagged record, with %(people)s taking part %(times)s times.",
            "%(purpose)s: %(records)s tagged records, with %(people)s taking part %(times)s times.",
            records,
        )
        % {
            "purpose": label,
            "records": records,
            "people": ngettext("%(n)s person", "%(n)s people", people) % {"n": people},
            "times": times,
        }
    ]
    family = [r for r in rows if r.is_family_youth and r.people]
    others = [r for r in rows if not r.is_family_youth and r.people]
    if family:
        out.append(
            _("Families and youth: %(groups)s.")
            % {"groups": ", ".join(f"{r.label} {r.people}" for r in family)}
        )
    if others:
        out.append(
            _("Other perspectives: %(groups)s.")
            % {"groups": ", ".join(f"{r.label} {r.people}" for r in others)}
        )
    hidden = [r.label for r in rows if r.suppressed]
    if hidden:
        out.append(
            _("Not shown, to protect groups smaller than %(n)s: %(groups)s.")
            % {"n": threshold, "groups": ", ".join(hidden)}
        )
    deeper = sum(r.deeper or 0 for r in rows)
    attended = sum(r.attended or 0 for r in rows)
    if attended:
        out.append(
            _(
                "%(deeper)s of %(attended)s attendances shown were at activities meant to be "
                "collaborating or deeper."
            )
            % {"deeper": deeper, "attended": attended}
        )
    return tuple(out)


def shown(count: Count, threshold: int) -> str:
    if count.suppressed:
        return _("fewer than %(n)s") % {"n": threshold}
    return str(count.value)


def outreach_sentence(
    label: str, n: int, first: dt.date, days: int, before: Count, since: Count, threshold: int
) -> str:
    return ngettext(
        "%(n)s activity set out to reach %(group)s, the first on %(first)s. In the "
        "%(days)s days before it, %(before)s people from this perspective took part; "
        "since, %(since)s.",
        "%(n)s activities set out to reach %(group)s, the first on %(first)s. In the "
        "%(days)s days before it, %(before)s people from this perspective took part; "
        "since, %(since)s.",
        n,
    ) % {
        "n": n,
        "group": label,
        "first": date_format(first, "DATE_FORMAT"),
        "days": days,
        "before": shown(before, threshold),
        "since": shown(since, threshold),
    }
