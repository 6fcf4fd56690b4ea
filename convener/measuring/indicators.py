"""Practice-change indicators: parse an uploaded CSV of date, name, value. No database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class IndicatorPoint:
    date: dt.date
    name: str
    value: float


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def parse_indicator_csv(text: str) -> tuple[tuple[IndicatorPoint, ...], tuple[RowError, ...]]:
    """Parse "date,name,value" lines (ISO dates; a header line is optional).

    Return the points and one error per bad line (1-based line numbers); callers save nothing
    when there is any error.
    """
    points: list[IndicatorPoint] = []
    errors: list[RowError] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number, cells in enumerate(reader, start=1):
        if not cells or all(not c.strip() for c in cells):
            continue
        if number == 1 and [c.strip().lower() for c in cells] == ["date", "name", "value"]:
            continue
        if len(cells) != 3:
            errors.append(
                RowError(
                    number,
                    _("expected 3 columns (date, name, value), found %(n)d") % {"n": len(cells)},
                )
            )
            continue
        raw_date, name, raw_value = (c.strip() for c in cells)
        problems = []
        try:
            day = dt.date.fromisoformat(raw_date)
        except ValueError:
            problems.append(_("“%(v)s” is not a date like 2026-03-31") % {"v": raw_date})
        if not name:
            problems.append(_("the name is empty"))
        elif len(name) > 100:
            problems.append(_("the name is longer than 100 characters"))
        try:
            value = float(raw_value.replace(",", ""))
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            problems.append(_("“%(v)s” is not a number") % {"v": raw_value})
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            points.append(IndicatorPoint(day, name, value))
    if not points and not errors:
        errors.append(RowError(1, _("the file has no data lines")))
    return tuple(points), tuple(errors)
