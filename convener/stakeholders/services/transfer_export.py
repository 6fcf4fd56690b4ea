"""Exporting the registry as a spreadsheet whose columns the import reads back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from convener.accounts.models import User
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.stakeholders.models import Stakeholder
from convener.stakeholders.selectors import filter_stakeholders
from convener.stakeholders.services.transfer import audit_field

EXPORT_HEADER: tuple[str, ...] = (
    "name",
    "kind",
    "organization",
    "position",
    "perspective",
    "interest",
    "affected",
    "can_affect",
    "internal/external",
    "power",
    "stance",
    "scale",
    "circle",
    "what_they_might_do",
    "language",
    "accessibility",
    "email",
    "phone",
    "contact_permitted",
    "consent_date",
    "consent_source",
    "notes",
    "tags",
)
CONTACT_COLUMNS = frozenset({"email", "phone"})


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def export_table(
    stakeholders: Iterable[Stakeholder], *, include_contact: bool
) -> tuple[list[str], list[list[object]]]:
    """Return the registry export's header and rows for ``stakeholders``.

    Every stakeholder export (the filtered registry and the bulk selection) uses these columns
    and writes yes/no for flags. They are the import's own headers, so an export can be edited
    and imported back. Without ``include_contact`` the e-mail and phone columns are left out.
    """
    header = [h for h in EXPORT_HEADER if include_contact or h not in CONTACT_COLUMNS]
    rows: list[list[object]] = []
    for s in stakeholders:
        cells: dict[str, object] = {
            "name": s.name,
            "kind": s.kind,
            "organization": s.organization.name if s.organization else "",
            "position": s.position,
            "perspective": s.perspective.label if s.perspective else "",
            "interest": _yes_no(s.concern_interest),
            "affected": _yes_no(s.concern_affected),
            "can_affect": _yes_no(s.concern_can_affect),
            "internal/external": s.side,
            "power": s.power,
            "stance": s.stance,
            "scale": s.scale,
            "circle": s.circle,
            "what_they_might_do": s.what_they_might_do,
            "language": s.preferred_language,
            "accessibility": s.accessibility_needs,
            "email": s.email,
            "phone": s.phone,
            "contact_permitted": _yes_no(s.contact_permitted),
            "consent_date": s.consent_date,
            "consent_source": s.consent_source,
            "notes": s.notes,
            "tags": ", ".join(t.name for t in s.tags.all()),
        }
        rows.append([cells[h] for h in header])
    return header, rows


def export_stakeholders(
    *, initiative: Initiative, params: Mapping[str, str], include_contact: bool
) -> tuple[list[str], list[list[object]]]:
    """Return the header and rows of the registry filtered by ``params``."""
    qs = (
        filter_stakeholders(initiative, params, contact_visible=include_contact)
        .filter(erased_at__isnull=True)
        .select_related("organization", "perspective")
        .prefetch_related("tags")
    )
    return export_table(qs, include_contact=include_contact)


def export_selection(
    *, initiative: Initiative, stakeholder_ids: Iterable[int], include_contact: bool
) -> tuple[list[str], list[list[object]]]:
    """Return the header and rows of the selected stakeholders, in the registry's columns."""
    qs = (
        Stakeholder.objects.filter(
            initiative=initiative, pk__in=list(stakeholder_ids), erased_at__isnull=True
        )
        .select_related("organization", "perspective")
        .prefetch_related("tags")
        .order_by("name", "id")
    )
    return export_table(qs, include_contact=include_contact)


def record_export(
    *,
    initiative: Initiative,
    actor: User | None,
    header: Iterable[str],
    rows: int,
    fmt: str,
    size: int,
    what: str = "",
) -> None:
    """Audit an export once its file exists: format, rows, ``what`` was exported and its size."""
    record_audit(
        initiative=initiative,
        actor=actor,
        action="export",
        target_type="stakeholder",
        fields=[audit_field(h) if h != "internal/external" else "side" for h in header],
        detail=f"{fmt.upper()}, {rows} rows, {size} bytes" + (f", {what}"[:100] if what else ""),
    )


def filter_description(params: Mapping[str, str]) -> str:
    """Return "filtered by a, b" for the list filters in ``params`` ("" when there are none)."""
    filters = sorted(k for k, v in params.items() if v and k not in ("format", "sort"))
    return f"filtered by {', '.join(filters)}" if filters else ""
