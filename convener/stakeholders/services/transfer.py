"""Use cases for moving stakeholders in: staged imports (exports: ``transfer_export``).

An import is staged first (the parsed rows are kept in an ``ImportBatch``), previewed with its
errors and duplicates, fixed, and then committed in one transaction: either every row is
written or nothing is. The pages and the API queue the commit as a background job
(``transfer_jobs.queue_import`` → ``transfer_jobs.run_queued_import``); ``commit_import`` does
the same work inline.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from convener.accounts.models import User
from convener.initiatives.models import Initiative
from convener.initiatives.services import record_audit
from convener.stakeholders import tabular
from convener.stakeholders.models import (
    CircleMove,
    ImportBatch,
    ImportMapping,
    ImportStatus,
    Kind,
    Stakeholder,
    Tag,
)
from convener.stakeholders.selectors import InitiativeIndex, load_index
from convener.stakeholders.services.registry import EDITABLE_FIELDS
from convener.stakeholders.tabular import CellError, RowResult

logger = logging.getLogger(__name__)

STAGED_BATCH_LIFETIME = dt.timedelta(days=7)
BULK_BATCH_SIZE = 500

# Model fields a validated row can set directly (organization and tags are resolved apart).
# The registry's editable fields as import writes them: organizations are matched by name
# separately, and the perspective arrives as its id.
ROW_FIELDS: tuple[str, ...] = tuple(
    "perspective_id" if name == "perspective" else name
    for name in EDITABLE_FIELDS
    if name != "organization"
)


class ImportRejected(Exception):
    """At least one row has errors; nothing was saved. ``rows`` are the failing rows."""

    def __init__(self, rows: list[RowResult]) -> None:
        super().__init__(f"{len(rows)} rows have errors")
        self.rows = rows


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    created: int
    merged: int
    skipped: int
    organizations_created: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# --- Staging -----------------------------------------------------------------------------


@transaction.atomic
def stage_import(
    *, initiative: Initiative, actor: User, data: bytes, filename: str = "", fmt: str = ""
) -> ImportBatch:
    """Parse an uploaded file and keep its rows for review; raise TabularError if unreadable."""
    table = tabular.read_table(data, filename=filename, fmt=fmt)
    ImportBatch.objects.filter(
        initiative=initiative,
        status__in=[ImportStatus.STAGED, ImportStatus.FAILED],
        created_at__lt=timezone.now() - STAGED_BATCH_LIFETIME,
    ).delete()
    remembered = ImportMapping.objects.filter(initiative=initiative).first()
    return ImportBatch.objects.create(
        initiative=initiative,
        created_by=actor,
        filename=filename[:200],
        format=table.format,
        header=table.header,
        rows=[[number, cells] for number, cells in enumerate(table.rows, start=2)],
        mapping=tabular.guess_mapping(table.header, remembered.mapping if remembered else None),
    )


def update_mapping(*, batch: ImportBatch, mapping: Sequence[str]) -> list[str]:
    """Use ``mapping`` for the batch and remember it for the initiative; return problems."""
    mapping = list(mapping)[: len(batch.header)]
    mapping += [""] * (len(batch.header) - len(mapping))
    errors = tabular.mapping_errors(mapping)
    if errors:
        return errors
    batch.mapping = mapping
    batch.save(update_fields=["mapping"])
    ImportMapping.objects.update_or_create(
        initiative=batch.initiative,
        defaults={"mapping": tabular.remembered_mapping(batch.header, mapping)},
    )
    return []


def fix_row(*, batch: ImportBatch, number: int, cells: Mapping[int, str]) -> bool:
    """Replace some cells (by column index) of row ``number``; return False if no such row."""
    for entry in batch.rows:
        if entry[0] == number:
            for index, value in cells.items():
                if 0 <= index < len(entry[1]):
                    entry[1][index] = value.strip()
            batch.save(update_fields=["rows"])
            return True
    return False


def exclude_row(*, batch: ImportBatch, number: int) -> bool:
    """Leave row ``number`` out of the import; return False if no such row."""
    kept = [entry for entry in batch.rows if entry[0] != number]
    if len(kept) == len(batch.rows):
        return False
    batch.rows = kept
    batch.save(update_fields=["rows"])
    return True


def discard_import(*, batch: ImportBatch) -> None:
    """Forget a staged batch and the rows it holds."""
    batch.delete()


def preview_import(batch: ImportBatch) -> list[RowResult]:
    """Validate the batch's rows as they stand now, against the registry as it is now."""
    index = load_index(batch.initiative)
    rows = [(int(n), cells) for n, cells in batch.rows]
    return tabular.validate_rows(batch.header, rows, batch.mapping, index.reference)


def commit_import(
    *,
    batch: ImportBatch,
    actor: User,
    default_choice: str = "skip",
    choices: Mapping[int, str] | None = None,
) -> ImportSummary:
    """Write a staged batch's rows to the registry now, all or nothing; raise ImportRejected.

    A batch is imported once: a second, concurrent commit (a double click) finds it already
    claimed and returns the first one's summary without writing anything.
    """
    staged = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.STAGED)
    summary = write_batch(
        batch,
        claim=lambda: bool(staged.update(status=ImportStatus.COMMITTED, error="", run_token="")),
        actor=actor,
        default_choice=default_choice,
        choices=choices,
    )
    if summary is None:
        batch.refresh_from_db()
        return ImportSummary(**batch.summary)
    return summary


def write_batch(
    batch: ImportBatch,
    *,
    claim: Callable[[], bool],
    actor: User,
    default_choice: str,
    choices: Mapping[int, str] | None,
) -> ImportSummary | None:
    """Claim the batch (``claim`` moves it to committed) and import it in one transaction.

    Return None, writing nothing, when the claim finds the batch already taken.
    """
    with transaction.atomic():
        # Claim the batch first: this write also serialises concurrent commits of it.
        if not claim():
            return None
        summary = import_rows(
            initiative=batch.initiative,
            actor=actor,
            header=batch.header,
            rows=[(int(n), cells) for n, cells in batch.rows],
            mapping=batch.mapping,
            default_choice=default_choice,
            choices=choices,
            source=batch.format.upper(),
        )
        batch.rows = []
        batch.status = ImportStatus.COMMITTED
        batch.summary = summary.as_dict()
        batch.error = ""
        batch.run_token = ""
        batch.finished_at = timezone.now()
        batch.save(update_fields=["rows", "summary", "finished_at"])
    return summary


# --- Writing -----------------------------------------------------------------------------


def import_rows(
    *,
    initiative: Initiative,
    actor: User,
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    mapping: Sequence[str],
    default_choice: str = "skip",
    choices: Mapping[int, str] | None = None,
    source: str = "CSV",
    dry_run: bool = False,
) -> ImportSummary:
    """Validate and write rows in one transaction; raise ImportRejected and save nothing if any
    row has an error.

    ``default_choice`` says what to do with a row that matches an existing record: "skip",
    "merge" (fill the record's blank fields), "overwrite" (replace fields with the file's
    non-blank values) or "error" (treat the match as an error). ``choices`` overrides it per
    row number.
    """
    problems = tabular.mapping_errors(mapping)
    if problems:
        raise ValueError("; ".join(problems))
    choices = choices or {}
    with transaction.atomic():
        index = load_index(initiative)
        results = tabular.validate_rows(header, rows, mapping, index.reference)
        if default_choice == "error":
            for result in results:
                if result.duplicate_of is not None:
                    result.errors.append(
                        CellError(
                            "name"
                            if result.duplicate_by == "similar_name"
                            else result.duplicate_by,
                            _("Already in the registry."),
                        )
                    )
        failing = [r for r in results if r.errors]
        if failing:
            raise ImportRejected(failing)
        new = [r for r in results if r.duplicate_of is None]
        merges = [
            (r, choice)
            for r in results
            if r.duplicate_of is not None
            and (choice := choices.get(r.number, default_choice)) in ("merge", "overwrite")
        ]
        skipped = len(results) - len(new) - len(merges)
        if dry_run:
            needed = _missing_organizations(new + [r for r, _c in merges], index, new)
            return ImportSummary(len(results), len(new), len(merges), skipped, len(needed))
        try:
            orgs_created = _write(initiative, actor, index, new, merges)
        except IntegrityError as exc:  # a concurrent edit took an e-mail address meanwhile
            raise ImportRejected(
                [
                    RowResult(
                        0,
                        {},
                        [
                            CellError(
                                "email",
                                _("Someone changed the registry meanwhile; review and try again."),
                            )
                        ],
                    )
                ]
            ) from exc
        summary = ImportSummary(len(results), len(new), len(merges), skipped, orgs_created)
        fields = sorted({audit_field(k) for k in mapping if k})
        record_audit(
            initiative=initiative,
            actor=actor,
            action="import",
            target_type="stakeholder",
            fields=fields,
            detail=(
                f"{source}, {summary.rows} rows: {summary.created} created, "
                f"{summary.merged} merged, {summary.skipped} skipped"
            ),
        )
    return summary


def audit_field(key: str) -> str:
    """Return the registry field an import column key writes (for the audit trail)."""
    return {
        "interest": "concern_interest",
        "affected": "concern_affected",
        "can_affect": "concern_can_affect",
        "language": "preferred_language",
        "accessibility": "accessibility_needs",
    }.get(key, key)


def _missing_organizations(
    rows: list[RowResult], index: InitiativeIndex, new: list[RowResult]
) -> dict[str, str]:
    """Return organizations named in rows that neither exist nor are rows of the file."""
    in_file = {
        tabular.normalise(str(r.values["name"]))
        for r in new
        if r.values.get("kind") == Kind.ORGANIZATION
    }
    needed: dict[str, str] = {}
    for r in rows:
        name = str(r.values.get("organization") or "")
        key = tabular.normalise(name)
        if name and key not in index.organizations and key not in in_file:
            needed.setdefault(key, name)
    return needed


def _new_record(initiative: Initiative, actor: User, values: Mapping[str, object]) -> Stakeholder:
    record = Stakeholder(initiative=initiative, created_by=actor)
    for name in ROW_FIELDS:
        if name in values:
            setattr(record, name, values[name])
    return record


def _write(
    initiative: Initiative,
    actor: User,
    index: InitiativeIndex,
    new: list[RowResult],
    merges: list[tuple[RowResult, str]],
) -> int:
    """Create, merge and tag the records in bulk; return how many organizations were added."""
    orgs = dict(index.organizations)
    needed = _missing_organizations(new + [r for r, _c in merges], index, new)
    org_rows = [r for r in new if r.values.get("kind") == Kind.ORGANIZATION]
    org_records = [_new_record(initiative, actor, r.values) for r in org_rows]
    placeholders = [
        Stakeholder(initiative=initiative, created_by=actor, kind=Kind.ORGANIZATION, name=name)
        for name in needed.values()
    ]
    Stakeholder.objects.bulk_create(org_records + placeholders, batch_size=BULK_BATCH_SIZE)
    for record in org_records + placeholders:
        orgs.setdefault(tabular.normalise(record.name), record.pk)

    def org_id(values: Mapping[str, object]) -> int | None:
        return orgs.get(tabular.normalise(str(values.get("organization") or "")))

    parented = []
    for record, row in zip(org_records, org_rows, strict=True):
        parent = org_id(row.values)
        if parent and parent != record.pk:
            record.organization_id = parent
            parented.append(record)
    Stakeholder.objects.bulk_update(parented, ["organization"], batch_size=BULK_BATCH_SIZE)

    person_rows = [r for r in new if r.values.get("kind") != Kind.ORGANIZATION]
    people = [
        {
            **{name: row.values[name] for name in ROW_FIELDS if name in row.values},
            "initiative_id": initiative.pk,
            "created_by_id": actor.pk,
            "organization_id": org_id(row.values),
        }
        for row in person_rows
    ]
    person_records = [Stakeholder(**values) for values in people]
    Stakeholder.objects.bulk_create(person_records, batch_size=BULK_BATCH_SIZE)
    person_ids = [int(record.pk) for record in person_records]

    created = [(record.pk, row) for record, row in zip(org_records, org_rows, strict=True)]
    created += list(zip(person_ids, person_rows, strict=True))
    moves = [(pk, "", str(row.values["circle"])) for pk, row in created if row.values.get("circle")]
    tagged = [(pk, _tags(row.values)) for pk, row in created]
    moves_merged, tagged_merged = _merge(actor, merges, org_id)
    now = timezone.now()
    CircleMove.objects.bulk_create(
        [
            CircleMove(
                stakeholder_id=pk, from_circle=old, to_circle=new, moved_at=now, moved_by=actor
            )
            for pk, old, new in moves + moves_merged
        ],
        batch_size=BULK_BATCH_SIZE,
    )
    _tag(initiative, tagged, tagged_merged)
    return len(placeholders)


def _is_blank(value: object) -> bool:
    return value in ("", None, False)


def _merge(
    actor: User,
    merges: list[tuple[RowResult, str]],
    org_id: Callable[[Mapping[str, object]], int | None],
) -> tuple[list[tuple[int, str, str]], list[tuple[int, list[str]]]]:
    """Apply merge/overwrite rows to their existing records; return circle moves and tags."""
    if not merges:
        return [], []
    existing = Stakeholder.objects.in_bulk([r.duplicate_of for r, _c in merges])
    changed: set[str] = set()
    moves: list[tuple[int, str, str]] = []
    tagged: list[tuple[int, list[str]]] = []
    for row, choice in merges:
        record = existing[row.duplicate_of or 0]
        values = dict(row.values)
        if values.get("organization"):
            values["organization_id"] = org_id(values)
        old_circle = record.circle
        for name in (*ROW_FIELDS, "organization_id"):
            if name not in values or _is_blank(values[name]) or name == "kind":
                continue
            current = getattr(record, name)
            if (choice == "overwrite" or _is_blank(current)) and current != values[name]:
                setattr(record, name, values[name])
                changed.add(name)
        if record.circle != old_circle:
            moves.append((record.pk, old_circle, record.circle))
        tagged.append((record.pk, _tags(values)))
    if changed:
        Stakeholder.objects.bulk_update(
            list(existing.values()), sorted(changed | {"updated_at"}), batch_size=BULK_BATCH_SIZE
        )
    return moves, tagged


def _tags(values: Mapping[str, object]) -> list[str]:
    tags = values.get("tags")
    return [str(t) for t in tags] if isinstance(tags, list) else []


def _tag(
    initiative: Initiative,
    new: Sequence[tuple[int, list[str]]],
    merged: Sequence[tuple[int, list[str]]],
) -> None:
    """Attach tags by name to new and merged records, creating missing tags in one go."""
    wanted: dict[str, str] = {}
    for _pk, names in (*new, *merged):
        for name in names:
            wanted.setdefault(str(name).lower(), str(name))
    if not wanted:
        return
    tags = {t.name.lower(): t.pk for t in Tag.objects.filter(initiative=initiative)}
    missing = [Tag(initiative=initiative, name=n) for k, n in wanted.items() if k not in tags]
    Tag.objects.bulk_create(missing, batch_size=BULK_BATCH_SIZE)
    tags.update({t.name.lower(): t.pk for t in missing})
    through = Stakeholder.tags.through
    fresh = {(pk, tags[name.lower()]) for pk, names in new for name in names}
    through.objects.bulk_create(
        [through(stakeholder_id=pk, tag_id=tag) for pk, tag in sorted(fresh)],
        batch_size=BULK_BATCH_SIZE,
    )
    # Merged records may carry some of these tags already.
    again = {(pk, tags[name.lower()]) for pk, names in merged for name in names}
    through.objects.bulk_create(
        [through(stakeholder_id=pk, tag_id=tag) for pk, tag in sorted(again)],
        batch_size=BULK_BATCH_SIZE,
        ignore_conflicts=True,
    )
