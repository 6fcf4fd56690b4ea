"""The participation analytics' findings: what the numbers say, in plain, kind sentences."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from convener.stakeholders.analytics_data import (
    Balance,
    CircleSummary,
    Finding,
    PerspectiveShare,
    RangeCheck,
)

# One perspective holding more than this share of the people is called out as dominant.
DOMINANT_SHARE = 0.4
# Fewer than this share of the placed people in circles 3 and 4: engagement stops at the leaders.
FEW_BEYOND_SECOND = 0.1


def _percent(share: float) -> int:
    return round(share * 100)


def _scale_label(scale: str) -> str:
    return {
        "state": _("state"),
        "regional": _("regional"),
        "local": _("local"),
        "practice": _("practice"),
    }[scale]


def _imbalance_message(p: PerspectiveShare, status: str, reference: str, whom: str) -> str:
    values = {"label": p.label, "share": _percent(p.share), "ref": _percent(p.reference)}
    values["whom"] = whom
    if status == "under" and reference == "target":
        text = _("%(label)s: %(share)s%% of %(whom)s, well below the target of %(ref)s%%.")
    elif status == "under":
        text = _("%(label)s: %(share)s%% of %(whom)s, well below an even share of %(ref)s%%.")
    elif reference == "target":
        text = _("%(label)s: %(share)s%% of %(whom)s, well above the target of %(ref)s%%.")
    else:
        text = _("%(label)s: %(share)s%% of %(whom)s, well above an even share of %(ref)s%%.")
    return text % values


def findings(
    *,
    circles: CircleSummary,
    mix: Balance,
    checks: Sequence[RangeCheck],
    people: int,
    about_circles: bool = True,
    whom: str = "",
) -> tuple[Finding, ...]:
    """Return what the numbers say, in plain, kind sentences, most important first.

    ``about_circles`` is False when the facts are one circle, where "nobody beyond the second
    circle" and "organization engaged through one person" would say nothing. ``whom`` names
    what the shares count ("people who took part"); the registry's people by default.
    """
    out: list[Finding] = []
    whom = whom or _("people in the registry")

    def gap(code: str, message: str, **params: object) -> None:
        out.append(Finding(code=code, severity="gap", message=message, params=params))

    if people == 0:
        gap("nobody", _("No one is listed here yet, so there is nothing to balance."))
        return tuple(out)
    for p in mix.with_status("missing"):
        if p.is_family_youth:
            gap(
                "missing_family_youth",
                _("%(label)s are missing: no one from this perspective is at the table yet.")
                % {"label": p.label},
                perspective=p.key,
            )
    for p in mix.with_status("under"):
        if p.is_family_youth:
            gap("under", _imbalance_message(p, "under", mix.reference, whom), perspective=p.key)
    called_out = ""
    agencies = [p for p in mix.perspectives if p.key.endswith("_agency")]
    agency_share = sum(p.share for p in agencies)
    dominant = max(mix.perspectives, key=lambda p: p.share, default=None)
    if len(agencies) > 1 and agency_share > 0.5:
        gap(
            "agency_dominant",
            _("%(percent)s%% of %(whom)s are agency staff.")
            % {"percent": _percent(agency_share), "whom": whom},
            percent=_percent(agency_share),
        )
    elif dominant is not None and dominant.share > DOMINANT_SHARE and len(mix.perspectives) > 2:
        called_out = dominant.key
        gap(
            "dominant",
            _("%(percent)s%% of %(whom)s come from one perspective: %(label)s.")
            % {"percent": _percent(dominant.share), "label": dominant.label, "whom": whom},
            percent=_percent(dominant.share),
            perspective=dominant.key,
        )
    if about_circles and circles.nobody_beyond_second:
        gap(
            "nobody_beyond_second_circle",
            _("No one is engaged beyond the second circle yet: the outer circles are empty."),
        )
    elif about_circles and 0 < circles.beyond_second < FEW_BEYOND_SECOND * circles.placed:
        gap(
            "few_beyond_second_circle",
            ngettext(
                "Only %(count)s person or group is engaged beyond the second circle.",
                "Only %(count)s people or groups are engaged beyond the second circle.",
                circles.beyond_second,
            )
            % {"count": circles.beyond_second},
            count=circles.beyond_second,
        )
    by_key = {c.key: c for c in checks}
    if not by_key["critics"].passed:
        gap("no_critics", _("No critics at the table: everyone listed supports or is neutral."))
    if not by_key["affected_family_youth"].passed and any(
        p.is_family_youth for p in mix.perspectives
    ):
        gap(
            "affected_without_family_youth",
            _("Families and youth are not yet among the people affected by the issue."),
        )
    if not by_key["scale"].passed:
        levels = ", ".join(_scale_label(s) for s in by_key["scale"].missing)
        gap(
            "missing_scale",
            _("No one works at the %(levels)s level.") % {"levels": levels},
            levels=list(by_key["scale"].missing),
        )
    for kind in by_key["power"].missing:
        message = (
            _("No one with formal authority over the issue is at the table.")
            if kind == "authority"
            else _("No one with informal influence on the issue is at the table.")
        )
        gap(f"no_{kind}", message)
    for p in mix.with_status("missing"):
        if not p.is_family_youth:
            gap(
                "missing",
                _("No one from the %(label)s perspective is at the table yet.")
                % {"label": p.label},
                perspective=p.key,
            )
    for status in ("under", "over"):
        for p in mix.with_status(status):
            if p.key != called_out and not (status == "under" and p.is_family_youth):
                gap(status, _imbalance_message(p, status, mix.reference, whom), perspective=p.key)
    for org in circles.shallow_organizations if about_circles else ():
        gap(
            "shallow_organization",
            ngettext(
                "%(name)s is engaged through only one person.",
                "%(name)s is engaged through only %(count)s people.",
                org.people,
            )
            % {"name": org.name or _("An organization"), "count": org.people},
            organization_id=org.organization_id,
            people=org.people,
        )
    if mix.unassigned:
        gap(
            "unassigned",
            ngettext(
                "%(count)s person has no perspective recorded.",
                "%(count)s people have no perspective recorded.",
                mix.unassigned,
            )
            % {"count": mix.unassigned},
            count=mix.unassigned,
        )
    if not out:
        out.append(
            Finding(
                code="balanced",
                severity="ok",
                message=_("Every perspective is at the table and the mix is close to the aim."),
            )
        )
    return tuple(out)
